// The evaluating front end's phases; see front_end.h.
#include "runtime/front/front_end.h"

namespace cairn::front {

namespace {

workspace::UnitOptions unit_options(bool typecheck) {
  workspace::UnitOptions o;
  o.typecheck = typecheck;
  return o;
}

} // namespace

FrontEnd::FrontEnd(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
                   eval::EvaluatorOptions options, bool typecheck)
    : own_workspace_(std::make_unique<workspace::Workspace>(options.include_dirs)),
      own_unit_(std::make_unique<workspace::Unit>(*own_workspace_, sources, names, diags, unit_options(typecheck))),
      unit_(*own_unit_), evaluator_(unit_.program, diags, std::move(options)) {
  evaluator_.set_guards(&unit_.checker);
}

FrontEnd::FrontEnd(workspace::Unit& unit, eval::EvaluatorOptions options)
    : unit_(unit), evaluator_(unit.program, unit.diags, std::move(options)) {
  evaluator_.set_guards(&unit_.checker);
}

std::optional<uint32_t> FrontEnd::load(base::FileId file) { return unit_.load(file); }

bool FrontEnd::check() { return unit_.check(); }

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
