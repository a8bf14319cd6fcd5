// The evaluator's public API: what the CLI, the REPL, the language server and the
// deployment engine call. See docs/design/evaluator.md.
//
//   eval::Evaluator ev(sources, names, diags);
//   std::optional<uint32_t> mod = ev.load(file);          // parse, resolve, imports
//   std::optional<Value> v = ev.evaluate(*mod);           // weak head normal form
//   std::optional<Value> x = ev.get(*v, {"resources", "web", "port"}); // force a path
//   ev.deep_force(*x, {}); ev.walk(*x, visitor);           // inspect every part
//   std::string json; ev.serialize(*x, Format::Json, json);
//
// Deployment support: `unknown(deps)` makes an unknown value (an output not known yet);
// `tracked_record(id, fields)` makes a record whose reads are reported to the observer;
// `inject(spec, path, value)` merges `{ path = value }` into a spec (recursive overriding
// re-evaluates what depends on it). Reads of tracked records during an evaluation are
// reported to `set_observer`'s observer.
//
// All values belong to the evaluator (its arena) and are valid while it lives. Errors are
// reported to the Diagnostics given at construction; a failed call returns nullopt.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "runtime/eval/deep.h"
#include "runtime/eval/machine.h"
#include "runtime/eval/serialize.h"

namespace cairn::eval {

struct EvaluatorOptions {
  std::vector<std::string> include_dirs; // -I
  size_t max_frames = Options{}.max_frames;
  size_t max_memory = Options{}.max_memory; // bytes
  unsigned max_seconds = 120;               // per evaluation entry point (0: none; the bare machine has none)
  bool edges = false;                       // edge mode (runtime/eval/speculate.h)
  bool fast_calls = true;                   // Options::fast_calls (for tests)
};

// What `walk` shows of a value: scalars, unknowns, and the structure around them.
class Visitor {
public:
  virtual ~Visitor() = default;
  virtual void scalar(const std::vector<std::string>& path, Value v) = 0;
  virtual void unknown(const std::vector<std::string>& path, const std::vector<uint32_t>& deps) = 0;
  virtual void enter_record(const std::vector<std::string>& path) { (void)path; }
  virtual void leave_record(const std::vector<std::string>& path) { (void)path; }
  virtual void enter_array(const std::vector<std::string>& path, size_t size) { (void)path, (void)size; }
  virtual void leave_array(const std::vector<std::string>& path) { (void)path; }
};

class Evaluator {
public:
  // An evaluator over a program of its own, loading files through the default loader with
  // `opts.include_dirs` (tests; the commands go through runtime/front's FrontEnd).
  Evaluator(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags, EvaluatorOptions opts = {});
  // An evaluator over a program it is given (a workspace unit's: loaded, resolved, checked
  // and lowered once, for every evaluation over it); `opts.include_dirs` is the program
  // loader's business, not read here. The program must outlive the evaluator.
  Evaluator(resolve::Program& program, diag::Diagnostics& diags, EvaluatorOptions opts = {});
  ~Evaluator();

  // Loads a file (and everything it imports) for evaluation.
  std::optional<uint32_t> load(base::FileId file);
  std::optional<Value> evaluate(uint32_t module);
  // Evaluates several modules and merges their values with `&` (`cairn eval a b`).
  std::optional<Value> evaluate_merged(const std::vector<uint32_t>& modules);
  std::optional<Value> force(Value v);
  // Forces `v`, then the field at each step of `path`.
  std::optional<Value> get(Value v, const std::vector<std::string>& path);
  std::optional<Value> deep_force(Value v, DeepOptions opts);
  std::optional<Value> apply(Value f, const std::vector<Value>& args);
  // Deep structural equality (`==`); nullopt on error (comparing functions).
  std::optional<bool> equal(Value a, Value b);
  bool serialize(Value v, Format format, std::string& out, const SerializeOptions& opts = {});
  // Walks a deep-forced value (partial export: unknowns are reported, not errors).
  void walk(Value v, Visitor& visitor);
  // Plain data: deep-forces `v` (export rules: not_exported fields skipped, functions are
  // errors) and converts it. Integers become JSON integers (when they fit 64 bits), other
  // numbers the nearest double, enum tags strings. Unknown leaves become null and, when
  // `unknowns` is given, are listed there with their paths and dependencies.
  struct UnknownLeaf {
    std::vector<std::string> path;
    std::vector<uint32_t> deps;
  };
  std::optional<nlohmann::json> to_json(Value v, std::vector<UnknownLeaf>* unknowns = nullptr);
  std::string print(Value v);

  // ---- deployment support
  Value unknown(const std::vector<uint32_t>& deps);
  // A record with the given fields whose reads are reported as `tracked_id`.
  Value tracked_record(uint32_t tracked_id, const std::vector<std::pair<std::string, Value>>& fields);
  Value string(std::string_view s);
  Value number(int64_t n);
  Value from_json(const nlohmann::json& j);
  // `spec & { path.to.field = value }` (with `| force` when `force`), forced.
  std::optional<Value> inject(Value spec, const std::vector<std::string>& path, Value value, bool force = false);
  void set_observer(Observer* observer) { machine_->observer = observer; }
  // The type checker's run-time guards for the modules lowered from now on, this machine's
  // and every later `reset`'s (the front end gives its unit's checker).
  void set_guards(const lower::GuardSource* guards) {
    guards_ = guards;
    machine_->options.guards = guards;
  }

  // What `cairn query` shows of a field of a record (in weak head normal form).
  struct FieldInfo {
    bool defined = false;
    bool optional = false;
    bool not_exported = false;
    std::string priority;               // "default", "force", a number, or "" for 0
    std::string doc;
    std::vector<std::string> contracts; // the source text of each contract
    Value value;                        // none when undefined
  };
  std::optional<FieldInfo> field_info(Value record, const std::string& name);
  // Field names of a record (in weak head normal form), sorted; optional ones without a
  // value are left out unless `with_optional` (schemas read from contracts need them).
  std::vector<std::string> field_names(Value record, bool with_optional = false);

  // A fresh machine (arena, values, caches) over the same loaded and lowered program, for
  // evaluations that must not share values (the deployment engine's passes) without
  // loading, parsing and lowering the files again. Values of the old machine are invalid.
  void reset(diag::Diagnostics& diags, const EvaluatorOptions& opts);
  // Frees the machine (its arena above all) between evaluations; `reset` must come before
  // any further use. Values of the old machine are invalid.
  void release() { machine_.reset(); }

  Machine& machine() { return *machine_; }
  resolve::Program& program() { return *program_; }

private:
  Options machine_options(const EvaluatorOptions& opts) const;
  std::unique_ptr<resolve::DefaultLoader> loader_;
  std::unique_ptr<resolve::Program> own_program_; // the first constructor's
  resolve::Program* program_;
  std::unique_ptr<Machine> machine_;
  base::Loc origin_; // start of the last evaluated file (see DeepOptions::origin)
  const lower::GuardSource* guards_ = nullptr;
};

} // namespace cairn::eval
