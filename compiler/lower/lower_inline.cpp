// Inlining of small let-bound functions, and floating of strict operands; see lower.h.
//
// A call `f a b` where `f` is bound by a non-recursive `let f = fun x y => body` without
// annotations, every parameter a plain name, and `body` small, is lowered as `body` itself
// in the caller's frame: each parameter becomes an alias of the argument when that is a
// local variable (the call would have passed the variable's slot content, thunk or value,
// unchanged), else a new slot of the caller's frame bound by a `let` to the argument, which
// stays lazy exactly as a call argument does (`Machine::delay`). Free variables of `body`
// are bound outside the `let` of `f`, so their frames enclose every call site. A call with
// more arguments applies the inlined body to the rest. What is saved is the closure call:
// its frame, the value stack traffic and the return.
//
// Binders resolve by identity (resolve's bindings), so shadowing cannot capture a name;
// `let rec` functions and functions whose binding has a type or contract are never inlined
// (the first may recurse, the second is wrapped by its contract). Inlining inside an
// inlined body goes `kMaxInlineDepth` deep at most, and only bodies of at most
// `kMaxInlineNodes` syntax nodes are inlined, so the code grows by a bounded factor.
// Errors point at the same source as before: the body's nodes keep their spans.
//
// Floating: `(let x = e in b) < k` is lowered as `let x = e in (b < k)` when the operator
// forces its first operand (that operand is evaluated first anyway, and `k` cannot see
// `x`), and `(if c then t else u) < k` as `if c then t < k else u < k` when `k` is a
// constant, so an inlined comparison's operators run on the fast path (fast.h) instead of
// through frames.
#include "compiler/lower/lower_impl.h"
#include "compiler/lower/strict.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;
using resolve::Binding;

namespace {
constexpr uint32_t kMaxInlineNodes = 40;
constexpr uint32_t kMaxInlineDepth = 2;
constexpr int kMaxFloatBranches = 4;

// Whether the subtree at `n` has at most `limit` nodes (an explicit stack: no recursion).
bool small_tree(const ast::File& f, NodeId n, uint32_t limit) {
  std::vector<NodeId> work{n};
  uint32_t count = 0;
  while (!work.empty()) {
    NodeId k = work.back();
    work.pop_back();
    if (!k.valid()) continue;
    if (++count > limit) return false;
    for (NodeId c : f.children(k)) work.push_back(c);
  }
  return true;
}
} // namespace

void Lowerer::note_inline_candidate(NodeId let, NodeId binding) {
  if (f_.flags(let) & ast::kLetRec) return;
  NodeId pat = f_.child(binding, 0);
  if (f_.kind(pat) != NodeKind::PatAny || f_.child(binding, 1).valid()) return;
  NodeId fun = strip_parens(f_, f_.child(binding, 2));
  if (!fun.valid() || f_.kind(fun) != NodeKind::Fun) return;
  ast::Children kids = f_.children(fun);
  for (uint32_t i = 0; i + 1 < kids.size(); ++i)
    if (f_.kind(kids[i]) != NodeKind::PatAny) return;
  if (!small_tree(f_, kids.back(), kMaxInlineNodes)) return;
  inline_funs_[pat.index] = fun;
}

const ir::Node* Lowerer::inlined_call(NodeId fn, const std::vector<NodeId>& args, NodeId at) {
  if (!ok_ || inline_depth_ >= kMaxInlineDepth || f_.kind(fn) != NodeKind::Var) return nullptr;
  const Binding& b = m_.bindings[fn.index];
  if (b.kind != Binding::Local) return nullptr;
  auto cand = inline_funs_.find(b.binder.index);
  if (cand == inline_funs_.end()) return nullptr;
  ast::Children kids = f_.children(cand->second);
  uint32_t arity = kids.size() - 1;
  if (arity == 0 || args.size() < arity) return nullptr;
  // Parameters: aliases of local variables, or new slots bound to the arguments.
  std::vector<std::pair<uint32_t, SlotRef>> saved;
  std::vector<std::pair<uint32_t, const ir::Node*>> lets; // slot, argument
  for (uint32_t i = 0; i < arity; ++i) {
    NodeId param = kids[i];
    auto old = binder_slots_.find(param.index);
    if (old != binder_slots_.end()) saved.emplace_back(param.index, old->second);
    NodeId arg = strip_parens(f_, args[i]);
    if (f_.kind(arg) == NodeKind::Var && m_.bindings[arg.index].kind == Binding::Local) {
      auto it = binder_slots_.find(m_.bindings[arg.index].binder.index);
      if (it != binder_slots_.end()) {
        binder_slots_[param.index] = it->second;
        continue;
      }
    }
    const ir::Node* value = expr(args[i]);
    uint32_t slot = new_slot();
    binder_slots_[param.index] = SlotRef{static_cast<uint32_t>(frames_.size() - 1), slot};
    lets.emplace_back(slot, value);
  }
  ++inline_depth_;
  const ir::Node* body = expr(kids.back());
  --inline_depth_;
  for (uint32_t i = 0; i < arity; ++i) binder_slots_.erase(kids[i].index);
  for (auto& [index, ref] : saved) binder_slots_[index] = ref;
  for (size_t i = lets.size(); i-- > 0;) {
    auto* l = node<ir::Let>(ir::Kind::Let, args[i]);
    l->span = f_.span(at);
    l->slot = lets[i].first;
    l->value = lets[i].second;
    l->body = body;
    if (surely_forces(body, l->slot)) l->flags |= ir::Let::kStrict;
    body = l;
  }
  if (args.size() == arity) return body;
  auto* a = node<ir::App>(ir::Kind::App, at);
  std::vector<const ir::Node*> rest;
  for (size_t i = arity; i < args.size(); ++i) rest.push_back(expr(args[i]));
  a->fn = body;
  a->nargs = static_cast<uint32_t>(rest.size());
  a->args = array(rest);
  return a;
}

const ir::Node* Lowerer::binary(ir::PrimOp op, NodeId at, const ir::Node* lhs, const ir::Node* rhs,
                                NodeId l, NodeId r) {
  auto* p = node<ir::Prim>(ir::Kind::Prim, at);
  p->aux = static_cast<uint16_t>(op);
  p->nargs = 2;
  l = strip_parens(f_, l);
  r = strip_parens(f_, r);
  if (lhs->span == f_.span(l) && rhs->span == f_.span(r)) {
    p->args = array(std::vector<const ir::Node*>{lhs, rhs});
    return p;
  }
  p->flags |= ir::Prim::kOperandLocs;
  p->args = array(std::vector<const ir::Node*>{lhs, rhs, constant(value::Value::null(), l),
                                               constant(value::Value::null(), r)});
  return p;
}

const ir::Node* Lowerer::strict_binary(ir::PrimOp op, NodeId at, const ir::Node* lhs,
                                       const ir::Node* rhs, NodeId l, NodeId r) {
  if (!(ir::prim_info(op).strict & 1)) return binary(op, at, lhs, rhs, l, r);
  // Operands are fresh nodes of this lowering: the lets and ifs are rewritten in place.
  struct Item {
    const ir::Node** hole; // where the operator applied to `lhs` goes
    const ir::Node* lhs;
  };
  const ir::Node* root = nullptr;
  std::vector<Item> work{{nullptr, lhs}};
  int branches = 0;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const ir::Node* cur = it.lhs;
    const ir::Node** hole = it.hole;
    // Down a chain of lets: the operator goes into the innermost body.
    ir::Let* last = nullptr;
    while (cur->kind == ir::Kind::Let) {
      last = const_cast<ir::Let*>(static_cast<const ir::Let*>(cur));
      cur = last->body;
    }
    const ir::Node* inner = nullptr;
    if (cur->kind == ir::Kind::If && rhs->kind == ir::Kind::Const && branches < kMaxFloatBranches) {
      ++branches;
      auto* i = const_cast<ir::If*>(static_cast<const ir::If*>(cur));
      work.push_back({&i->then_, i->then_});
      work.push_back({&i->else_, i->else_});
      inner = i;
    } else {
      inner = binary(op, at, cur, rhs, l, r);
    }
    if (last)
      last->body = inner; // the chain's first let stays where it was
    else if (hole)
      *hole = inner;
    else
      root = inner;
    if (last && !hole) root = it.lhs;
  }
  return root;
}

} // namespace cairn::lower
