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
// Phases, in order: `load` parses and resolves a file and loads what it imports (into the
// evaluator's program, which lowers lazily); `check` type-checks every module loaded and
// not checked yet, so a REPL line or a documentation example is checked like a file and
// what was checked before is not reported twice; `evaluate` runs the machine. A type error
// stops the sequence before anything runs. The fuzzers and the property test evaluate
// without checking (`typecheck = false`): the evaluator sees every program that loads, and
// the checker has a fuzzer of its own.
//
// The language server's workspace (compiler/workspace) runs the same load and check phases
// on programs of its own; the evaluator still builds its program from the files, so a
// FrontEnd does not share the workspace's cache (see docs/architecture.md).
//
// Ownership: `sources`, `names` and `diags` must outlive the front end, which owns the
// evaluator (its program and values) and the checker (the types of what it checked). Load
// and check report to `diags`; evaluations report where the evaluator's last `reset` says.
#pragma once

#include <optional>
#include <vector>

#include "compiler/check/program_check.h"
#include "runtime/eval/evaluator.h"

namespace cairn::front {

class FrontEnd {
public:
  FrontEnd(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
           eval::EvaluatorOptions options = {}, bool typecheck = true);

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
  check::ProgramChecker& checker() { return checker_; }

private:
  eval::Evaluator evaluator_;
  check::ProgramChecker checker_;
  bool typecheck_;
};

} // namespace cairn::front
