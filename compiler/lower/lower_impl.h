// Internals of the lower phase, shared by lower.cpp (expressions), lower_record.cpp
// (record literals and field paths), lower_pattern.cpp (patterns), lower_types.cpp
// (types in contract position) and lower_inline.cpp (inlined calls, floated operators).
#pragma once

#include <unordered_map>
#include <vector>

#include "compiler/lower/lower.h"
#include "compiler/value/contract.h"

namespace cairn::lower {

class Lowerer {
public:
  Lowerer(resolve::Program& program, resolve::Module& module, diag::Diagnostics& diags, const Guards* guards);
  // Lowers the whole module; returns the root (a 0-ary Lambda whose frame is the module's).
  const ir::Node* module_root();
  bool ok() const { return ok_; }

  // ---- expressions (lower.cpp)
  const ir::Node* expr(ast::NodeId n);
  const ir::Node* constant(value::Value v, ast::NodeId at);
  const ir::Node* var(ast::NodeId n);
  const ir::Node* let(ast::NodeId n);
  const ir::Node* fun(ast::NodeId n);
  const ir::Node* app(ast::NodeId n);
  const ir::Node* binop(ast::NodeId n);
  const ir::Node* section(ast::NodeId n);
  const ir::Node* select(ast::NodeId n);
  const ir::Node* string(ast::NodeId n);
  const ir::Node* symbolic_string(ast::NodeId n);
  const ir::Node* match_on(ast::NodeId match, const ir::Node* scrutinee, ast::NodeId at);
  const ir::Node* prim(ir::PrimOp op, ast::NodeId at, std::initializer_list<const ir::Node*> args);
  const ir::Node* annotated(const ir::Node* value, ast::NodeId meta, ast::NodeId at);
  const ir::Node* number(ast::NodeId n, bool negative);
  // The text of a static string node (Str with only text parts), or nullopt.
  std::optional<std::string> static_string(ast::NodeId n);

  // ---- inlining and operand floating (lower_inline.cpp)
  // Remembers `binding` of the `let` node `let` when its calls may be inlined.
  void note_inline_candidate(ast::NodeId let, ast::NodeId binding);
  // A call of such a function (`fn` is the callee variable): its body lowered in place, or
  // null when the call is not inlined.
  const ir::Node* inlined_call(ast::NodeId fn, const std::vector<ast::NodeId>& args, ast::NodeId at);
  // A strict binary operator on lowered operands, floated into a let chain or if branches.
  // `l` and `r` are the operands as written (messages point there).
  const ir::Node* strict_binary(ir::PrimOp op, ast::NodeId at, const ir::Node* lhs, const ir::Node* rhs,
                                ast::NodeId l, ast::NodeId r);
  const ir::Node* binary(ir::PrimOp op, ast::NodeId at, const ir::Node* lhs, const ir::Node* rhs,
                         ast::NodeId l, ast::NodeId r);

  // ---- calls of the standard library's primitive wrappers (lower_std.cpp)
  struct StdWrapper {
    ir::PrimOp op;
    base::FileId file;              // the library's file
    base::Span body;                // `__prim.op a b` there
    std::vector<base::Span> params; // the operands as the wrapper writes them
  };
  // The wrapper `fn` (`std.f` or `std.m.f`) names, or null.
  const StdWrapper* std_wrapper(ast::NodeId fn);
  // The wrapper's operation applied to the first arguments of `args` (an ir::Prim with
  // kStdCall).
  const ir::Node* std_call(const StdWrapper& w, const std::vector<ast::NodeId>& args, ast::NodeId at);
  // The operation applied to the first `arity` of `args`.
  const ir::Node* prim_call(ir::PrimOp op, const std::vector<ast::NodeId>& args, ast::NodeId at);

  // ---- records (lower_record.cpp)
  const ir::Node* record(ast::NodeId n, bool type_position);

  // ---- patterns (lower_pattern.cpp)
  const ir::Pattern* pattern(ast::NodeId p);

  // ---- types in contract position (lower_types.cpp)
  const ir::Node* contract(ast::NodeId n);
  std::vector<ir::ContractUse> contracts_of(ast::NodeId meta);
  const ir::Node* builtin_contract(value::ContractKind k, ast::NodeId at);
  const ir::Node* guarded(const ir::Node* var, ast::NodeId at, TypeGuard guard);

  // ---- helpers
  template <typename T> T* node(ir::Kind kind, ast::NodeId at) {
    T* p = arena_.make<T>();
    p->kind = kind;
    p->flags = 0;
    p->aux = 0;
    p->file = m_.file;
    p->span = at.valid() ? f_.span(at) : base::Span{};
    return p;
  }
  template <typename T> const T* const* array(const std::vector<const T*>& v) {
    auto* out = arena_.alloc_array<const T*>(v.size() ? v.size() : 1);
    for (size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    return out;
  }
  template <typename T> const T* copy(const std::vector<T>& v) {
    T* out = arena_.alloc_array<T>(v.size() ? v.size() : 1);
    for (size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    return out;
  }
  uint32_t new_slot();
  void assign_slot(ast::NodeId binder, uint32_t slot);
  bool check_depth(ast::NodeId at);
  const ir::Node* forall(ast::NodeId n);
  const ir::Node* polymorphic_tail(ast::NodeId record);
  void error(diag::DiagKind kind, ast::NodeId at, std::string message);

  struct Frame {
    uint32_t size = 0;
    uint64_t refs = 0; // uses of this frame's slots lowered so far
  };
  struct SlotRef {
    uint32_t frame;
    uint32_t slot;
  };
  struct RecordFrame {
    uint32_t frame;
    std::vector<base::NameId> names; // sorted by index; slot i is names[i]
  };
  // A read of a slot of an enclosing frame.
  const ir::Node* slot_var(SlotRef ref, ast::NodeId at, base::NameId name);

  resolve::Program& program_;
  resolve::Module& m_;
  const Guards* guards_; // the checker's, or null
  const ast::File& f_;
  base::Names& names_;
  value::Arena& arena_;
  diag::Diagnostics& diags_;
  std::vector<Frame> frames_;
  std::unordered_map<uint32_t, SlotRef> binder_slots_;    // binder NodeId index
  std::unordered_map<uint32_t, RecordFrame> record_frames_; // Record NodeId index
  // While lowering the alternatives of an or-pattern: name -> slot, so they share slots.
  std::vector<std::unordered_map<uint32_t, uint32_t>> or_scopes_;
  // The type variables of the `forall`s being lowered, innermost last (record tails name
  // theirs by NameId, not by a resolved binding).
  std::vector<std::pair<base::NameId, ast::NodeId>> forall_vars_;
  std::unordered_map<uint32_t, ast::NodeId> inline_funs_; // binder index -> its Fun node
  uint32_t inline_depth_ = 0;
  std::unordered_map<uint64_t, std::optional<StdWrapper>> std_wrappers_; // (module field, field) names
  base::NameId pending_name_; // the let binder whose value is being lowered (for Lambda::name)
  bool ok_ = true;
};

// `n` without the parentheses around it (lower_apply.cpp).
ast::NodeId strip_parens(const ast::File& f, ast::NodeId n);

} // namespace cairn::lower
