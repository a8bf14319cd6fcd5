// The AST dump used by `cairn parse --dump-ast` and the parser's golden tests: one node per
// line, indented by depth, with its kind, payload, flags and span. Absent optional children
// print as `<none>` so positions stay visible. Iterative: no recursion on the tree depth.
// Indentation stops growing at depth kMaxIndent: deeper lines start with `[depth] ` after
// the maximal indentation, so the dump of a deeply nested file stays linear in its size.
// Positions are computed in constant time per node, even on a file that is one long line.
#include <algorithm>
#include <fmt/core.h>

#include "compiler/base/quote.h"

#include "compiler/ast/ast.h"

namespace cairn::ast {

namespace {

constexpr uint32_t kMaxIndent = 64;

bool is_plain_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\''))
      return false;
  return true;
}

std::string name_text(const File& f, NodeId id) {
  if (f.name(id).index >= f.names().size()) return "<bad name>"; // never from the parser
  std::string_view s = f.name_text(id);
  return is_plain_name(s) ? std::string(s) : base::quoted(s);
}

// Line and column (in code points) of offsets, in constant time whatever the length of the
// line: SourceFile::line_col counts from the start of the line, which makes the dump of a
// file that is one long line quadratic.
class Positions {
public:
  explicit Positions(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    uint32_t points = 0;
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((i & (kBlock - 1)) == 0) block_points_.push_back(points);
      unsigned char c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) != 0x80) ++points;
      if (c == '\n') line_starts_.push_back(i + 1);
    }
  }

  base::LineCol at(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
    return {line, points(offset) - points(line_starts_[line - 1]) + 1};
  }

private:
  static constexpr uint32_t kBlock = 256;
  // Code points that start before `offset`.
  uint32_t points(uint32_t offset) const {
    if (block_points_.empty()) return 0;
    uint32_t block = offset / kBlock;
    if (block >= block_points_.size()) block = static_cast<uint32_t>(block_points_.size()) - 1;
    uint32_t n = block_points_[block];
    for (uint32_t i = block * kBlock; i < offset; ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;
    return n;
  }

  std::string_view text_;
  std::vector<uint32_t> line_starts_;
  std::vector<uint32_t> block_points_; // code points before each block of kBlock bytes
};

std::string describe(const File& f, const base::SourceFile& src, const Positions& pos, NodeId id) {
  const Node& n = f.node(id);
  std::string out(kind_name(n.kind));
  auto add = [&](std::string_view s) {
    out += ' ';
    out += s;
  };
  switch (n.kind) {
  case NodeKind::Bool: add(n.payload ? "true" : "false"); break;
  case NodeKind::Num: add(src.text().substr(n.span.begin, n.span.size())); break;
  case NodeKind::Str: if (n.flags & kStrMultiline) add("multiline"); break;
  case NodeKind::StrText: add(base::quoted(f.string(StringId(n.payload)))); break;
  case NodeKind::StrInterp: if (n.payload) add(fmt::format("indent={}", n.payload)); break;
  case NodeKind::DocAnnot: add(base::quoted(f.string(StringId(n.payload)))); break;
  case NodeKind::Import: add(base::quoted(f.string(StringId(n.payload)))); break;
  case NodeKind::SymStr:
  case NodeKind::Var:
  case NodeKind::EnumTag:
  case NodeKind::EnumVariant:
  case NodeKind::Name:
  case NodeKind::PatAny:
  case NodeKind::PatEnum:
  case NodeKind::PatField:
  case NodeKind::PatAlias:
  case NodeKind::EnumRow:
    add(name_text(f, id));
    break;
  case NodeKind::Include:
    add(name_text(f, id));
    if (n.flags & kIncludeList) add("list");
    break;
  case NodeKind::RecordTail:
    add((n.flags & kTailDyn) ? std::string("Dyn") : name_text(f, id));
    break;
  case NodeKind::BinOp: add(binop_spelling(static_cast<BinOpKind>(n.payload))); break;
  case NodeKind::OpSection:
    if (n.payload == kSectionNot) add("!");
    else if (n.payload == kSectionDot) add(".");
    else add(binop_spelling(static_cast<BinOpKind>(n.payload)));
    break;
  case NodeKind::TypeBuiltin: add(builtin_type_name(static_cast<BuiltinType>(n.payload))); break;
  case NodeKind::Record: if (n.flags & kRecordOpen) add("open"); break;
  case NodeKind::Let: if (n.flags & kLetRec) add("rec"); break;
  case NodeKind::TypeDict: add((n.flags & kDictContract) ? "contract" : "type"); break;
  case NodeKind::TypeEnum: if (n.flags & kEnumTail) add("tail"); break;
  case NodeKind::PatConst:
  case NodeKind::PriorityAnnot:
    if (n.flags & kNegative) add("negative");
    break;
  case NodeKind::PatRecord:
  case NodeKind::PatArray:
    if (n.flags & kOpen) add("open");
    if (n.flags & kRest) add("rest=" + name_text(f, id));
    break;
  case NodeKind::Error:
  case NodeKind::Null:
  case NodeKind::Array:
  case NodeKind::Fun:
  case NodeKind::If:
  case NodeKind::Match:
  case NodeKind::App:
  case NodeKind::Select:
  case NodeKind::Neg:
  case NodeKind::Not:
  case NodeKind::Annot:
  case NodeKind::Paren:
  case NodeKind::Forall:
  case NodeKind::TypeArray:
  case NodeKind::Wildcard:
  case NodeKind::PatWildcard:
  case NodeKind::PatOr:
  case NodeKind::Field:
  case NodeKind::FieldPath:
  case NodeKind::LetBinding:
  case NodeKind::MatchArm:
  case NodeKind::Meta:
  case NodeKind::TypeAnnot:
  case NodeKind::ContractAnnot:
  case NodeKind::DefaultAnnot:
  case NodeKind::ForceAnnot:
  case NodeKind::OptionalAnnot:
  case NodeKind::NotExportedAnnot: break;
  }
  base::LineCol b = pos.at(n.span.begin);
  base::LineCol e = pos.at(n.span.end);
  out += fmt::format(" @{}:{}-{}:{}", b.line, b.column, e.line, e.column);
  return out;
}

} // namespace

std::string dump(const File& f, const base::SourceFile& src) {
  std::string out;
  if (!f.root().valid()) return "<empty>\n";
  struct Item {
    NodeId id;
    uint32_t depth;
  };
  std::vector<Item> stack{{f.root(), 0}};
  Positions pos(src.text());
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    out.append(std::min(item.depth, kMaxIndent) * 2, ' ');
    if (item.depth > kMaxIndent) out += fmt::format("[{}] ", item.depth);
    if (!item.id.valid()) {
      out += "<none>\n";
      continue;
    }
    out += describe(f, src, pos, item.id);
    out += '\n';
    Children kids = f.children(item.id);
    for (uint32_t i = kids.size(); i > 0; --i) stack.push_back({kids[i - 1], item.depth + 1});
  }
  return out;
}

} // namespace cairn::ast
