// The checks the parser makes after building the tree: a name bound twice in one pattern
// (`{ a, b = a }`, `[x, x]`, `x@{ x }`) is an error, `E0112`. Each alternative of an
// or-pattern binds its own names (the type checker compares them); the alternatives
// together count once. And a field path with a type but no definition (`{ x.y : T }`) is
// `E0115`: only a single name declares a field of a record type. See pattern_check.h.
#include "compiler/parse/pattern_check.h"
#include "compiler/ast/kind_cases.h"

#include <fmt/core.h>
#include <vector>

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {

struct Binder {
  base::NameId name;
  base::Span span;
};

class Checker {
public:
  Checker(const ast::File& file, const base::SourceFile& src, diag::Diagnostics& diags)
      : f_(file), src_(src), diags_(diags) {}

  // Binders of the pattern `root`, reporting duplicates; iterative over the pattern.
  void check(NodeId root) {
    std::vector<Binder> seen;
    collect(root, seen);
  }

private:
  void add(std::vector<Binder>& seen, base::NameId name, base::Span span) {
    for (const Binder& b : seen) {
      if (b.name != name) continue;
      diags_
          .error(diag::DiagKind::DuplicatePatternBinding, {f_.file_id(), span},
                 fmt::format("`{}` is bound twice in this pattern", f_.names().text(name)))
          .primary("bound again here")
          .label({f_.file_id(), b.span}, "first bound here")
          .help("use another name for one of them");
      return;
    }
    seen.push_back({name, span});
  }

  void collect(NodeId root, std::vector<Binder>& seen) {
    std::vector<NodeId> work{root};
    while (!work.empty()) {
      NodeId id = work.back();
      work.pop_back();
      if (id.valid() && id.index >= kRestBit) {
        NodeId pat(id.index - kRestBit);
        add(seen, f_.name(pat), rest_span(pat));
        continue;
      }
      if (!id.valid()) continue;
      const ast::Node& n = f_.node(id);
      switch (n.kind) {
      case NodeKind::PatAny: add(seen, f_.name(id), n.span); break;
      case NodeKind::PatAlias:
        add(seen, f_.name(id), name_span(n.span.begin, f_.name(id)));
        work.push_back(f_.child(id, 0));
        break;
      case NodeKind::PatRecord:
      case NodeKind::PatArray:
        // The `..rest` binder comes last in the source: after the elements.
        if (n.flags & ast::kRest) work.push_back(rest_marker(id));
        push_children(id, work);
        break;
      case NodeKind::PatField:
        // A field without a sub-pattern binds its own name.
        if (!f_.child(id, 2).valid())
          add(seen, f_.name(id), n.span);
        else
          work.push_back(f_.child(id, 2));
        break;
      case NodeKind::PatEnum: push_children(id, work); break;
      case NodeKind::PatOr: {
        // Each alternative on its own; the first one's names stand for all of them.
        std::vector<Binder> first;
        bool have_first = false;
        for (NodeId alt : f_.children(id)) {
          std::vector<Binder> own;
          collect(alt, own);
          if (!have_first) {
            first = std::move(own);
            have_first = true;
          }
        }
        for (const Binder& b : first) add(seen, b.name, b.span);
        break;
      }
      CAIRN_AST_EXPR_CASES
      case NodeKind::PatWildcard:
      case NodeKind::PatConst:
      CAIRN_AST_PART_CASES break; // constants, wildcards, errors
      }
    }
  }

  // Work items for a `..rest` binder: the pattern's id with a high bit (ids are far below).
  static constexpr uint32_t kRestBit = 0x80000000u;
  static NodeId rest_marker(NodeId pat) { return NodeId(pat.index | kRestBit); }

  // Children in source order on a LIFO work list.
  void push_children(NodeId id, std::vector<NodeId>& work) const {
    ast::Children kids = f_.children(id);
    for (uint32_t k = kids.size(); k > 0; --k) work.push_back(kids[k - 1]);
  }

  base::Span name_span(uint32_t begin, base::NameId name) const {
    return {begin, begin + static_cast<uint32_t>(f_.names().text(name).size())};
  }

  // Where `..rest` names its binder: the name just before the closing bracket.
  base::Span rest_span(NodeId pat) const {
    base::Span s = f_.span(pat);
    std::string_view text = src_.text();
    std::string_view name = f_.names().text(f_.name(pat));
    uint32_t e = s.end > 0 ? s.end - 1 : 0; // the closing bracket
    while (e > s.begin && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\n' ||
                           text[e - 1] == '\r'))
      --e;
    if (e >= s.begin + name.size() && text.substr(e - name.size(), name.size()) == name)
      return {static_cast<uint32_t>(e - name.size()), e};
    return s;
  }

  const ast::File& f_;
  const base::SourceFile& src_;
  diag::Diagnostics& diags_;
};

void typed_path_without_definition(const ast::File& f, NodeId n, diag::Diagnostics& diags) {
  NodeId path = f.child_or_none(n, 0), meta = f.child_or_none(n, 1);
  if (f.child_or_none(n, 2).valid() || !path.valid() || !meta.valid() || f.children(path).size() < 2) return;
  for (NodeId a : f.children(meta)) {
    if (f.kind(a) != NodeKind::TypeAnnot) continue;
    diags
        .error(diag::DiagKind::TypedFieldPathWithoutDefinition, {f.file_id(), f.span(a)},
               "a field path with a type annotation needs a definition")
        .primary("this type")
        .help("define the field (`x.y : T = ...`), or write a nested record type (`x : { y : T }`)");
    return;
  }
}

} // namespace

void check_patterns(const ast::File& file, const base::SourceFile& source,
                    diag::Diagnostics& diags) {
  Checker checker(file, source, diags);
  for (uint32_t i = 0; i < file.node_count(); ++i) {
    NodeId id(i);
    switch (file.kind(id)) {
    case NodeKind::LetBinding:
    case NodeKind::MatchArm: checker.check(file.child(id, 0)); break;
    case NodeKind::Fun: {
      ast::Children kids = file.children(id);
      for (uint32_t k = 0; k + 1 < kids.size(); ++k) checker.check(kids[k]);
      break;
    }
    case NodeKind::Field: typed_path_without_definition(file, id, diags); break;
    case NodeKind::Error:
    case NodeKind::Var:
    case NodeKind::Record:
    case NodeKind::Array:
    case NodeKind::Let:
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
    case NodeKind::FieldPath:
    case NodeKind::Include:
    case NodeKind::RecordTail:
    case NodeKind::EnumRow:
    case NodeKind::Meta:
    CAIRN_AST_ANNOT_CASES break;
    }
  }
}

} // namespace cairn::parse
