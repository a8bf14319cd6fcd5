// Final inputs at apply time; see reevaluate.h.
#include "runtime/apply/reevaluate.h"

#include <fmt/core.h>

#include "runtime/resource/address.h"

namespace cairn::apply {

std::optional<std::string> contradiction(const resource::Value& planned, const resource::Value& actual,
                                         const std::string& path) {
  using resource::ValueKind;
  if (planned.is_unknown()) return std::nullopt;
  if (planned.kind() == ValueKind::Object && actual.kind() == ValueKind::Object) {
    if (planned.as_object().size() != actual.as_object().size()) return path.empty() ? "(inputs)" : path;
    for (const resource::Member& m : planned.as_object()) {
      const resource::Value* a = actual.get(m.first);
      std::string sub = path.empty() ? m.first : path + "." + m.first;
      if (!a) return sub;
      if (auto c = contradiction(m.second, *a, sub)) return c;
    }
    return std::nullopt;
  }
  if (planned.kind() == ValueKind::Array && actual.kind() == ValueKind::Array) {
    if (planned.as_array().size() != actual.as_array().size()) return path;
    for (size_t i = 0; i < planned.as_array().size(); ++i)
      if (auto c = contradiction(planned.as_array()[i], actual.as_array()[i], fmt::format("{}[{}]", path, i)))
        return c;
    return std::nullopt;
  }
  if (planned != actual) return path;
  return std::nullopt;
}

FinalInputs final_inputs(const plan::ResourceChange& change, const graph::Spec& spec,
                         providers::Provider& provider) {
  FinalInputs out;
  const graph::DesiredResource* d = graph::find_resource(spec, change.address);
  if (!d) {
    out.error = "the resource is no longer in the spec";
    return out;
  }
  resource::Value inputs = d->inputs;
  std::vector<providers::Problem> problems;
  provider.validate(change.type, inputs, problems);
  if (!problems.empty()) {
    out.error = problems[0].message;
    return out;
  }
  if (change.prior)
    for (const std::string& name : change.lifecycle.ignore_changes)
      if (const resource::Value* old = change.prior->inputs.get(name)) inputs.set(name, *old);
  if (auto path = contradiction(change.after_inputs, inputs)) {
    out.error = fmt::format("`{}` was known when planning but evaluates differently now; plan again",
                            *path);
    return out;
  }
  if (inputs.has_unknown()) {
    inputs.collect_unknown_deps(out.waiting_on);
    out.kind = FinalInputs::Kind::Waiting;
    return out;
  }
  out.kind = FinalInputs::Kind::Ready;
  out.inputs = std::move(inputs);
  return out;
}

} // namespace cairn::apply
