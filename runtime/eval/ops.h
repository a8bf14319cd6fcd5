// Internal operations of the evaluator shared by its files: building values, records and
// merging, field access, contracts, pattern matching, primitive operations, messages.
// Functions returning a Step are called by the loop (machine.cpp) with forced arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compiler/value/record.h"
#include "runtime/eval/machine.h"
#include "runtime/eval/serialize.h"

namespace cairn::eval {

// ---- values (values.cpp)
value::Array* new_array(Machine& m, uint32_t n);
// Element `i` of an array, with an evaluated thunk replaced by its value (in the array too,
// so later reads and copies skip the thunk).
inline Value array_elem(const value::Array* a, uint32_t i) {
  Value v = a->data[i];
  Value p = Machine::peek(v);
  if (p != v) a->data[i] = p;
  return p;
}
Value make_string(Machine& m, std::string_view text);
Value make_variant(Machine& m, base::NameId tag, Value arg);
Value make_partial(Machine& m, Value fn, const Value* args, uint32_t n);
value::Record* new_record(Machine& m, uint32_t n);
Value empty_record(Machine& m);
Value json_to_value(Machine& m, const nlohmann::json& j);
// An unknown depending on `deps`; the union of the dependencies of unknowns.
Value make_unknown(Machine& m, const std::vector<uint32_t>& deps);
Value unknown_union(Machine& m, Value a, Value b);
// The union of the unknowns in a deep-forced value, or none when it has none.
Value unknowns_in(Machine& m, Value forced);
// A short description for messages: "a number (3)", "a string (\"ab\")", "a record".
std::string describe(Machine& m, Value v);
// A value printed on one line for messages, cut after `limit` characters.
std::string show(Machine& m, Value v, size_t limit = 80);
Step enter_module(Machine& m, uint32_t module);

// ---- records (record_lit.cpp)
// `frame`: the literal's frame when the caller made it already (its parent is `env`).
Value build_record(Machine& m, const ir::RecordLit* lit, value::Env* env, const Value* dyn_names,
                   value::Env* frame = nullptr);
// `names_env`: where the names were evaluated, the literal's frame when it needs one.
Step build_record_dynamic(Machine& m, const ir::Record* r, value::Env* names_env, const Value* names);
Step select_field(Machine& m, Value rec, base::NameId name, base::Loc at, base::Loc rec_loc);

// ---- merging (merge.cpp)
// Merges two values in weak head normal form (`&`). `left_def`/`right_def`: where the
// two values were defined, when known (for conflicts).
Step merge_values(Machine& m, Value left, Value right, base::Loc site, base::NameId field,
                  base::Loc left_def = {}, base::Loc right_def = {});

// ---- equality (equality.cpp)
// Deep structural equality of two values in weak head normal form.
Task* equality_task(Machine& m, Value a, Value b, base::Loc site, bool negate);
// Two arrays merge only when equal.
Task* merge_arrays_task(Machine& m, Value a, Value b, base::Loc site, base::NameId field);

// ---- contracts (contract.cpp)
Task* annot_task(Machine& m, const ir::Annot* a, value::Env* env);
// Applies `contract` (any value) to `value` with `label` (a Label object). In `check`
// mode (std.contract.check) the result is 'Ok value or 'Error {..} for immediate failures.
Task* contract_task(Machine& m, Value value, Value contract, Value label, bool check = false);
// std.contract.blame: a contract violation reported with this label.
Step blame_label(Machine& m, const struct Label* l, base::Loc at);
// Calls a function wrapped by a function contract with one argument.
Step call_contracted(Machine& m, Value fn, Value arg);
// Reports a contract violation of `value` (as given, maybe a thunk; `forced`: what it is).
Step contract_blame(Machine& m, const struct Label* l, Value value, Value forced, std::string why,
                    std::vector<std::string> notes = {});

// ---- polymorphic contracts (contract_poly.cpp)
// Applies a Forall, TypeVar or Tail contract (sealing and unsealing).
Task* poly_contract_task(Machine& m, Value value, Value contract, Value label, bool check);
// A record with a sealed tail, copied without it (`*tail` gets it; its fields are none when
// `rec` has none, and then `rec` itself is the answer); and a tail given to a record.
Value strip_sealed_tail(Machine& m, Value rec, Machine::SealedTail* tail);
void attach_sealed_tail(Machine& m, Value rec, const Machine::SealedTail& tail);

// ---- patterns (pattern.cpp)
Task* match_task(Machine& m, const ir::Match* match, value::Env* env);

// ---- serialization (prim_data.cpp)
Step deserialize(Machine& m, Format f, std::string_view text, base::Loc at);
// Hex digest of `data` with 'Md5, 'Sha1, 'Sha256 or 'Sha512 (hash.cpp); nullopt otherwise.
std::optional<std::string> hash_hex(std::string_view algorithm, std::string_view data);

// ---- strings (prim_string.cpp)
Step interpolate(Machine& m, const ir::Interp* s, const Value* parts);
// The interpolation's string when every part is already a string or a small integer (or
// `to_string` of one), built without evaluating anything; else none.
Value interpolate_ready(Machine& m, const ir::Interp* s, value::Env* env);

// ---- primitive operations (prim.cpp)
Step call_prim(Machine& m, const ir::Prim* p, Value* args);

} // namespace cairn::eval
