// Diffing one resource; see diff.h.
#include "runtime/plan/diff.h"

#include <algorithm>

namespace cairn::plan {

namespace {

std::vector<std::string> sensitive_of(const providers::Provider* p, const std::string& type,
                                      const Value& inputs, std::vector<std::string> more = {}) {
  if (p) {
    auto s = p->sensitive_attributes(type, inputs);
    more.insert(more.end(), s.begin(), s.end());
    auto o = p->sensitive_outputs(type); // outputs marked `Sensitive` in the contract
    more.insert(more.end(), o.begin(), o.end());
  }
  std::sort(more.begin(), more.end());
  more.erase(std::unique(more.begin(), more.end()), more.end());
  return more;
}

} // namespace

ResourceChange diff_resource(const graph::DesiredResource& desired,
                             const resource::ResourceRecord* prior, providers::Provider& provider,
                             const std::string& provider_name,
                             std::vector<std::string> dependencies, bool replace_requested,
                             const std::set<std::string>& sealed_records) {
  ResourceChange c;
  c.address = desired.address;
  c.type = desired.type;
  c.provider = provider_name;
  c.lifecycle = desired.lifecycle;
  c.loc = desired.loc;
  c.dependencies = std::move(dependencies);
  c.replace_requested = replace_requested;
  providers::Request req{desired.address, desired.type};
  if (!prior) {
    c.action = ActionKind::Create;
    c.after_inputs = desired.inputs;
    c.after_outputs = provider.plan(req, nullptr, desired.inputs).planned_outputs;
    c.sensitive = sensitive_of(&provider, desired.type, desired.inputs, desired.sensitive);
    return c;
  }
  c.prior = *prior;
  c.prior->sealed.reset(); // ciphertext stays in state, never in plans: apply reads it there
  std::vector<std::string> more = desired.sensitive;
  more.insert(more.end(), prior->sensitive.begin(), prior->sensitive.end());
  c.sensitive = sensitive_of(&provider, desired.type, desired.inputs,
                             sensitive_of(&provider, prior->type, prior->inputs, more));
  Value want = desired.inputs;
  for (const std::string& name : desired.lifecycle.ignore_changes) {
    if (const Value* old = prior->inputs.get(name)) want.set(name, *old);
  }
  c.after_inputs = want;
  if (prior->type != desired.type) {
    c.action = ActionKind::Replace;
    c.changed = {"type"};
    c.replace_paths = {"type"};
  } else {
    // Inputs sealed in state that no identity opened (unknowns) cannot be compared: the
    // provider sees the same placeholder on both sides, so they count as unchanged.
    Value prior_inputs = prior->inputs;
    Value compared = want;
    bool sealed = false;
    if (prior->sealed)
      for (const std::string& name : prior->sealed->inputs)
        if (const Value* v = prior->inputs.get(name); v && v->has_unknown()) {
          sealed = true;
          prior_inputs.set(name, Value::string("(sealed)"));
          if (compared.get(name)) compared.set(name, Value::string("(sealed)"));
        }
    // Likewise inputs unknown only because they read values sealed in other records.
    for (const resource::Member& m : want.as_object()) {
      const Value* old = prior_inputs.get(m.first);
      if (!old || !m.second.has_unknown() || sealed_records.empty()) continue;
      std::set<std::string> from;
      m.second.collect_unknown_deps(from);
      if (from.empty() || !std::includes(sealed_records.begin(), sealed_records.end(), from.begin(), from.end())) continue;
      sealed = true;
      compared.set(m.first, *old);
    }
    providers::ObjectState obj{prior->id, prior_inputs, prior->outputs};
    providers::PlannedChange pc = provider.plan(req, &obj, compared);
    if (sealed && pc.planned_outputs.is_object()) {
      // Planned from a placeholder: what the provider would compute is not known.
      Value unknown_outputs = Value::object();
      for (const resource::Member& m : pc.planned_outputs.as_object()) {
        const Value* old = prior->outputs.get(m.first);
        unknown_outputs.set(m.first, old && *old == m.second ? m.second : Value::unknown({c.address}));
      }
      pc.planned_outputs = std::move(unknown_outputs);
    }
    c.changed = std::move(pc.changed);
    c.replace_paths = std::move(pc.replace);
    if (replace_requested || !c.replace_paths.empty()) {
      c.action = ActionKind::Replace;
    } else if (!c.changed.empty()) {
      c.action = ActionKind::Update;
      c.after_outputs = std::move(pc.planned_outputs);
      return c;
    } else {
      c.action = ActionKind::NoOp;
      c.after_outputs = prior->outputs;
      return c;
    }
  }
  c.create_before_destroy = desired.lifecycle.create_before_destroy;
  c.after_outputs = provider.plan(req, nullptr, want).planned_outputs;
  return c;
}

ResourceChange delete_change(const resource::ResourceRecord& prior, providers::Provider* provider) {
  ResourceChange c;
  c.address = prior.address;
  c.type = prior.type;
  c.provider = prior.provider;
  c.action = ActionKind::Delete;
  c.prior = prior;
  c.prior->sealed.reset();
  c.lifecycle = prior.lifecycle;
  c.after_inputs = Value::null();
  c.after_outputs = Value::null();
  c.dependencies = prior.dependencies;
  c.sensitive = sensitive_of(provider, prior.type, prior.inputs, prior.sensitive);
  return c;
}

} // namespace cairn::plan
