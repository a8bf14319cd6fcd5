// Calls of the standard library's primitive wrappers; see lower.h.
//
// Most of `std` is written as `name : T | doc "..." = fun a b => __prim.op a b`: a function
// whose body is one primitive operation on its parameters, in order. A call of such a field
// through the real `std` (resolve's Binding::Std, which nothing can shadow or change) with
// at least as many arguments, `std.string.join ", " parts` or `std.to_string i`, is lowered
// as the primitive operation itself on the caller's arguments: the select on `std`, the
// closure call, its frame and the return are saved, and the operation's errors point at
// the caller's arguments rather than into the library.
//
// It is the same computation: the standard library's static types are not contracts at
// run time (lower_types.cpp), the wrapper passes its arguments unevaluated to an operation
// that forces the strict ones in order, and a field with any other annotation than a
// static type or documentation (a contract, a default) is left alone. Fields are found in
// the library's syntax (`std.f`, or `std.m.f` where `m` is an import of a std module), so
// the order in which modules are lowered does not matter; a std module the program names
// but has not loaded yet is loaded here, as the type checker and the evaluator would.
#include "compiler/lower/lower_impl.h"
#include "compiler/resolve/resolve.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;
using resolve::Binding;

namespace {
// The value of the single-name field `name` of the module's root record literal (and the
// field's Meta, or none), or an invalid id.
std::pair<NodeId, NodeId> root_field(const resolve::Module& m, base::NameId name) {
  const ast::File& f = m.ast;
  NodeId root = strip_parens(f, f.root());
  if (!root.valid() || f.kind(root) != NodeKind::Record) return {};
  for (NodeId field : f.children(root)) {
    if (f.kind(field) != NodeKind::Field) continue;
    NodeId path = f.child(field, 0);
    if (f.children(path).size() != 1) continue;
    NodeId key = f.child(path, 0);
    if (f.kind(key) != NodeKind::Name || f.name(key) != name) continue;
    return {f.child_or_none(field, 2), f.child_or_none(field, 1)};
  }
  return {};
}

// Whether a field's annotations leave its value unchanged at run time (documentation and
// static types, which are not contracts in the standard library).
bool plain_meta(const ast::File& f, NodeId meta) {
  if (!meta.valid()) return true;
  for (NodeId a : f.children(meta))
    if (f.kind(a) != NodeKind::DocAnnot && f.kind(a) != NodeKind::TypeAnnot) return false;
  return true;
}

// `fun p0 .. pn-1 => __prim.op p0 .. pn-1` with op of arity n: the wrapper.
std::optional<Lowerer::StdWrapper> wrapper(const resolve::Module& m, NodeId fun) {
  const ast::File& f = m.ast;
  fun = strip_parens(f, fun);
  if (!fun.valid() || f.kind(fun) != NodeKind::Fun) return std::nullopt;
  ast::Children kids = f.children(fun);
  uint32_t arity = kids.size() - 1;
  NodeId body = strip_parens(f, kids.back());
  if (arity == 0 || f.kind(body) != NodeKind::App) return std::nullopt;
  ast::Children call = f.children(body);
  if (call.size() != arity + 1) return std::nullopt;
  NodeId head = strip_parens(f, call[0]);
  if (f.kind(head) != NodeKind::Select) return std::nullopt;
  NodeId target = strip_parens(f, f.child(head, 0));
  if (f.kind(target) != NodeKind::Var || m.bindings[target.index].kind != Binding::Prim) return std::nullopt;
  std::optional<ir::PrimOp> op = ir::prim_by_spelling(f.name_text(f.child(head, 1)));
  if (!op || ir::prim_info(*op).arity != arity) return std::nullopt;
  Lowerer::StdWrapper w{*op, m.file, f.span(body), {}};
  for (uint32_t i = 0; i < arity; ++i) {
    if (f.kind(kids[i]) != NodeKind::PatAny) return std::nullopt;
    NodeId arg = strip_parens(f, call[i + 1]);
    if (f.kind(arg) != NodeKind::Var) return std::nullopt;
    const Binding& b = m.bindings[arg.index];
    if (b.kind != Binding::Local || b.binder != kids[i]) return std::nullopt;
    w.params.push_back(f.span(arg));
  }
  return w;
}
} // namespace

const Lowerer::StdWrapper* Lowerer::std_wrapper(NodeId fn) {
  // `std.f` or `std.m.f`, names as written.
  std::vector<base::NameId> path;
  NodeId n = fn;
  while (f_.kind(n) == NodeKind::Select && path.size() < 3) {
    NodeId key = f_.child(n, 1);
    if (f_.kind(key) != NodeKind::Name) return nullptr;
    path.push_back(f_.name(key));
    n = strip_parens(f_, f_.child(n, 0));
  }
  if (path.empty() || path.size() > 2 || f_.kind(n) != NodeKind::Var) return nullptr;
  if (m_.bindings[n.index].kind != Binding::Std || !program_.std_module) return nullptr;
  uint64_t key = (uint64_t(path.size() == 2 ? path[1].index : base::NameId::kNone) << 32) | path[0].index;
  if (auto it = std_wrappers_.find(key); it != std_wrappers_.end()) return it->second ? &*it->second : nullptr;
  std::optional<StdWrapper>& found = std_wrappers_[key];

  const resolve::Module* m = &program_.module(*program_.std_module);
  if (path.size() == 2) {
    NodeId sub = root_field(*m, path[1]).first;
    if (!sub.valid() || m->ast.kind(sub) != NodeKind::Import) return nullptr;
    auto target = m->imports.find(sub.index);
    if (target == m->imports.end()) return nullptr;
    if (!resolve::ensure_module(program_, target->second, diags_)) return nullptr;
    m = &program_.module(target->second);
    if (m->format != resolve::Format::Conf) return nullptr;
  }
  auto [value, meta] = root_field(*m, path[0]);
  if (!value.valid() || !plain_meta(m->ast, meta)) return nullptr;
  found = wrapper(*m, value);
  return found ? &*found : nullptr;
}

const ir::Node* Lowerer::std_call(const StdWrapper& w, const std::vector<NodeId>& args, NodeId at) {
  uint32_t arity = static_cast<uint32_t>(w.params.size());
  auto located = [&](base::FileId file, base::Span span) {
    auto* c = node<ir::Const>(ir::Kind::Const, ast::NodeId{});
    c->file = file;
    c->span = span;
    c->value = value::Value::null();
    return c;
  };
  std::vector<const ir::Node*> operands;
  for (uint32_t i = 0; i < arity; ++i) operands.push_back(expr(args[i]));
  for (uint32_t i = 0; i < arity; ++i) operands.push_back(located(w.file, w.params[i]));
  operands.push_back(located(m_.file, f_.span(at)));
  auto* p = node<ir::Prim>(ir::Kind::Prim, at);
  p->file = w.file;
  p->span = w.body;
  p->flags = ir::Prim::kOperandLocs | ir::Prim::kStdCall;
  p->aux = static_cast<uint16_t>(w.op);
  p->nargs = arity;
  p->args = array(operands);
  return p;
}

} // namespace cairn::lower
