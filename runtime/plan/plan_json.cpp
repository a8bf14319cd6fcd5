// Plans as JSON: the shape of `terraform show -json` (format_version, resource_changes with
// change.actions/before/after/after_unknown, output_changes) so policy and cost tools can
// read it, plus a `cairn` section with everything apply needs (base commit, spec hash,
// planned inputs and outputs with their unknown masks, the action DAG). The same document is
// the plan file. See plan.h.
#include <algorithm>

#include <fmt/core.h>

#include "runtime/plan/plan.h"
#include "runtime/resource/address.h"
#include "runtime/resource/json.h"

#ifndef CAIRN_VERSION
#define CAIRN_VERSION "0.0.0"
#endif

namespace cairn::plan {

using resource::Json;

namespace {

constexpr int kPlanFormat = 1;

Json actions_json(const ResourceChange& c) {
  switch (c.action) {
  case ActionKind::Replace:
    return c.create_before_destroy ? Json::array({"create", "delete"}) : Json::array({"delete", "create"});
  case ActionKind::NoOp:
  case ActionKind::Create:
  case ActionKind::Update:
  case ActionKind::Delete: return Json::array({std::string(action_spelling(c.action))});
  }
  return Json::array();
}

// Inputs and outputs together, as Terraform shows an object's attributes.
Value merged(const Value& inputs, const Value& outputs) {
  Value out = inputs.is_object() ? inputs : Value::object();
  if (outputs.is_object())
    for (const resource::Member& m : outputs.as_object())
      if (!out.get(m.first)) out.set(m.first, m.second);
  return out;
}

Json sensitive_json(const std::vector<std::string>& names) {
  Json j = Json::object();
  for (const std::string& n : names) j[n] = true;
  return j;
}

std::string last_segment(const std::string& address) {
  std::string why;
  auto segs = resource::parse_address(address, &why);
  return segs && !segs->empty() ? segs->back() : address;
}

Json providers_json(const Plan& plan) {
  Json j = Json::object();
  for (const auto& [name, settings] : plan.providers) j[name] = resource::to_json(settings);
  return j;
}

} // namespace

std::string render_json(const Plan& plan) {
  Json changes = Json::array();
  Json cairn_resources = Json::array();
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const ResourceChange& c = plan.changes[i];
    bool gone = c.action == ActionKind::Delete;
    Value after = gone ? Value::null() : merged(c.after_inputs, c.after_outputs);
    Json change = {
        {"actions", actions_json(c)},
        {"before", c.prior ? resource::to_json(merged(c.prior->inputs, c.prior->outputs)) : Json()},
        {"after", gone ? Json() : resource::to_json(after)},
        {"after_unknown", gone ? Json::object() : resource::unknown_mask(after)},
        {"before_sensitive", c.prior ? sensitive_json(c.sensitive) : Json(false)},
        {"after_sensitive", gone ? Json(false) : sensitive_json(c.sensitive)},
    };
    if (!c.replace_paths.empty()) {
      Json paths = Json::array();
      for (const std::string& p : c.replace_paths) paths.push_back(Json::array({p}));
      change["replace_paths"] = paths;
    }
    Json rc = {{"address", c.address},
               {"type", c.type},
               {"name", last_segment(c.address)},
               {"provider_name", c.provider},
               {"change", change}};
    if (c.action == ActionKind::Replace)
      rc["action_reason"] = c.replace_requested ? "replace_by_request" : "replace_because_cannot_update";
    changes.push_back(rc);

    Json waits = Json::array();
    for (uint32_t j : plan.waits_for[i]) waits.push_back(plan.changes[j].address);
    std::set<std::string> unknown_from;
    c.after_inputs.collect_unknown_deps(unknown_from);
    Json cr = {{"address", c.address},
               {"type", c.type},
               {"provider", c.provider},
               {"action", std::string(action_spelling(c.action))},
               {"wave", plan.wave[i]},
               {"waits_for", waits},
               {"dependencies", c.dependencies},
               {"lifecycle", resource::lifecycle_to_json(c.lifecycle)},
               {"changed", c.changed},
               {"replace_paths", c.replace_paths},
               {"sensitive", c.sensitive},
               {"prior", c.prior ? resource::record_to_json(*c.prior) : Json()},
               {"after_inputs", resource::to_json(c.after_inputs)},
               {"after_inputs_unknown", resource::unknown_mask(c.after_inputs)},
               {"after_outputs", resource::to_json(c.after_outputs)},
               {"after_outputs_unknown", resource::unknown_mask(c.after_outputs)},
               {"unknown_from", std::vector<std::string>(unknown_from.begin(), unknown_from.end())}};
    if (c.create_before_destroy) cr["create_before_destroy"] = true;
    if (c.replace_requested) cr["replace_requested"] = true;
    if (!c.drift.empty()) cr["drift"] = c.drift;
    cairn_resources.push_back(cr);
  }
  Json outputs = Json::object();
  for (const OutputChange& o : plan.output_changes) {
    const char* action = !o.before ? "create" : !o.after ? "delete" : "update";
    outputs[o.name] = {{"actions", Json::array({action})},
                       {"before", o.before ? resource::to_json(*o.before) : Json()},
                       {"after", o.after ? resource::to_json(*o.after) : Json()},
                       {"after_unknown", o.after ? resource::unknown_mask(*o.after) : Json(false)},
                       {"before_sensitive", false},
                       {"after_sensitive", false}};
  }
  Json doc = {
      {"format_version", "1.2"},
      {"cairn_version", CAIRN_VERSION},
      {"resource_changes", changes},
      {"output_changes", outputs},
      {"cairn",
       {{"plan_format", kPlanFormat},
        {"stack", plan.stack},
        {"base_commit", plan.base_commit},
        {"base_stack_tree", plan.base_stack_tree},
        {"spec", {{"path", plan.spec_path}, {"sha256", plan.spec_hash}}},
        {"refresh", plan.refresh},
        {"destroy", plan.destroy},
        {"targets", plan.targets},
        {"state_only_changes", plan.state_only_changes},
        {"providers", providers_json(plan)},
        {"prior_outputs", resource::to_json(plan.prior_outputs)},
        {"outputs", resource::to_json(plan.outputs)},
        {"outputs_unknown", resource::unknown_mask(plan.outputs)},
        {"resources", cairn_resources}}},
  };
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

struct Reader {
  std::string* why;
  bool failed = false;

  void fail(std::string m) {
    if (!failed) *why = std::move(m);
    failed = true;
  }
  const Json& get(const Json& j, const char* key, Json::value_t t) {
    static const Json kNull;
    auto it = j.find(key);
    if (it == j.end() || it->type() != t) {
      // Unsigned and signed integers are interchangeable here.
      bool number = t == Json::value_t::number_unsigned && it != j.end() && it->is_number_integer();
      if (!number) {
        fail(fmt::format("`{}` is missing or has the wrong type", key));
        return kNull;
      }
    }
    return *it;
  }
  std::string str(const Json& j, const char* key) {
    const Json& v = get(j, key, Json::value_t::string);
    return v.is_string() ? v.get<std::string>() : "";
  }
  std::vector<std::string> strings(const Json& j, const char* key) {
    std::vector<std::string> out;
    const Json& v = get(j, key, Json::value_t::array);
    for (const Json& e : v) {
      if (!e.is_string()) fail(fmt::format("`{}` must hold strings", key));
      else out.push_back(e.get<std::string>());
    }
    return out;
  }
  Value value(const Json& j, const char* key, const char* mask_key, const std::vector<std::string>& deps) {
    auto it = j.find(key);
    if (it == j.end()) {
      fail(fmt::format("`{}` is missing", key));
      return Value::null();
    }
    static const Json kFalse = false;
    auto mit = mask_key ? j.find(mask_key) : j.end();
    std::string w;
    auto v = resource::from_json_masked(*it, mit == j.end() ? kFalse : *mit, deps, &w);
    if (!v) {
      fail(w);
      return Value::null();
    }
    return *v;
  }
};

} // namespace

std::optional<Plan> read_plan_json(std::string_view text, std::string* why) {
  auto doc = resource::parse_json_text(text, why);
  if (!doc) return std::nullopt;
  Reader r{why};
  if (!doc->is_object() || !doc->contains("cairn")) {
    *why = "this is not a cairn plan file (no `cairn` section)";
    return std::nullopt;
  }
  const Json& c = (*doc)["cairn"];
  if (!c.is_object() || c.value("plan_format", 0) != kPlanFormat) {
    *why = "this plan file was written by an incompatible version of cairn";
    return std::nullopt;
  }
  Plan plan;
  plan.stack = r.str(c, "stack");
  plan.base_commit = r.str(c, "base_commit");
  plan.base_stack_tree = r.str(c, "base_stack_tree");
  const Json& spec = r.get(c, "spec", Json::value_t::object);
  if (spec.is_object()) {
    plan.spec_path = r.str(spec, "path");
    plan.spec_hash = r.str(spec, "sha256");
  }
  plan.refresh = c.value("refresh", true);
  plan.destroy = c.value("destroy", false);
  plan.state_only_changes = c.value("state_only_changes", false);
  plan.targets = r.strings(c, "targets");
  if (auto it = c.find("providers"); it != c.end() && it->is_object()) {
    for (auto p = it->begin(); p != it->end(); ++p) {
      std::string w;
      auto v = resource::from_json(p.value(), &w);
      if (v) plan.providers[p.key()] = std::move(*v);
    }
  }
  plan.prior_outputs = r.value(c, "prior_outputs", nullptr, {});
  plan.outputs = r.value(c, "outputs", "outputs_unknown", {});
  std::vector<std::vector<std::string>> waits;
  for (const Json& j : r.get(c, "resources", Json::value_t::array)) {
    if (!j.is_object()) {
      r.fail("`resources` must hold objects");
      break;
    }
    ResourceChange ch;
    ch.address = r.str(j, "address");
    ch.type = r.str(j, "type");
    ch.provider = r.str(j, "provider");
    auto action = action_from_spelling(r.str(j, "action"));
    if (!action) r.fail(fmt::format("`{}` has an unknown action", ch.address));
    ch.action = action.value_or(ActionKind::NoOp);
    ch.create_before_destroy = j.value("create_before_destroy", false);
    ch.replace_requested = j.value("replace_requested", false);
    ch.drift = j.value("drift", "");
    std::vector<std::string> deps = r.strings(j, "unknown_from");
    ch.dependencies = r.strings(j, "dependencies");
    ch.changed = r.strings(j, "changed");
    ch.replace_paths = r.strings(j, "replace_paths");
    ch.sensitive = r.strings(j, "sensitive");
    if (auto it = j.find("lifecycle"); it != j.end()) ch.lifecycle = resource::lifecycle_from_json(*it);
    if (auto it = j.find("prior"); it != j.end() && !it->is_null()) {
      std::string w;
      auto rec = resource::record_from_json(*it, &w);
      if (!rec) r.fail(fmt::format("the prior record of `{}` is malformed: {}", ch.address, w));
      else ch.prior = std::move(*rec);
    }
    ch.after_inputs = r.value(j, "after_inputs", "after_inputs_unknown", deps);
    ch.after_outputs = r.value(j, "after_outputs", "after_outputs_unknown", {ch.address});
    plan.wave.push_back(j.value("wave", 0u));
    waits.push_back(r.strings(j, "waits_for"));
    plan.changes.push_back(std::move(ch));
  }
  if (r.failed) return std::nullopt;
  for (size_t i = 1; i < plan.changes.size(); ++i) {
    if (!(plan.changes[i - 1].address < plan.changes[i].address)) {
      *why = "the resources of the plan are not in address order";
      return std::nullopt;
    }
  }
  for (const auto& w : waits) {
    std::vector<uint32_t> idx;
    for (const std::string& a : w) {
      auto it = std::lower_bound(plan.changes.begin(), plan.changes.end(), a,
                                 [](const ResourceChange& ch, const std::string& x) { return ch.address < x; });
      if (it == plan.changes.end() || it->address != a) {
        *why = fmt::format("the plan waits for `{}`, which it does not hold", a);
        return std::nullopt;
      }
      idx.push_back(static_cast<uint32_t>(it - plan.changes.begin()));
    }
    plan.waits_for.push_back(std::move(idx));
  }
  // Output changes are recomputed from the prior and planned outputs.
  std::set<std::string> names;
  for (const resource::Member& m : plan.prior_outputs.as_object()) names.insert(m.first);
  if (plan.outputs.is_object())
    for (const resource::Member& m : plan.outputs.as_object()) names.insert(m.first);
  for (const std::string& n : names) {
    OutputChange oc;
    oc.name = n;
    if (const Value* b = plan.prior_outputs.get(n)) oc.before = *b;
    if (const Value* a = plan.outputs.get(n)) oc.after = *a;
    if (!(oc.before && oc.after && *oc.before == *oc.after && !oc.after->has_unknown()))
      plan.output_changes.push_back(std::move(oc));
  }
  return plan;
}

} // namespace cairn::plan
