// What the evaluating commands share (eval, export, query, test, repl): their common options
// (files, -I, --field, --max-stack, --max-memory, --timeout) and reading the files into the
// front end (runtime/front/front_end.h: load, type-check, evaluate) + selecting a field.
// Every loaded module is type-checked before anything is evaluated; a type error stops the
// command with the checker's diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/driver.h"
#include "runtime/front/front_end.h"

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
// Reads the files and loads them (with what they import) into `fe`, then type-checks; the
// module ids, or nullopt after reporting errors. A file is read once the one before it loaded.
std::optional<std::vector<uint32_t>> load_files(Driver& driver, front::FrontEnd& fe, const EvalOptions& o);
// Loads and type-checks the files, evaluates them merged with `&`, and selects `--field`.
std::optional<eval::Value> evaluate_files(Driver& driver, front::FrontEnd& fe, const EvalOptions& o);

} // namespace cairn::cli
