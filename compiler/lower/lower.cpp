// Lowering of expressions; see lower.h. Applications and operators, records, patterns and
// types are in their own files.
#include <fmt/core.h>

#include "compiler/ast/kind_cases.h"
#include "compiler/base/stack.h"
#include "compiler/lower/lower_impl.h"
#include "compiler/lower/strict.h"
#include "compiler/value/number.h"
#include "compiler/value/string.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;
using resolve::Binding;

Lowerer::Lowerer(resolve::Program& program, resolve::Module& module, diag::Diagnostics& diags,
                 const Guards* guards)
    : program_(program), m_(module), guards_(guards), f_(module.ast), names_(program.names),
      arena_(program.ir_arena), diags_(diags) {}

void Lowerer::error(diag::DiagKind kind, NodeId at, std::string message) {
  ok_ = false;
  diags_.error(kind, f_.loc(at), std::move(message));
}

bool Lowerer::check_depth(NodeId at) {
  if (!base::stack_exhausted()) return true;
  if (ok_) error(diag::DiagKind::NestingTooDeep, at, "expression nested too deeply to evaluate");
  ok_ = false;
  return false;
}

uint32_t Lowerer::new_slot() { return frames_.back().size++; }

void Lowerer::assign_slot(NodeId binder, uint32_t slot) {
  binder_slots_[binder.index] = SlotRef{static_cast<uint32_t>(frames_.size() - 1), slot};
}

const ir::Node* Lowerer::module_root() {
  NodeId root = f_.root();
  auto* lam = node<ir::Lambda>(ir::Kind::Lambda, root);
  frames_.push_back(Frame{});
  lam->arity = 0;
  lam->body = expr(root);
  lam->frame_size = frames_.back().size;
  frames_.pop_back();
  return lam;
}

const ir::Node* Lowerer::constant(value::Value v, NodeId at) {
  auto* c = node<ir::Const>(ir::Kind::Const, at);
  c->value = v;
  return c;
}

const ir::Node* Lowerer::prim(ir::PrimOp op, NodeId at, std::initializer_list<const ir::Node*> args) {
  auto* p = node<ir::Prim>(ir::Kind::Prim, at);
  p->aux = static_cast<uint16_t>(op);
  std::vector<const ir::Node*> v(args);
  p->nargs = static_cast<uint32_t>(v.size());
  p->args = array(v);
  return p;
}

const ir::Node* Lowerer::number(NodeId n, bool negative) {
  base::Span s = f_.span(n);
  std::string_view text = program_.sources.get(m_.file).text().substr(s.begin, s.size());
  std::optional<value::Value> v = value::num::parse_literal(arena_, text);
  if (!v) {
    error(diag::DiagKind::InvalidNumber, n, fmt::format("invalid number `{}`", text));
    return constant(value::Value::small_int(0), n);
  }
  return constant(negative ? value::num::neg(arena_, *v) : *v, n);
}

std::optional<std::string> Lowerer::static_string(NodeId n) {
  if (f_.kind(n) != NodeKind::Str) return std::nullopt;
  std::string text;
  for (NodeId k : f_.children(n)) {
    if (f_.kind(k) != NodeKind::StrText) return std::nullopt;
    text += f_.string(ast::StringId(f_.payload(k)));
  }
  return text;
}

const ir::Node* Lowerer::expr(NodeId n) {
  if (!check_depth(n)) return constant(value::Value::null(), n);
  switch (f_.kind(n)) {
  case NodeKind::Null: return constant(value::Value::null(), n);
  case NodeKind::Bool: return constant(value::Value::boolean(f_.payload(n) != 0), n);
  case NodeKind::Num: return number(n, false);
  case NodeKind::Str: return string(n);
  case NodeKind::SymStr: return symbolic_string(n);
  case NodeKind::Var: return var(n);
  case NodeKind::EnumTag: return constant(value::Value::enum_tag(f_.name(n)), n);
  case NodeKind::EnumVariant: {
    auto* v = node<ir::Variant>(ir::Kind::Variant, n);
    v->tag = f_.name(n);
    v->arg = expr(f_.child(n, 0));
    return v;
  }
  case NodeKind::Record: return record(n, false);
  case NodeKind::Array: {
    auto* a = node<ir::Array>(ir::Kind::Array, n);
    std::vector<const ir::Node*> elems;
    for (NodeId k : f_.children(n)) elems.push_back(expr(k));
    a->size = static_cast<uint32_t>(elems.size());
    a->elems = array(elems);
    return a;
  }
  case NodeKind::Let: return let(n);
  case NodeKind::Fun: return fun(n);
  case NodeKind::If: {
    auto* i = node<ir::If>(ir::Kind::If, n);
    i->cond = expr(f_.child(n, 0));
    i->then_ = expr(f_.child(n, 1));
    i->else_ = expr(f_.child(n, 2));
    return i;
  }
  case NodeKind::Match: {
    // A match on its own is a function of one argument.
    auto* lam = node<ir::Lambda>(ir::Kind::Lambda, n);
    frames_.push_back(Frame{});
    uint32_t slot = new_slot();
    auto* arg = node<ir::Var>(ir::Kind::Var, n);
    arg->depth = 0;
    arg->slot = slot;
    lam->arity = 1;
    lam->body = match_on(n, arg, n);
    lam->frame_size = frames_.back().size;
    frames_.pop_back();
    return lam;
  }
  case NodeKind::App: return app(n);
  case NodeKind::Select: return select(n);
  case NodeKind::Neg: return prim(ir::PrimOp::Neg, n, {expr(f_.child(n, 0))});
  case NodeKind::Not: return prim(ir::PrimOp::Not, n, {expr(f_.child(n, 0))});
  case NodeKind::BinOp: return binop(n);
  case NodeKind::OpSection: return section(n);
  case NodeKind::Annot: return annotated(expr(f_.child(n, 0)), f_.child(n, 1), n);
  case NodeKind::Import: {
    auto it = m_.imports.find(n.index);
    if (it == m_.imports.end()) {
      error(diag::DiagKind::ImportNotFound, n, "import was not resolved");
      return constant(value::Value::null(), n);
    }
    auto* i = node<ir::Import>(ir::Kind::Import, n);
    i->module = it->second;
    return i;
  }
  case NodeKind::Paren: return expr(f_.child(n, 0));
  case NodeKind::Forall:
  case NodeKind::TypeBuiltin:
  case NodeKind::TypeArray:
  case NodeKind::TypeDict:
  case NodeKind::TypeEnum:
  case NodeKind::Wildcard: return contract(n);
  case NodeKind::Error:
  CAIRN_AST_PAT_CASES
  CAIRN_AST_PART_CASES break;
  }
  error(diag::DiagKind::NotImplemented, n, "this expression cannot be evaluated");
  return constant(value::Value::null(), n);
}

const ir::Node* Lowerer::slot_var(SlotRef ref, NodeId at, base::NameId name) {
  auto* v = node<ir::Var>(ir::Kind::Var, at);
  v->depth = static_cast<uint32_t>(frames_.size() - 1 - ref.frame);
  v->slot = ref.slot;
  v->name = name;
  frames_[ref.frame].refs++;
  return v;
}

const ir::Node* Lowerer::var(NodeId n) {
  const Binding& b = m_.bindings[n.index];
  switch (b.kind) {
  case Binding::Local: {
    auto it = binder_slots_.find(b.binder.index);
    if (it == binder_slots_.end()) break;
    return slot_var(it->second, n, f_.name(n));
  }
  case Binding::RecField: {
    auto it = record_frames_.find(b.binder.index);
    if (it == record_frames_.end()) break;
    base::NameId name = f_.name(n);
    const std::vector<base::NameId>& names = it->second.names;
    auto pos = std::lower_bound(names.begin(), names.end(), name);
    if (pos == names.end() || *pos != name) break;
    auto* v = node<ir::Var>(ir::Kind::Var, n);
    v->depth = static_cast<uint32_t>(frames_.size() - 1 - it->second.frame);
    v->slot = static_cast<uint32_t>(pos - names.begin());
    v->name = name;
    frames_[it->second.frame].refs++;
    if (guards_)
      if (auto g = guards_->find(n.index); g != guards_->end()) return guarded(v, n, g->second);
    return v;
  }
  case Binding::TypeVar: {
    // Bound by the function a `forall` lowers to (lower_types.cpp); a type variable outside
    // a contract (a static type's) checks nothing.
    auto it = binder_slots_.find(b.binder.index);
    if (it == binder_slots_.end()) return builtin_contract(value::ContractKind::Dyn, n);
    return slot_var(it->second, n, f_.name(n));
  }
  case Binding::Std: return node<ir::Std>(ir::Kind::Std, n);
  case Binding::Prim:
    error(diag::DiagKind::UnboundIdentifier, n, "`__prim` must be used as `__prim.name`");
    return constant(value::Value::null(), n);
  case Binding::None:
  case Binding::Unbound: break;
  }
  error(diag::DiagKind::UnboundIdentifier, n, fmt::format("unresolved identifier `{}`", f_.name_text(n)));
  return constant(value::Value::null(), n);
}

const ir::Node* Lowerer::let(NodeId n) {
  ast::Children kids = f_.children(n);
  uint32_t nbind = kids.size() - 1;
  // Binders get their slots first: values of `let rec` and the body refer to them.
  std::vector<uint32_t> slots(nbind);
  std::vector<const ir::Pattern*> patterns(nbind, nullptr);
  for (uint32_t i = 0; i < nbind; ++i) {
    NodeId p = f_.child(kids[i], 0);
    slots[i] = new_slot();
    if (f_.kind(p) == NodeKind::PatAny) assign_slot(p, slots[i]);
    else patterns[i] = pattern(p);
  }
  std::vector<const ir::Node*> values(nbind);
  for (uint32_t i = 0; i < nbind; ++i) {
    NodeId b = kids[i];
    if (f_.kind(f_.child(b, 0)) == NodeKind::PatAny && f_.kind(f_.child(b, 2)) == NodeKind::Fun)
      pending_name_ = f_.name(f_.child(b, 0));
    values[i] = annotated(expr(f_.child(b, 2)), f_.child(b, 1), b);
    pending_name_ = {};
    note_inline_candidate(n, b);
  }
  const ir::Node* body = expr(kids.back());
  for (uint32_t i = nbind; i-- > 0;) {
    if (patterns[i]) {
      auto* scrut = node<ir::Var>(ir::Kind::Var, kids[i]);
      scrut->depth = 0;
      scrut->slot = slots[i];
      auto* m = node<ir::Match>(ir::Kind::Match, kids[i]);
      m->flags = ir::Match::kDestructure;
      m->scrutinee = scrut;
      m->narms = 1;
      m->arms = copy(std::vector<ir::MatchArm>{{patterns[i], nullptr, body}});
      body = m;
    }
  }
  for (uint32_t i = nbind; i-- > 0;) {
    auto* l = node<ir::Let>(ir::Kind::Let, kids[i]);
    l->slot = slots[i];
    l->value = values[i];
    l->body = body;
    if (!(f_.flags(n) & ast::kLetRec) && surely_forces(body, slots[i])) l->flags |= ir::Let::kStrict;
    body = l;
  }
  return body;
}

const ir::Node* Lowerer::fun(NodeId n) {
  ast::Children kids = f_.children(n);
  uint32_t arity = kids.size() - 1;
  auto* lam = node<ir::Lambda>(ir::Kind::Lambda, n);
  lam->name = pending_name_;
  pending_name_ = {};
  frames_.push_back(Frame{});
  for (uint32_t i = 0; i < arity; ++i) new_slot();
  std::vector<const ir::Pattern*> patterns(arity, nullptr);
  for (uint32_t i = 0; i < arity; ++i) {
    NodeId p = kids[i];
    if (f_.kind(p) == NodeKind::PatAny) assign_slot(p, i);
    else if (f_.kind(p) != NodeKind::PatWildcard) patterns[i] = pattern(p);
  }
  const ir::Node* body = expr(kids.back());
  for (uint32_t i = arity; i-- > 0;) {
    if (!patterns[i]) continue;
    auto* scrut = node<ir::Var>(ir::Kind::Var, kids[i]);
    scrut->depth = 0;
    scrut->slot = i;
    auto* m = node<ir::Match>(ir::Kind::Match, kids[i]);
    m->flags = ir::Match::kDestructure;
    m->scrutinee = scrut;
    m->narms = 1;
    m->arms = copy(std::vector<ir::MatchArm>{{patterns[i], nullptr, body}});
    body = m;
  }
  lam->arity = arity;
  lam->body = body;
  lam->frame_size = frames_.back().size;
  frames_.pop_back();
  return lam;
}

const ir::Node* Lowerer::string(NodeId n) {
  if (std::optional<std::string> text = static_string(n)) return constant(value::str::make(arena_, *text), n);
  auto* interp = node<ir::Interp>(ir::Kind::Interp, n);
  std::vector<ir::InterpPart> parts;
  for (NodeId k : f_.children(n)) {
    if (f_.kind(k) == NodeKind::StrText) {
      std::string_view text = f_.string(ast::StringId(f_.payload(k)));
      if (text.empty()) continue;
      parts.push_back({nullptr, value::str::make(arena_, text).as<value::String>(), 0});
    } else {
      parts.push_back({expr(f_.child(k, 0)), nullptr, f_.payload(k)});
    }
  }
  interp->nparts = static_cast<uint32_t>(parts.size());
  interp->parts = copy(parts);
  return interp;
}

const ir::Node* Lowerer::symbolic_string(NodeId n) {
  // `p-s%"a %{x} b"%` is the record { tag = 'SymbolicString, prefix = 'p, fragments = [..] }.
  std::vector<const ir::Node*> fragments;
  for (NodeId k : f_.children(n)) {
    if (f_.kind(k) == NodeKind::StrText)
      fragments.push_back(constant(value::str::make(arena_, f_.string(ast::StringId(f_.payload(k)))), k));
    else fragments.push_back(expr(f_.child(k, 0)));
  }
  auto* frag = node<ir::Array>(ir::Kind::Array, n);
  frag->size = static_cast<uint32_t>(fragments.size());
  frag->elems = array(fragments);
  std::vector<std::pair<base::NameId, const ir::Node*>> fields = {
      {names_.intern("tag"), constant(value::Value::enum_tag(names_.intern("SymbolicString")), n)},
      {names_.intern("prefix"), constant(value::Value::enum_tag(base::NameId(f_.payload(n))), n)},
      {names_.intern("fragments"), frag},
  };
  std::sort(fields.begin(), fields.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<ir::FieldDef> defs;
  for (auto& [name, value] : fields) {
    ir::FieldPiece piece{};
    piece.value = value;
    piece.span = f_.span(n);
    ir::FieldDef d{};
    d.name = name;
    d.npieces = 1;
    d.pieces = copy(std::vector<ir::FieldPiece>{piece});
    d.span = f_.span(n);
    defs.push_back(d);
  }
  auto* lit = arena_.make<ir::RecordLit>();
  lit->file = m_.file;
  lit->span = f_.span(n);
  lit->nstatic = static_cast<uint32_t>(defs.size());
  lit->statics = copy(defs);
  lit->simple = true;
  auto* r = node<ir::Record>(ir::Kind::Record, n);
  r->lit = lit;
  return r;
}

const ir::Node* Lowerer::match_on(NodeId match, const ir::Node* scrutinee, NodeId at) {
  auto* m = node<ir::Match>(ir::Kind::Match, at);
  m->scrutinee = scrutinee;
  std::vector<ir::MatchArm> arms;
  for (NodeId arm : f_.children(match)) {
    ir::MatchArm a{};
    a.pattern = pattern(f_.child(arm, 0));
    NodeId guard = f_.child(arm, 1);
    a.guard = guard.valid() ? expr(guard) : nullptr;
    a.body = expr(f_.child(arm, 2));
    arms.push_back(a);
  }
  m->narms = static_cast<uint32_t>(arms.size());
  m->arms = copy(arms);
  m->span = f_.span(match);
  return m;
}

const ir::Node* Lowerer::annotated(const ir::Node* value, NodeId meta, NodeId at) {
  if (!meta.valid()) return value;
  std::vector<ir::ContractUse> uses = contracts_of(meta);
  if (uses.empty()) return value;
  auto* a = node<ir::Annot>(ir::Kind::Annot, at);
  a->value = value;
  a->ncontracts = static_cast<uint32_t>(uses.size());
  a->contracts = copy(uses);
  return a;
}

bool lower_module(resolve::Program& program, resolve::Module& module, diag::Diagnostics& diags,
                  const Guards* guards) {
  if (module.ir) return true;
  Lowerer l(program, module, diags, guards);
  const ir::Node* root = nullptr;
  base::run_with_large_stack([&] { root = l.module_root(); });
  if (!l.ok()) return false;
  module.ir = root;
  return true;
}

} // namespace cairn::lower
