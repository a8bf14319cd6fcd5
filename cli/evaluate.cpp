// Shared loading and evaluation for the evaluating commands; see evaluate.h.
#include "cli/evaluate.h"

namespace cairn::cli {

void add_eval_options(CLI::App* cmd, EvalOptions& o, bool files_optional) {
  auto* files = cmd->add_option("FILE", o.files, "the files to evaluate (several are merged with `&`)");
  if (!files_optional) files->required();
  cmd->add_option("-I,--import-path", o.include_dirs, "a directory to search for imports (repeatable)");
  cmd->add_option("--field", o.field, "only this field of the result (a path like `a.b`)");
  cmd->add_option("--max-stack", o.max_stack, "the evaluator's stack limit, in frames")->default_val(o.max_stack);
  cmd->add_option("--max-memory", o.max_memory_mib, "the evaluator's memory limit, in MiB")
      ->default_val(o.max_memory_mib)
      ->check(CLI::Range(size_t(1), size_t(1) << 30));
  cmd->add_option("--timeout", o.timeout_seconds, "stop an evaluation running longer than this, in seconds (0: never)")
      ->default_val(o.timeout_seconds);
}

eval::EvaluatorOptions evaluator_options(const EvalOptions& o) {
  eval::EvaluatorOptions e;
  e.include_dirs = o.include_dirs;
  e.max_frames = o.max_stack;
  e.max_memory = o.max_memory_mib << 20;
  e.max_seconds = o.timeout_seconds;
  return e;
}

std::vector<std::string> split_field_path(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (c == '.' && !quoted) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!cur.empty() || !out.empty()) out.push_back(cur);
  return out;
}

std::optional<std::vector<uint32_t>> load_files(Driver& driver, front::FrontEnd& fe, const EvalOptions& o) {
  std::vector<uint32_t> modules;
  for (const std::string& f : o.files) {
    std::optional<base::FileId> file = driver.load(f);
    std::optional<uint32_t> m = file ? fe.load(*file) : std::nullopt;
    if (!m) return std::nullopt;
    modules.push_back(*m);
  }
  if (!fe.check()) return std::nullopt;
  return modules;
}

std::optional<eval::Value> evaluate_files(Driver& driver, front::FrontEnd& fe, const EvalOptions& o) {
  std::optional<std::vector<uint32_t>> loaded = load_files(driver, fe, o);
  std::optional<eval::Value> v = loaded ? fe.evaluate(*loaded) : std::nullopt;
  if (v && !o.field.empty()) v = fe.evaluator().get(*v, split_field_path(o.field));
  return v;
}

} // namespace cairn::cli
