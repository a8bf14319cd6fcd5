// The AST dump used by `cairn parse --dump-ast` and the parser's golden tests: one node per
// line, indented by depth, with its kind, payload, flags and span. Absent optional children
// print as `<none>` so positions stay visible. Iterative: no recursion on the tree depth.
// Indentation stops growing at depth kMaxIndent: deeper lines start with `[depth] ` after
// the maximal indentation, so the dump of a deeply nested file stays linear in its size.
#include <algorithm>
#include <fmt/core.h>

#include "compiler/ast/ast.h"

namespace cairn::ast {

namespace {

constexpr uint32_t kMaxIndent = 64;

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
      else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

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
  return is_plain_name(s) ? std::string(s) : quote(s);
}

std::string describe(const File& f, const base::SourceFile& src, NodeId id) {
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
  case NodeKind::StrText: add(quote(f.string(StringId(n.payload)))); break;
  case NodeKind::StrInterp: if (n.payload) add(fmt::format("indent={}", n.payload)); break;
  case NodeKind::DocAnnot: add(quote(f.string(StringId(n.payload)))); break;
  case NodeKind::Import: add(quote(f.string(StringId(n.payload)))); break;
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
  default: break;
  }
  base::LineCol b = src.line_col(n.span.begin);
  base::LineCol e = src.line_col(n.span.end);
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
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    out.append(std::min(item.depth, kMaxIndent) * 2, ' ');
    if (item.depth > kMaxIndent) out += fmt::format("[{}] ", item.depth);
    if (!item.id.valid()) {
      out += "<none>\n";
      continue;
    }
    out += describe(f, src, item.id);
    out += '\n';
    Children kids = f.children(item.id);
    for (uint32_t i = kids.size(); i > 0; --i) stack.push_back({kids[i - 1], item.depth + 1});
  }
  return out;
}

} // namespace cairn::ast
