// The one load -> check -> evaluate sequence of everything that evaluates files: the CLI's
// eval, export, query, test and repl, the deployment spec loader (runtime/graph/
// conf_spec.cpp), the language server's background evaluation (cli/lsp_plan.cpp), and the
// evaluator's fuzzers and property test (tests/support/limited_eval.h).
//
//   front::FrontEnd fe(sources, names, diags, options);
//   std::optional<std::vector<uint32_t>> mods = fe.compile({a, b});  // load, then type-check
//   std::optional<eval::Value> v = fe.evaluate(*mods);               // merged with `&`
//   std::optional<eval::Value> x = fe.run(file, &deep);             // all of it, one file
//
//   front::FrontEnd over(ws.unit(path), options);                   // a workspace's unit
//
// The front end is the evaluating half of the workspace (compiler/workspace): loading and
// checking are a workspace::Unit's phases, and the evaluator runs over the unit's program,
// which it lowers lazily and keeps for every later evaluation (`Evaluator::reset`). A front
// end either builds a unit of its own, over the caller's source map, names and diagnostics,
// in a workspace searching `options.include_dirs` (open documents set in `workspace()` are
// read before the disk), or evaluates a unit a workspace already built and checked.
//
// Phases, in order: `load` parses and resolves a file and loads what it imports; `check`
// type-checks every module loaded and not checked yet, so a REPL line or a documentation
// example is checked like a file and what was checked before is not reported twice;
// `evaluate` runs the machine. A type error stops the sequence before anything runs. The
// fuzzers and the property test evaluate without checking (`typecheck = false`): the
// evaluator sees every program that loads, and the checker has a fuzzer of its own.
//
// Ownership: `sources`, `names` and `diags` (or the unit given) must outlive the front end,
// which owns the evaluator (its values) and, in the first form, the workspace and the unit.
// Load and check report to the unit's diagnostics; evaluations report where the evaluator's
// last `reset` says.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "compiler/workspace/workspace.h"
#include "runtime/eval/evaluator.h"

namespace cairn::front {

class FrontEnd {
public:
  FrontEnd(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
           eval::EvaluatorOptions options = {}, bool typecheck = true);
  // Evaluates `unit` (its loaded roots, and what `load` adds), reporting to its diagnostics.
  explicit FrontEnd(workspace::Unit& unit, eval::EvaluatorOptions options = {});

  // Parses and resolves a file of `sources`, loading what it imports; its module id, or
  // nullopt after reporting.
  std::optional<uint32_t> load(base::FileId file);
  // Type-checks every module loaded and not checked yet; false after reporting type errors.
  bool check();
  // Loads the files in order (stopping at the first that fails), then checks; their module ids.
  std::optional<std::vector<uint32_t>> compile(const std::vector<base::FileId>& files);
  // Evaluates modules merged with `&` (one module: its value, in weak head normal form).
  std::optional<eval::Value> evaluate(const std::vector<uint32_t>& modules);
  // compile({file}) and evaluate; deep-forced with `deep` when given.
  std::optional<eval::Value> run(base::FileId file, const eval::DeepOptions* deep = nullptr);

  eval::Evaluator& evaluator() { return evaluator_; }
  workspace::Unit& unit() { return unit_; }
  check::ProgramChecker& checker() { return unit_.checker; }
  // The front end's own workspace (null for a unit given): documents set there shadow the
  // disk for the imports loaded after.
  workspace::Workspace* workspace() { return own_workspace_.get(); }

private:
  std::unique_ptr<workspace::Workspace> own_workspace_;
  std::unique_ptr<workspace::Unit> own_unit_;
  workspace::Unit& unit_;
  eval::Evaluator evaluator_;
};

} // namespace cairn::front
