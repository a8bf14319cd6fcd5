// Suspended native operations (the thunks the evaluator makes itself) and blame labels.
//
// A field merged from both sides of `&` gets a thunk that merges the two values when
// forced; a field with pending contracts gets a thunk that applies them; `std.array.map`
// makes thunks that apply a function to an element. These are `NativeSusp`s (`ApplySusp`s
// for applications) behind a native thunk. Labels carry what a contract violation reports: where the contract was
// written, where the checked value comes from, the path inside the value, the polarity
// (did the value or its user break the contract) and custom messages.
#pragma once

#include "runtime/eval/machine.h"

namespace cairn::eval {

enum class NativeOp : uint8_t {
  Merge,     // a: left, b: right
  Contracts, // a: raw value, list: pending contracts applied in order
  Contract,  // a: value, b: contract, c: label
  Apply,     // a: function, args
  Module,    // module: the value of a module (loaded and lowered on first use)
};

// What every suspension starts with: its operation and where it comes from.
struct SuspHead {
  NativeOp op;
  uint8_t reserved;
  uint16_t nargs;    // Apply
  base::FileId file; // where the operation comes from, for messages
  base::Span span;
};

struct NativeSusp : SuspHead {
  Value a;
  Value b;
  Value c;
  const value::ContractList* list; // Contracts
  base::NameId field;              // Merge of a field: its name
  uint32_t module;                 // Module
  base::Loc left_def, right_def;   // Merge of a field: where each side is defined
};

// An application suspended as a thunk. There is one per element of `std.array.generate`,
// `map` and the like, so it holds only the function and its arguments (`nargs` of them,
// in place): 32 bytes for one argument, where a NativeSusp takes 80.
struct ApplySusp : SuspHead {
  Value fn;
  Value* args() { return reinterpret_cast<Value*>(this + 1); }
  const Value* args() const { return reinterpret_cast<const Value*>(this + 1); }
};
static_assert(sizeof(ApplySusp) == 24 && sizeof(NativeSusp) == 80, "suspensions are made per element: keep them small");

struct PathElem {
  enum Kind : uint8_t { Field, Elem, Domain, Codomain, DictValue } kind;
  base::NameId name; // Field
  const PathElem* parent;
};

// h.flags & kNegative: blame the user of the value (the caller of a function).
struct Label {
  static constexpr uint8_t kNegative = 1;
  value::Obj h;
  base::Loc contract;     // the contract annotation
  base::Loc value;        // where the checked value was defined or annotated
  const PathElem* path;   // innermost last
  Value message;          // a string, or none
  Value notes;            // an array of strings, or none
  const ir::Node* code;   // the checked value's code when known (a better blame span)
};

Label* make_label(Machine& m, base::Loc contract, base::Loc value);
Label* label_copy(Machine& m, const Label* l);
Label* label_push(Machine& m, const Label* l, PathElem::Kind kind, base::NameId name = {});
Label* label_flip(Machine& m, const Label* l);

// Suspensions.
Value suspend_merge(Machine& m, Value left, Value right, base::Loc site, base::NameId field,
                    base::Loc left_def = {}, base::Loc right_def = {});
Value suspend_contracts(Machine& m, Value raw, const value::ContractList* list);
Value suspend_contract(Machine& m, Value value, Value contract, Value label);
Value suspend_apply(Machine& m, Value f, std::initializer_list<Value> args);

// Runs a forced native suspension: what the machine does when it enters one.
Step enter_native(Machine& m, const SuspHead* s);

} // namespace cairn::eval
