// Lowering of record literals: field paths, pieces, metadata and the record's frame.
//
// `{ a.b = 1, a.c = 2, a | default = {}, "%{k}" = 3 }` becomes a RecordLit whose static
// field `a` has two pieces -- the nested (non-recursive) literal `{ b = 1, c = 2 }` built
// from the paths, and `{}` with default priority -- merged when the record is built, and
// one dynamic field. A literal whose fields refer to one another (resolve's `self_ref`)
// gets a frame of its own: slot i holds static field i (fields sorted by name index), the
// other slots hold the locals of its field bodies. The evaluator re-runs a field's code in
// a new frame after a merge (recursive overriding), so `self_ref` on a field says whether
// that is needed.
#include <algorithm>
#include <map>

#include "compiler/ast/kind_cases.h"
#include "compiler/lower/lower_impl.h"
#include "compiler/resolve/resolve_impl.h"
#include "compiler/value/number.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;

namespace {

struct Def {
  std::vector<NodeId> rest; // path elements after the one being grouped
  NodeId meta;
  NodeId value;
  NodeId field;   // the Field or Include node
  bool include = false;
};

struct Grouped {
  std::map<uint32_t, std::vector<Def>> statics; // by name index (sorted)
  std::vector<std::pair<NodeId, Def>> dynamics; // name expression, definition
};

} // namespace

class RecordLowering {
public:
  RecordLowering(Lowerer& l) : l_(l), f_(l.f_) {}

  void group(Grouped& g, std::vector<Def> defs) {
    for (Def& d : defs) {
      NodeId first = d.rest.front();
      d.rest.erase(d.rest.begin());
      if (std::optional<base::NameId> s = resolve::static_field_name(f_, l_.names_, first)) {
        g.statics[s->index].push_back(std::move(d));
      } else {
        g.dynamics.emplace_back(first, std::move(d));
      }
    }
  }

  ir::FieldPiece piece(const Def& d) {
    ir::FieldPiece p{};
    p.prio = value::PrioKind::Numeric;
    p.span = f_.span(d.field);
    if (d.include) p.value = l_.var(d.field);
    else if (d.value.valid()) p.value = l_.expr(d.value);
    if (d.meta.valid()) {
      std::vector<ir::ContractUse> uses = l_.contracts_of(d.meta);
      p.ncontracts = static_cast<uint32_t>(uses.size());
      p.contracts = uses.empty() ? nullptr : l_.copy(uses);
      for (NodeId a : f_.children(d.meta)) {
        switch (f_.kind(a)) {
        case NodeKind::DocAnnot: {
          std::string_view doc = f_.string(ast::StringId(f_.payload(a)));
          p.doc = l_.arena_.copy(doc.data(), doc.size());
          p.doc_size = static_cast<uint32_t>(doc.size());
          break;
        }
        case NodeKind::DefaultAnnot: p.prio = value::PrioKind::Default; break;
        case NodeKind::ForceAnnot: p.prio = value::PrioKind::Force; break;
        case NodeKind::PriorityAnnot: {
          p.prio = value::PrioKind::Numeric;
          const ir::Node* num = l_.number(f_.child(a, 0), f_.has_flag(a, ast::kNegative));
          p.priority = static_cast<const ir::Const*>(num)->value;
          break;
        }
        case NodeKind::OptionalAnnot: p.flags |= value::Field::kOptional; break;
        case NodeKind::NotExportedAnnot: p.flags |= value::Field::kNotExported; break;
        CAIRN_AST_EXPR_CASES
        CAIRN_AST_PAT_CASES
        case NodeKind::Name:
        case NodeKind::StrText:
        case NodeKind::StrInterp:
        case NodeKind::Field:
        case NodeKind::FieldPath:
        case NodeKind::Include:
        case NodeKind::RecordTail:
        case NodeKind::LetBinding:
        case NodeKind::MatchArm:
        case NodeKind::EnumRow:
        case NodeKind::Meta:
        case NodeKind::TypeAnnot:
        case NodeKind::ContractAnnot: break;
        }
      }
    }
    return p;
  }

  // The pieces of one field: each direct definition, plus one nested literal for all the
  // definitions that continue with a path.
  ir::FieldDef field(base::NameId name, NodeId name_expr, const std::vector<Def>& defs, int32_t frame) {
    uint64_t refs_before = frame >= 0 ? l_.frames_[frame].refs : 0;
    ir::FieldDef fd{};
    fd.name = name;
    std::vector<ir::FieldPiece> pieces;
    std::vector<Def> nested;
    for (const Def& d : defs) {
      if (d.rest.empty()) pieces.push_back(piece(d));
      else nested.push_back(d);
    }
    if (!nested.empty()) {
      ir::FieldPiece p{};
      p.prio = value::PrioKind::Numeric;
      NodeId first = nested.front().field;
      p.span = f_.span(first);
      p.value = nested_literal(std::move(nested), first);
      pieces.push_back(p);
    }
    if (name_expr.valid()) fd.name_expr = l_.expr(name_expr);
    fd.npieces = static_cast<uint32_t>(pieces.size());
    fd.pieces = l_.copy(pieces);
    fd.span = defs.empty() ? base::Span{} : f_.span(defs.front().field);
    fd.self_ref = frame >= 0 && l_.frames_[frame].refs != refs_before;
    return fd;
  }

  // A literal made of path continuations: not recursive, no frame.
  const ir::Node* nested_literal(std::vector<Def> defs, NodeId at) {
    if (!l_.check_depth(at)) return l_.constant(value::Value::null(), at);
    Grouped g;
    group(g, std::move(defs));
    return finish(g, at, -1, false);
  }

  const ir::Node* finish(Grouped& g, NodeId at, int32_t frame, bool open) {
    auto* lit = l_.arena_.make<ir::RecordLit>();
    lit->file = l_.m_.file;
    lit->span = f_.span(at);
    std::vector<ir::FieldDef> statics, dynamics;
    for (auto& [index, defs] : g.statics) statics.push_back(field(base::NameId(index), {}, defs, frame));
    for (auto& [name, def] : g.dynamics) dynamics.push_back(field({}, name, {def}, frame));
    lit->nstatic = static_cast<uint32_t>(statics.size());
    lit->statics = l_.copy(statics);
    lit->ndynamic = static_cast<uint32_t>(dynamics.size());
    lit->dynamics = l_.copy(dynamics);
    lit->open = open;
    lit->needs_frame = frame >= 0;
    lit->frame_size = frame >= 0 ? l_.frames_[frame].size : 0;
    bool simple = dynamics.empty();
    for (const ir::FieldDef& d : statics) {
      const ir::FieldPiece& p = d.pieces[0];
      if (d.npieces != 1 || p.flags || p.prio != value::PrioKind::Numeric || !p.priority.is_none() ||
          p.ncontracts || p.doc || !p.value)
        simple = false;
    }
    lit->simple = simple;
    auto* r = l_.node<ir::Record>(ir::Kind::Record, at);
    r->lit = lit;
    return r;
  }

  Lowerer& l_;
  const ast::File& f_;
};

const ir::Node* Lowerer::record(NodeId n, bool type_position) {
  (void)type_position;
  RecordLowering rl(*this);
  std::vector<Def> defs;
  bool open = f_.has_flag(n, ast::kRecordOpen);
  for (NodeId k : f_.children(n)) {
    switch (f_.kind(k)) {
    case NodeKind::Field: {
      NodeId path = f_.child(k, 0);
      if (!path.valid() || f_.children(path).empty()) continue;
      ast::Children elems = f_.children(path);
      defs.push_back(Def{std::vector<NodeId>(elems.begin(), elems.end()), f_.child(k, 1), f_.child(k, 2), k, false});
      break;
    }
    case NodeKind::Include: {
      // The Include node is both the path element (its name) and the variable.
      Def d{{}, f_.child(k, 0), {}, k, true};
      d.rest.push_back(k);
      defs.push_back(std::move(d));
      break;
    }
    case NodeKind::RecordTail: open = true; break;
    CAIRN_AST_EXPR_CASES
    CAIRN_AST_PAT_CASES
    case NodeKind::Name:
    case NodeKind::StrText:
    case NodeKind::StrInterp:
    case NodeKind::FieldPath:
    case NodeKind::LetBinding:
    case NodeKind::MatchArm:
    case NodeKind::EnumRow:
    case NodeKind::Meta:
    case NodeKind::TypeAnnot:
    case NodeKind::ContractAnnot:
    case NodeKind::DocAnnot:
    case NodeKind::DefaultAnnot:
    case NodeKind::ForceAnnot:
    case NodeKind::PriorityAnnot:
    case NodeKind::OptionalAnnot:
    case NodeKind::NotExportedAnnot: break;
    }
  }
  Grouped g;
  for (Def& d : defs) {
    if (d.include) {
      d.rest.clear();
      g.statics[f_.name(d.field).index].push_back(d);
    }
  }
  defs.erase(std::remove_if(defs.begin(), defs.end(), [](const Def& d) { return d.include; }), defs.end());
  rl.group(g, std::move(defs));
  int32_t frame = -1;
  if (m_.self_ref[n.index]) {
    frames_.push_back(Frame{});
    frame = static_cast<int32_t>(frames_.size() - 1);
    RecordFrame rf{static_cast<uint32_t>(frame), {}};
    for (auto& [index, ds] : g.statics) {
      (void)ds;
      rf.names.push_back(base::NameId(index));
      new_slot();
    }
    record_frames_[n.index] = std::move(rf);
  }
  const ir::Node* r = rl.finish(g, n, frame, open);
  if (frame >= 0) frames_.pop_back();
  return r;
}

} // namespace cairn::lower
