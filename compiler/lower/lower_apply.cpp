// Lowering of applications and operators; see lower.h. A call of a primitive operation
// (`%name%` applied to its arguments), strict binary operators to their primitive
// operations, the lazy `&&` `||` and `|>`, operator sections such as `(+)`, and field
// selection `r.a`, `r."%{k}"`.
#include <fmt/core.h>

#include "compiler/lower/lower_impl.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;
using resolve::Binding;

NodeId strip_parens(const ast::File& f, NodeId n) {
  while (n.valid() && f.kind(n) == NodeKind::Paren) n = f.child(n, 0);
  return n;
}

namespace {
// The primitive operation of a strict binary operator (not `|>`, `&&`, `||`, `->`).
std::optional<ir::PrimOp> binop_prim(ast::BinOpKind op) {
  using B = ast::BinOpKind;
  switch (op) {
  case B::Concat: return ir::PrimOp::Concat;
  case B::ArrayConcat: return ir::PrimOp::ArrayConcat;
  case B::Mul: return ir::PrimOp::Mul;
  case B::Div: return ir::PrimOp::Div;
  case B::Mod: return ir::PrimOp::Mod;
  case B::Add: return ir::PrimOp::Add;
  case B::Sub: return ir::PrimOp::Sub;
  case B::Merge: return ir::PrimOp::Merge;
  case B::Lt: return ir::PrimOp::Lt;
  case B::Le: return ir::PrimOp::Le;
  case B::Gt: return ir::PrimOp::Gt;
  case B::Ge: return ir::PrimOp::Ge;
  case B::Eq: return ir::PrimOp::Eq;
  case B::Ne: return ir::PrimOp::Ne;
  case B::Pipe:
  case B::And:
  case B::Or:
  case B::Arrow: return std::nullopt;
  }
  return std::nullopt;
}
} // namespace

const ir::Node* Lowerer::app(NodeId n) {
  ast::Children kids = f_.children(n);
  NodeId fn = strip_parens(f_, kids[0]);
  std::vector<NodeId> args(kids.begin() + 1, kids.end());
  const ir::Node* head = nullptr;
  size_t used = 0;
  // `__prim.op a b`: a primitive operation.
  if (f_.kind(fn) == NodeKind::Select) {
    NodeId target = strip_parens(f_, f_.child(fn, 0));
    if (f_.kind(target) == NodeKind::Var && m_.bindings[target.index].kind == Binding::Prim) {
      std::string_view opname = f_.name_text(f_.child(fn, 1));
      std::optional<ir::PrimOp> op = ir::prim_by_spelling(opname);
      if (!op) {
        error(diag::DiagKind::UnboundIdentifier, fn, fmt::format("no primitive operation `{}`", opname));
        return constant(value::Value::null(), n);
      }
      uint32_t arity = ir::prim_info(*op).arity;
      if (args.size() >= arity) {
        head = prim_call(*op, args, n);
        used = arity;
      }
    }
  }
  // `std.string.join sep xs`, a call of a std function that only wraps an operation.
  if (!head)
    if (const StdWrapper* w = std_wrapper(fn); w && args.size() >= w->params.size()) {
      // Inside the library, errors are the library's anyway (Machine::error).
      head = m_.is_std ? prim_call(w->op, args, n) : std_call(*w, args, n);
      used = w->params.size();
    }
  // `match { ... } x`: match on x directly, without a closure.
  if (!head && f_.kind(fn) == NodeKind::Match) {
    head = match_on(fn, expr(args[0]), n);
    used = 1;
  }
  if (!head)
    if (const ir::Node* inlined = inlined_call(fn, args, n)) return inlined;
  if (!head) head = expr(fn);
  if (used == args.size()) return head;
  auto* a = node<ir::App>(ir::Kind::App, n);
  std::vector<const ir::Node*> lowered;
  for (size_t i = used; i < args.size(); ++i) lowered.push_back(expr(args[i]));
  a->fn = head;
  a->nargs = static_cast<uint32_t>(lowered.size());
  a->args = array(lowered);
  return a;
}

const ir::Node* Lowerer::prim_call(ir::PrimOp op, const std::vector<NodeId>& args, NodeId at) {
  uint32_t arity = ir::prim_info(op).arity;
  auto* p = node<ir::Prim>(ir::Kind::Prim, at);
  p->aux = static_cast<uint16_t>(op);
  std::vector<const ir::Node*> lowered;
  for (uint32_t i = 0; i < arity; ++i) lowered.push_back(expr(args[i]));
  p->nargs = arity;
  p->args = array(lowered);
  return p;
}

const ir::Node* Lowerer::binop(NodeId n) {
  using B = ast::BinOpKind;
  auto op = static_cast<B>(f_.payload(n));
  NodeId l = f_.child(n, 0), r = f_.child(n, 1);
  switch (op) {
  case B::Arrow: return contract(n);
  case B::Pipe: {
    NodeId fn = strip_parens(f_, r);
    if (f_.kind(fn) == NodeKind::Match) return match_on(fn, expr(l), n);
    auto* a = node<ir::App>(ir::Kind::App, n);
    a->fn = expr(r);
    a->nargs = 1;
    a->args = array(std::vector<const ir::Node*>{expr(l)});
    return a;
  }
  case B::And:
  case B::Or: {
    auto* i = node<ir::If>(ir::Kind::If, n);
    i->cond = expr(l);
    const ir::Node* other = expr(r);
    const ir::Node* fixed = constant(value::Value::boolean(op == B::Or), n);
    i->then_ = op == B::And ? other : fixed;
    i->else_ = op == B::And ? fixed : other;
    // The right operand must be a boolean too: `true && 1` is an error in Nickel, but a
    // short-circuit keeps it lazy; check it where it is used.
    return i;
  }
  default: break;
  }
  const ir::Node* lhs = expr(l);
  return strict_binary(*binop_prim(op), n, lhs, expr(r), l, r);
}

const ir::Node* Lowerer::section(NodeId n) {
  uint32_t payload = f_.payload(n);
  auto* lam = node<ir::Lambda>(ir::Kind::Lambda, n);
  frames_.push_back(Frame{});
  auto arg = [&](uint32_t slot) {
    auto* v = node<ir::Var>(ir::Kind::Var, n);
    v->depth = 0;
    v->slot = slot;
    return v;
  };
  const ir::Node* body = nullptr;
  if (payload == ast::kSectionNot) {
    lam->arity = 1;
    new_slot();
    body = prim(ir::PrimOp::Not, n, {arg(0)});
  } else if (payload == ast::kSectionDot) {
    lam->arity = 2;
    new_slot();
    new_slot();
    auto* s = node<ir::SelectDyn>(ir::Kind::SelectDyn, n);
    s->record = arg(0);
    s->name = arg(1);
    body = s;
  } else {
    using B = ast::BinOpKind;
    auto op = static_cast<B>(payload);
    lam->arity = 2;
    new_slot();
    new_slot();
    switch (op) {
    case B::Pipe: {
      auto* a = node<ir::App>(ir::Kind::App, n);
      a->fn = arg(1);
      a->nargs = 1;
      a->args = array(std::vector<const ir::Node*>{arg(0)});
      body = a;
      break;
    }
    case B::And:
    case B::Or: {
      auto* i = node<ir::If>(ir::Kind::If, n);
      i->cond = arg(0);
      const ir::Node* fixed = constant(value::Value::boolean(op == B::Or), n);
      i->then_ = op == B::And ? arg(1) : fixed;
      i->else_ = op == B::And ? fixed : arg(1);
      body = i;
      break;
    }
    case B::Arrow: body = prim(ir::PrimOp::ContractArrow, n, {arg(0), arg(1)}); break;
    default: body = prim(*binop_prim(op), n, {arg(0), arg(1)}); break;
    }
  }
  lam->body = body;
  lam->frame_size = frames_.back().size;
  frames_.pop_back();
  return lam;
}

const ir::Node* Lowerer::select(NodeId n) {
  NodeId target = strip_parens(f_, f_.child(n, 0));
  NodeId key = f_.child(n, 1);
  if (f_.kind(target) == NodeKind::Var && m_.bindings[target.index].kind == Binding::Prim) {
    // `__prim.op` as a value: a function of the operation's arity.
    std::optional<ir::PrimOp> op = ir::prim_by_spelling(f_.name_text(key));
    if (!op) {
      error(diag::DiagKind::UnboundIdentifier, key, fmt::format("no primitive operation `{}`", f_.name_text(key)));
      return constant(value::Value::null(), n);
    }
    auto* lam = node<ir::Lambda>(ir::Kind::Lambda, n);
    frames_.push_back(Frame{});
    uint32_t arity = ir::prim_info(*op).arity;
    std::vector<const ir::Node*> args;
    for (uint32_t i = 0; i < arity; ++i) {
      auto* v = node<ir::Var>(ir::Kind::Var, n);
      v->depth = 0;
      v->slot = new_slot();
      args.push_back(v);
    }
    auto* p = node<ir::Prim>(ir::Kind::Prim, n);
    p->aux = static_cast<uint16_t>(*op);
    p->nargs = arity;
    p->args = array(args);
    lam->arity = arity;
    lam->body = p;
    lam->frame_size = frames_.back().size;
    frames_.pop_back();
    return lam;
  }
  const ir::Node* rec = expr(f_.child(n, 0));
  if (f_.kind(key) == NodeKind::Name) {
    auto* s = node<ir::Select>(ir::Kind::Select, n);
    s->record = rec;
    s->name = f_.name(key);
    return s;
  }
  if (std::optional<std::string> text = static_string(key)) {
    auto* s = node<ir::Select>(ir::Kind::Select, n);
    s->record = rec;
    s->name = names_.intern(*text);
    return s;
  }
  auto* s = node<ir::SelectDyn>(ir::Kind::SelectDyn, n);
  s->record = rec;
  s->name = expr(key);
  return s;
}

} // namespace cairn::lower
