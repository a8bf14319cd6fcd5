// The evaluating front end's phases; see front_end.h.
#include "runtime/front/front_end.h"

namespace cairn::front {

FrontEnd::FrontEnd(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
                   eval::EvaluatorOptions options, bool typecheck)
    : evaluator_(sources, names, diags, std::move(options)), checker_(evaluator_.program(), diags),
      typecheck_(typecheck) {}

std::optional<uint32_t> FrontEnd::load(base::FileId file) { return evaluator_.load(file); }

bool FrontEnd::check() { return !typecheck_ || checker_.check_loaded(); }

std::optional<std::vector<uint32_t>> FrontEnd::compile(const std::vector<base::FileId>& files) {
  std::vector<uint32_t> modules;
  for (base::FileId f : files) {
    std::optional<uint32_t> m = load(f);
    if (!m) return std::nullopt;
    modules.push_back(*m);
  }
  if (!check()) return std::nullopt;
  return modules;
}

std::optional<eval::Value> FrontEnd::evaluate(const std::vector<uint32_t>& modules) {
  return modules.size() == 1 ? evaluator_.evaluate(modules[0]) : evaluator_.evaluate_merged(modules);
}

std::optional<eval::Value> FrontEnd::run(base::FileId file, const eval::DeepOptions* deep) {
  std::optional<std::vector<uint32_t>> modules = compile({file});
  std::optional<eval::Value> v = modules ? evaluate(*modules) : std::nullopt;
  if (v && deep) v = evaluator_.deep_force(*v, *deep);
  return v;
}

} // namespace cairn::front
