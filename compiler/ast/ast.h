// The abstract syntax tree of one source file.
//
// Nodes live in one vector and are addressed by `NodeId`; each node has a kind (see
// node_kind.def for the layout of every kind), a byte span, a 32-bit payload whose meaning
// depends on the kind (a NameId, a StringId, an operator), 8 flag bits, and a contiguous
// run of child ids. Children are created before their parent, so a parent's id is always
// greater than its children's ids. An optional child that is absent is an invalid NodeId.
//
// The tree is always well formed, even for broken input: the parser turns what it could not
// understand into `Error` nodes and sets `has_error`, so the formatter and the language
// server keep working on half-typed code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/ids.h"
#include "compiler/base/names.h"
#include "compiler/base/source.h"

namespace cairn::parse {
struct ImageAccess;
}

namespace cairn::ast {

enum class NodeKind : uint8_t {
#define CAIRN_AST_NODE(Name, Category) Name,
#include "compiler/ast/node_kind.def"
};
enum class Category : uint8_t { Expr, Pat, Part };

std::string_view kind_name(NodeKind k);
Category kind_category(NodeKind k);

enum class BinOpKind : uint8_t {
#define CAIRN_BINOP(Name, Spelling) Name,
#include "compiler/ast/binop.def"
};
std::string_view binop_spelling(BinOpKind op);

enum class NumBase : uint8_t { Dec, Hex, Oct, Bin };
enum class BuiltinType : uint8_t { Dyn, Number, Bool, String };
std::string_view builtin_type_name(BuiltinType t);

// OpSection payloads beyond the binary operators.
inline constexpr uint32_t kSectionNot = 100;
inline constexpr uint32_t kSectionDot = 101;

// Flag bits.
inline constexpr uint8_t kStrMultiline = 1; // Str
inline constexpr uint8_t kRecordOpen = 1;   // Record: `..`
inline constexpr uint8_t kLetRec = 1;       // Let
inline constexpr uint8_t kDictContract = 1; // TypeDict: `{_ | T}`
inline constexpr uint8_t kEnumTail = 1;     // TypeEnum: `; r`
inline constexpr uint8_t kNegative = 1;     // PatConst, PriorityAnnot
inline constexpr uint8_t kOpen = 1;         // PatRecord, PatArray: `..`
inline constexpr uint8_t kRest = 2;         // PatRecord, PatArray: `..name`
inline constexpr uint8_t kIncludeList = 1;  // Include from `include [a, b]`
inline constexpr uint8_t kTailDyn = 1;      // RecordTail: `; Dyn`

struct NodeTag;
using NodeId = base::Id<NodeTag>;
struct StringTag;
using StringId = base::Id<StringTag>;

struct Node {
  NodeKind kind;
  uint8_t flags;
  uint16_t reserved;
  uint32_t payload;
  uint32_t first_child;
  uint32_t child_count;
  base::Span span;
};
static_assert(sizeof(Node) == 24, "ast::Node is hot: keep it small");

// A view of a node's children.
struct Children {
  const NodeId* begin_;
  const NodeId* end_;
  const NodeId* begin() const { return begin_; }
  const NodeId* end() const { return end_; }
  uint32_t size() const { return static_cast<uint32_t>(end_ - begin_); }
  bool empty() const { return begin_ == end_; }
  NodeId operator[](uint32_t i) const { return begin_[i]; }
  NodeId back() const { return end_[-1]; }
};

class File {
public:
  File() = default;
  File(base::FileId file, base::Names* names) : file_(file), names_(names) {}

  base::FileId file_id() const { return file_; }
  base::Names& names() const { return *names_; }
  NodeId root() const { return root_; }
  void set_root(NodeId root) { root_ = root; }
  bool has_error() const { return has_error_; }
  void set_has_error() { has_error_ = true; }

  // Appends a node whose children are `children` (in order).
  NodeId add(NodeKind kind, base::Span span, const NodeId* children, uint32_t count, uint32_t payload = 0,
             uint8_t flags = 0);
  NodeId add(NodeKind kind, base::Span span, std::initializer_list<NodeId> children = {}, uint32_t payload = 0,
             uint8_t flags = 0) {
    return add(kind, span, children.begin(), static_cast<uint32_t>(children.size()), payload, flags);
  }
  StringId add_string(std::string_view text);

  const Node& node(NodeId id) const { return nodes_[id.index]; }
  NodeKind kind(NodeId id) const { return nodes_[id.index].kind; }
  base::Span span(NodeId id) const { return nodes_[id.index].span; }
  base::Loc loc(NodeId id) const { return {file_, nodes_[id.index].span}; }
  uint32_t payload(NodeId id) const { return nodes_[id.index].payload; }
  uint8_t flags(NodeId id) const { return nodes_[id.index].flags; }
  bool has_flag(NodeId id, uint8_t flag) const { return (nodes_[id.index].flags & flag) != 0; }
  Children children(NodeId id) const {
    const Node& n = nodes_[id.index];
    const NodeId* b = children_.data() + n.first_child;
    return {b, b + n.child_count};
  }
  NodeId child(NodeId id, uint32_t i) const { return children(id)[i]; }
  // The i-th child, or an invalid id when the node has fewer (error recovery left it out).
  NodeId child_or_none(NodeId id, uint32_t i) const {
    Children c = children(id);
    return i < c.size() ? c[i] : NodeId();
  }
  base::NameId name(NodeId id) const { return base::NameId(nodes_[id.index].payload); }
  std::string_view name_text(NodeId id) const { return names_->text(name(id)); }
  std::string_view string(StringId id) const {
    auto [offset, length] = strings_[id.index];
    return std::string_view(string_data_).substr(offset, length);
  }
  uint32_t node_count() const { return static_cast<uint32_t>(nodes_.size()); }
  void reserve(size_t nodes) { nodes_.reserve(nodes); children_.reserve(nodes); }
  // Reserves room for `count` string literals of `bytes` bytes in all (the parser's guess
  // from the source size); untouched reserved memory costs no resident memory.
  void reserve_strings(size_t count, size_t bytes) {
    strings_.reserve(count);
    string_data_.reserve(bytes);
  }
  // Bytes held by the tree's vectors (for benchmarks).
  size_t memory_bytes() const;

private:
  friend struct ::cairn::parse::ImageAccess; // compiler/parse/ast_image.cpp
  base::FileId file_;
  base::Names* names_ = nullptr;
  NodeId root_;
  bool has_error_ = false;
  std::vector<Node> nodes_;
  std::vector<NodeId> children_;
  std::vector<std::pair<uint32_t, uint32_t>> strings_;
  std::string string_data_;
};

// Prints the tree as stable indented text, one node per line with its span as
// line:col-line:col (for golden tests and `cairn parse --dump-ast`). Below depth 64 the
// indentation stays put and lines start with `[depth] `.
std::string dump(const File& file, const base::SourceFile& source);

} // namespace cairn::ast
