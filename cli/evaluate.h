// What the evaluating commands share (eval, export, query, test): their common options
// (files, -I, --field, --max-stack) and loading + evaluating + selecting a field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/driver.h"
#include "runtime/eval/evaluator.h"

namespace cairn::cli {

struct EvalOptions {
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;
  std::string field;
  size_t max_stack = size_t(4) << 20;
};

// Adds FILE... (required unless `files_optional`), -I, --field, --max-stack.
void add_eval_options(CLI::App* cmd, EvalOptions& o, bool files_optional = false);
eval::EvaluatorOptions evaluator_options(const EvalOptions& o);
// Splits `a.b."c d"` into field names.
std::vector<std::string> split_field_path(const std::string& path);
// Loads the files, evaluates them merged with `&`, and selects `--field`.
std::optional<eval::Value> evaluate_files(Driver& driver, eval::Evaluator& ev, const EvalOptions& o);

} // namespace cairn::cli
