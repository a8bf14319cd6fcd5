// The names in scope at an offset of the root module (see analysis.h), for completion:
// walking from the innermost node at the offset out to the root, each enclosing `let`,
// function, match arm and recursive record adds the names its patterns or fields bind,
// innermost first.
#include "compiler/ast/kind_cases.h"
#include "compiler/lsp/analysis.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

std::vector<std::pair<std::string, Ref>> Analysis::scope_at(uint32_t offset) {
  std::vector<std::pair<std::string, Ref>> out;
  if (!root_) return out;
  const ast::File& f = root_->ast;
  const resolve::Module* m = root_;
  auto patterns = [&](NodeId pat) {
    std::vector<NodeId> work{pat};
    int budget = kBudget;
    while (!work.empty() && budget-- > 0) {
      NodeId n = work.back();
      work.pop_back();
      if (!n.valid()) continue;
      switch (f.kind(n)) {
      case NodeKind::PatAny:
      case NodeKind::PatAlias: out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}}); break;
      case NodeKind::PatField:
        if (!f.child_or_none(n, 2).valid()) out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}});
        break;
      case NodeKind::PatRecord:
      case NodeKind::PatArray:
        if (f.has_flag(n, ast::kRest)) out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}});
        break;
      CAIRN_AST_EXPR_CASES
      case NodeKind::PatWildcard:
      case NodeKind::PatConst:
      case NodeKind::PatEnum:
      case NodeKind::PatOr:
      CAIRN_AST_PART_CASES break;
      }
      if (f.kind(n) != NodeKind::PatAny)
        for (NodeId c : f.children(n)) work.push_back(c);
    }
  };
  NodeId n = node_at(offset);
  for (int steps = 0; n.valid() && steps < 100000; ++steps) {
    switch (f.kind(n)) {
    case NodeKind::Let:
      for (NodeId b : f.children(n))
        if (b.valid() && f.kind(b) == NodeKind::LetBinding) patterns(f.child_or_none(b, 0));
      break;
    case NodeKind::Fun: {
      auto ch = f.children(n);
      for (uint32_t i = 0; i + 1 < ch.size(); ++i) patterns(ch[i]);
      break;
    }
    case NodeKind::MatchArm: patterns(f.child_or_none(n, 0)); break;
    case NodeKind::Record:
      for (NodeId c : f.children(n))
        if (c.valid() && f.kind(c) == NodeKind::Field) {
          std::string name = element_name(f, path_element(f, c, 0));
          if (!name.empty()) out.push_back({name, Ref{m, c, 0}});
        }
      break;
    case NodeKind::Error:
    case NodeKind::Var:
    case NodeKind::Array:
    case NodeKind::Select:
    case NodeKind::BinOp:
    case NodeKind::Annot:
    case NodeKind::Import:
    case NodeKind::Paren:
    CAIRN_AST_LITERAL_CASES
    CAIRN_AST_OPERATION_CASES
    CAIRN_AST_TYPE_FORM_CASES
    CAIRN_AST_PAT_CASES
    case NodeKind::Name:
    case NodeKind::StrText:
    case NodeKind::StrInterp:
    case NodeKind::Field:
    case NodeKind::FieldPath:
    case NodeKind::Include:
    case NodeKind::RecordTail:
    case NodeKind::LetBinding:
    case NodeKind::EnumRow:
    case NodeKind::Meta:
    CAIRN_AST_ANNOT_CASES break;
    }
    NodeId p = parent(m, n);
    if (p == n) break;
    n = p;
  }
  if (auto s = std_root()) out.push_back({"std", *s});
  return out;
}

} // namespace cairn::lsp
