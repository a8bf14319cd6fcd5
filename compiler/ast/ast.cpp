// The node store; see ast.h.
#include "compiler/ast/ast.h"

namespace cairn::ast {

namespace {
constexpr std::string_view kKindNames[] = {
#define CAIRN_AST_NODE(Name, Category) #Name,
#include "compiler/ast/node_kind.def"
};
constexpr Category kKindCategories[] = {
#define CAIRN_AST_NODE(Name, Cat) Category::Cat,
#include "compiler/ast/node_kind.def"
};
constexpr std::string_view kBinOpSpellings[] = {
#define CAIRN_BINOP(Name, Spelling) Spelling,
#include "compiler/ast/binop.def"
};
} // namespace

std::string_view kind_name(NodeKind k) { return kKindNames[static_cast<size_t>(k)]; }
Category kind_category(NodeKind k) { return kKindCategories[static_cast<size_t>(k)]; }
std::string_view binop_spelling(BinOpKind op) { return kBinOpSpellings[static_cast<size_t>(op)]; }

std::string_view builtin_type_name(BuiltinType t) {
  switch (t) {
  case BuiltinType::Dyn: return "Dyn";
  case BuiltinType::Number: return "Number";
  case BuiltinType::Bool: return "Bool";
  case BuiltinType::String: return "String";
  }
  return "Dyn";
}

NodeId File::add(NodeKind kind, base::Span span, const NodeId* children, uint32_t count, uint32_t payload,
                 uint8_t flags) {
  Node n{kind, flags, 0, payload, static_cast<uint32_t>(children_.size()), count, span};
  children_.insert(children_.end(), children, children + count);
  nodes_.push_back(n);
  if (kind == NodeKind::Error) has_error_ = true;
  return NodeId(static_cast<uint32_t>(nodes_.size() - 1));
}

StringId File::add_string(std::string_view text) {
  strings_.emplace_back(static_cast<uint32_t>(string_data_.size()), static_cast<uint32_t>(text.size()));
  string_data_.append(text);
  return StringId(static_cast<uint32_t>(strings_.size() - 1));
}

size_t File::memory_bytes() const {
  return nodes_.capacity() * sizeof(Node) + children_.capacity() * sizeof(NodeId) +
         strings_.capacity() * sizeof(strings_[0]) + string_data_.capacity();
}

} // namespace cairn::ast
