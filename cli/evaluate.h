// What the evaluating commands share (eval, export, query, test): their common options
// (files, -I, --field, --max-stack) and loading + type-checking + evaluating + selecting a
// field. Every loaded module is type-checked before anything is evaluated; a type error
// stops the command with the checker's diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/driver.h"
#include "compiler/check/program_check.h"
#include "runtime/eval/evaluator.h"

namespace cairn::cli {

struct EvalOptions {
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;
  std::string field;
  size_t max_stack = eval::EvaluatorOptions{}.max_frames;
  size_t max_memory_mib = eval::EvaluatorOptions{}.max_memory >> 20;
  unsigned timeout_seconds = eval::EvaluatorOptions{}.max_seconds;
};

// Adds FILE... (required unless `files_optional`), -I, --field, --max-stack, --max-memory, --timeout.
void add_eval_options(CLI::App* cmd, EvalOptions& o, bool files_optional = false);
eval::EvaluatorOptions evaluator_options(const EvalOptions& o);
// Splits `a.b."c d"` into field names.
std::vector<std::string> split_field_path(const std::string& path);
// Loads the files (and what they import) and type-checks them; the module ids, or nullopt
// after reporting errors. `checker` keeps the types (a local one is used when null).
std::optional<std::vector<uint32_t>> load_files(Driver& driver, eval::Evaluator& ev, const EvalOptions& o,
                                                check::ProgramChecker* checker = nullptr);
// Evaluates loaded modules merged with `&` and selects `field` (a path like `a.b`, or "").
std::optional<eval::Value> evaluate_modules(eval::Evaluator& ev, const std::vector<uint32_t>& modules,
                                            const std::string& field);
// Loads and type-checks the files, evaluates them merged with `&`, and selects `--field`.
std::optional<eval::Value> evaluate_files(Driver& driver, eval::Evaluator& ev, const EvalOptions& o,
                                          check::ProgramChecker* checker = nullptr);

} // namespace cairn::cli
