// Plans as JSON: the shape of `terraform show -json` (format_version, resource_changes with
// change.actions/before/after/after_unknown, output_changes) so policy and cost tools can
// read it, plus a `cairn` section with everything apply needs (base commit, spec hash,
// planned inputs and outputs with their unknown masks, the action DAG). The same document is
// the plan file. See plan.h.
#include <algorithm>
#include <functional>
#include <ostream>
#include <set>

#include <fmt/core.h>

#include "compiler/base/hex.h"
#include "compiler/base/sha256.h"
#include "runtime/plan/plan.h"
#include "runtime/plan/plan_file.h"
#include "runtime/resource/address.h"
#include "runtime/resource/json.h"
#include "runtime/resource/json_writer.h"

#ifndef CAIRN_VERSION
#define CAIRN_VERSION "0.0.0"
#endif

namespace cairn::plan {

using resource::Json;

namespace {

void write_actions(resource::JsonWriter& w, const ResourceChange& c) {
  w.begin_array();
  switch (c.action) {
  case ActionKind::Replace:
    w.string(c.create_before_destroy ? "create" : "delete");
    w.string(c.create_before_destroy ? "delete" : "create");
    break;
  case ActionKind::NoOp:
  case ActionKind::Create:
  case ActionKind::Update:
  case ActionKind::Delete: w.string(action_spelling(c.action)); break;
  }
  w.end_array();
}

// Inputs and outputs together, as Terraform shows an object's attributes.
Value merged(const Value& inputs, const Value& outputs) {
  Value out = inputs.is_object() ? inputs : Value::object();
  if (outputs.is_object())
    for (const resource::Member& m : outputs.as_object())
      if (!out.get(m.first)) out.set(m.first, m.second);
  return out;
}

void write_sensitive(resource::JsonWriter& w, const std::vector<std::string>& names) {
  w.begin_object();
  for (const std::string& n : names) {
    w.key(n);
    w.boolean(true);
  }
  w.end_object();
}

void write_lifecycle(resource::JsonWriter& w, const resource::Lifecycle& l) {
  w.begin_object();
  if (l.prevent_destroy) {
    w.key("prevent_destroy");
    w.boolean(true);
  }
  if (l.create_before_destroy) {
    w.key("create_before_destroy");
    w.boolean(true);
  }
  if (!l.ignore_changes.empty()) {
    w.key("ignore_changes");
    w.strings(l.ignore_changes);
  }
  w.end_object();
}

// `v` with the named attributes replaced by `with` (null to hide, an unknown to make apply
// compute them again).
Value without(const Value& v, const std::vector<std::string>& names, const Value& with) {
  if (!v.is_object() || names.empty()) return v;
  Value out = v;
  for (const std::string& n : names)
    if (out.get(n)) out.set(n, with);
  return out;
}

// The plan as written: sensitive values never appear. In the Terraform part they are null
// (with `*_sensitive` saying so); in the cairn part, planned inputs and outputs derived from
// secrets are unknown (apply computes them again from the spec and the state), prior
// records are hidden (apply takes them from the state the plan was made on).
Plan masked_plan(const Plan& plan) {
  Plan out = plan;
  for (ResourceChange& c : out.changes) {
    if (c.sensitive.empty()) continue;
    Value again = Value::unknown({c.address});
    c.after_inputs = without(c.after_inputs, c.sensitive, again);
    c.after_outputs = without(c.after_outputs, c.sensitive, again);
    if (c.prior) {
      c.prior->inputs = without(c.prior->inputs, c.sensitive, Value::null());
      c.prior->outputs = without(c.prior->outputs, c.sensitive, Value::null());
    }
  }
  out.outputs = without(out.outputs, out.sensitive_outputs, Value::unknown({}));
  out.prior_outputs = without(out.prior_outputs, out.sensitive_outputs, Value::null());
  for (OutputChange& o : out.output_changes) {
    if (!o.sensitive) continue;
    if (o.before) o.before = Value::null();
    if (o.after) o.after = Value::null();
  }
  return out;
}

std::string last_segment(const std::string& address) {
  std::string why;
  auto segs = resource::parse_address(address, &why);
  return segs && !segs->empty() ? segs->back() : address;
}

void write_change(resource::JsonWriter& w, const ResourceChange& c) {
  bool gone = c.action == ActionKind::Delete;
  w.begin_object();
  w.key("address");
  w.string(c.address);
  w.key("mode");
  w.string("managed");
  w.key("type");
  w.string(c.type);
  w.key("name");
  w.string(last_segment(c.address));
  w.key("provider_name");
  w.string(c.provider);
  w.key("change");
  w.begin_object();
  w.key("actions");
  write_actions(w, c);
  // Sensitive attributes are null here (and marked in `*_sensitive`), never unknown.
  w.key("before");
  if (c.prior) w.value(without(merged(c.prior->inputs, c.prior->outputs), c.sensitive, Value::null()));
  else w.null();
  Value after = gone ? Value::null() : merged(c.after_inputs, c.after_outputs);
  for (const std::string& n : c.sensitive)
    if (after.get(n) && after.get(n)->is_unknown() && after.get(n)->unknown_deps() == std::vector<std::string>{c.address})
      after.set(n, Value::null());
  w.key("after");
  if (gone) w.null();
  else w.value(after);
  w.key("after_unknown");
  if (gone) {
    w.begin_object();
    w.end_object();
  } else {
    w.unknown_mask(after);
  }
  w.key("before_sensitive");
  if (c.prior) write_sensitive(w, c.sensitive);
  else w.boolean(false);
  w.key("after_sensitive");
  if (gone) w.boolean(false);
  else write_sensitive(w, c.sensitive);
  if (!c.replace_paths.empty()) {
    w.key("replace_paths");
    w.begin_array();
    for (const std::string& p : c.replace_paths) w.strings({p});
    w.end_array();
  }
  if (!c.import_id.empty()) {
    w.key("importing");
    w.begin_object();
    w.key("id");
    w.string(c.import_id);
    w.end_object();
  }
  w.end_object();
  if (c.action == ActionKind::Replace) {
    w.key("action_reason");
    w.string(c.replace_requested ? "replace_by_request" : "replace_because_cannot_update");
  }
  w.end_object();
}

void write_cairn_resource(resource::JsonWriter& w, const Plan& plan, size_t i) {
  const ResourceChange& c = plan.changes[i];
  std::vector<std::string> waits;
  for (uint32_t j : plan.waits_for[i]) waits.push_back(plan.changes[j].address);
  std::set<std::string> unknown_from;
  c.after_inputs.collect_unknown_deps(unknown_from);
  w.begin_object();
  w.key("address");
  w.string(c.address);
  w.key("type");
  w.string(c.type);
  w.key("provider");
  w.string(c.provider);
  w.key("action");
  w.string(action_spelling(c.action));
  w.key("wave");
  w.integer(plan.wave[i]);
  w.key("waits_for");
  w.strings(waits);
  w.key("dependencies");
  w.strings(c.dependencies);
  w.key("lifecycle");
  write_lifecycle(w, c.lifecycle);
  w.key("changed");
  w.strings(c.changed);
  w.key("replace_paths");
  w.strings(c.replace_paths);
  w.key("sensitive");
  w.strings(c.sensitive);
  w.key("prior");
  if (c.prior) resource::write_record(w, *c.prior);
  else w.null();
  w.key("after_inputs");
  w.value(c.after_inputs);
  w.key("after_inputs_unknown");
  w.unknown_mask(c.after_inputs);
  w.key("after_outputs");
  w.value(c.after_outputs);
  w.key("after_outputs_unknown");
  w.unknown_mask(c.after_outputs);
  w.key("unknown_from");
  w.strings(std::vector<std::string>(unknown_from.begin(), unknown_from.end()));
  if (c.create_before_destroy) {
    w.key("create_before_destroy");
    w.boolean(true);
  }
  if (c.replace_requested) {
    w.key("replace_requested");
    w.boolean(true);
  }
  if (!c.drift.empty()) {
    w.key("drift");
    w.string(c.drift);
  }
  if (!c.import_id.empty()) {
    w.key("import_id");
    w.string(c.import_id);
  }
  if (!c.summary.empty()) {
    w.key("summary");
    w.string(c.summary);
  }
  w.end_object();
}

// Terraform's "values representation" of one resource: its known values, with the sensitive
// ones marked (and null) and the unknown ones left out (they are in `after_unknown`).
void write_values_resource(resource::JsonWriter& w, const std::string& address, const std::string& type,
                           const std::string& provider, const Value& values, const std::vector<std::string>& sensitive) {
  w.begin_object();
  w.key("address");
  w.string(address);
  w.key("mode");
  w.string("managed");
  w.key("type");
  w.string(type);
  w.key("name");
  w.string(last_segment(address));
  w.key("provider_name");
  w.string(provider);
  w.key("schema_version");
  w.integer(0);
  Value known = Value::object();
  if (values.is_object())
    for (const resource::Member& m : values.as_object())
      if (!m.second.is_unknown()) known.set(m.first, m.second);
  w.key("values");
  w.value(without(known, sensitive, Value::null()));
  w.key("sensitive_values");
  write_sensitive(w, sensitive);
  w.end_object();
}

// An output in a values representation.
void write_values_outputs(resource::JsonWriter& w, const Value& outputs, const std::vector<std::string>& sensitive) {
  w.begin_object();
  if (outputs.is_object())
    for (const resource::Member& m : outputs.as_object()) {
      bool hidden = std::binary_search(sensitive.begin(), sensitive.end(), m.first);
      w.key(m.first);
      w.begin_object();
      w.key("sensitive");
      w.boolean(hidden);
      if (!m.second.has_unknown()) {
        w.key("value");
        if (hidden) w.null();
        else w.value(m.second);
      }
      w.end_object();
    }
  w.end_object();
}

// Terraform's "expression representation" of a planned value: a constant when known, else
// the references it reads (`resources.<address>.outputs`).
void write_expression(resource::JsonWriter& w, const Value& v) {
  w.begin_object();
  if (!v.has_unknown()) {
    w.key("constant_value");
    w.value(v);
  } else {
    std::set<std::string> from;
    v.collect_unknown_deps(from);
    std::vector<std::string> refs;
    for (const std::string& a : from) refs.push_back("resources." + a + ".outputs");
    w.key("references");
    w.strings(refs);
  }
  w.end_object();
}

// planned_values, prior_state, resource_drift and configuration, as Terraform's JSON plan
// format 1.2 lays them out (as much of each as maps onto cairn).
void write_terraform_views(resource::JsonWriter& w, const Plan& plan) {
  w.key("planned_values");
  w.begin_object();
  w.key("outputs");
  write_values_outputs(w, plan.outputs, plan.sensitive_outputs);
  w.key("root_module");
  w.begin_object();
  w.key("resources");
  w.begin_array();
  for (const ResourceChange& c : plan.changes)
    if (c.action != ActionKind::Delete)
      write_values_resource(w, c.address, c.type, c.provider, merged(c.after_inputs, c.after_outputs), c.sensitive);
  w.end_array();
  w.end_object();
  w.end_object();

  bool any_prior = !plan.prior_outputs.as_object().empty();
  for (const ResourceChange& c : plan.changes) any_prior = any_prior || c.prior.has_value();
  if (any_prior) {
    w.key("prior_state");
    w.begin_object();
    w.key("format_version");
    w.string("1.0");
    w.key("terraform_version");
    w.string(CAIRN_VERSION);
    w.key("values");
    w.begin_object();
    w.key("outputs");
    write_values_outputs(w, plan.prior_outputs, plan.sensitive_outputs);
    w.key("root_module");
    w.begin_object();
    w.key("resources");
    w.begin_array();
    for (const ResourceChange& c : plan.changes)
      if (c.prior)
        write_values_resource(w, c.address, c.prior->type, c.prior->provider, merged(c.prior->inputs, c.prior->outputs),
                              c.sensitive);
    w.end_array();
    w.end_object();
    w.end_object();
    w.end_object();
  }

  w.key("resource_drift");
  w.begin_array();
  for (const ResourceChange& c : plan.changes) {
    if (c.drift.empty() || !c.recorded) continue;
    w.begin_object();
    w.key("address");
    w.string(c.address);
    w.key("mode");
    w.string("managed");
    w.key("type");
    w.string(c.recorded->type);
    w.key("name");
    w.string(last_segment(c.address));
    w.key("provider_name");
    w.string(c.recorded->provider);
    w.key("change");
    w.begin_object();
    bool gone = !c.prior;
    w.key("actions");
    w.strings({gone ? "delete" : "update"});
    w.key("before");
    w.value(without(merged(c.recorded->inputs, c.recorded->outputs), c.sensitive, Value::null()));
    w.key("after");
    if (gone) w.null();
    else w.value(without(merged(c.prior->inputs, c.prior->outputs), c.sensitive, Value::null()));
    w.key("after_unknown");
    w.begin_object();
    w.end_object();
    w.key("before_sensitive");
    write_sensitive(w, c.sensitive);
    w.key("after_sensitive");
    if (gone) w.boolean(false);
    else write_sensitive(w, c.sensitive);
    w.end_object();
    w.end_object();
  }
  w.end_array();

  w.key("configuration");
  w.begin_object();
  w.key("provider_config");
  w.begin_object();
  for (const auto& [name, settings] : plan.providers) {
    w.key(name);
    w.begin_object();
    w.key("name");
    w.string(name);
    w.key("expressions");
    w.begin_object();
    if (settings.is_object())
      for (const resource::Member& m : settings.as_object()) {
        w.key(m.first);
        write_expression(w, m.second);
      }
    w.end_object();
    w.end_object();
  }
  w.end_object();
  w.key("root_module");
  w.begin_object();
  w.key("outputs");
  w.begin_object();
  if (plan.outputs.is_object())
    for (const resource::Member& m : plan.outputs.as_object()) {
      bool hidden = std::binary_search(plan.sensitive_outputs.begin(), plan.sensitive_outputs.end(), m.first);
      w.key(m.first);
      w.begin_object();
      if (!hidden) {
        w.key("expression");
        write_expression(w, m.second);
      }
      w.key("sensitive");
      w.boolean(hidden);
      w.end_object();
    }
  w.end_object();
  w.key("resources");
  w.begin_array();
  for (const ResourceChange& c : plan.changes) {
    if (c.action == ActionKind::Delete) continue;
    w.begin_object();
    w.key("address");
    w.string(c.address);
    w.key("mode");
    w.string("managed");
    w.key("type");
    w.string(c.type);
    w.key("name");
    w.string(last_segment(c.address));
    w.key("provider_config_key");
    w.string(c.provider);
    w.key("expressions");
    w.begin_object();
    if (c.after_inputs.is_object())
      for (const resource::Member& m : c.after_inputs.as_object()) {
        if (std::find(c.sensitive.begin(), c.sensitive.end(), m.first) != c.sensitive.end()) continue;
        w.key(m.first);
        write_expression(w, m.second);
      }
    w.end_object();
    w.key("schema_version");
    w.integer(0);
    if (!c.dependencies.empty()) {
      w.key("depends_on");
      w.strings(c.dependencies);
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
}

// The Terraform part of the plan document: the views and the changes.
void write_terraform_part(resource::JsonWriter& w, const Plan& plan) {
  w.key("terraform_version");
  w.string(CAIRN_VERSION);
  write_terraform_views(w, plan);
  w.key("resource_changes");
  w.begin_array();
  for (const ResourceChange& c : plan.changes) write_change(w, c);
  w.end_array();
  w.key("output_changes");
  w.begin_object();
  for (const OutputChange& o : plan.output_changes) {
    w.key(o.name);
    w.begin_object();
    w.key("actions");
    w.strings({!o.before ? "create" : !o.after ? "delete" : "update"});
    w.key("before");
    if (o.before) w.value(*o.before);
    else w.null();
    w.key("after");
    if (o.after) w.value(*o.after);
    else w.null();
    w.key("after_unknown");
    if (o.after) w.unknown_mask(*o.after);
    else w.boolean(false);
    w.key("before_sensitive");
    w.boolean(o.sensitive && o.before);
    w.key("after_sensitive");
    w.boolean(o.sensitive && o.after);
    w.end_object();
  }
  w.end_object();
}

// The cairn section, last in the document: everything apply reads, then the checksum.
// `drain` (when set) takes what has been written so far between resources.
void write_cairn_section(resource::JsonWriter& w, const Plan& plan, const std::function<void()>& drain) {
  w.key("cairn");
  w.begin_object();
  w.key("plan_format");
  w.integer(kPlanFileFormat);
  w.key("stack");
  w.string(plan.stack);
  w.key("base_commit");
  w.string(plan.base_commit);
  w.key("base_stack_tree");
  w.string(plan.base_stack_tree);
  w.key("spec");
  w.begin_object();
  w.key("path");
  w.string(plan.spec_path);
  w.key("files");
  w.strings(plan.spec_files);
  w.key("overrides");
  w.strings(plan.overrides);
  w.key("sha256");
  w.string(plan.spec_hash);
  w.end_object();
  w.key("refresh");
  w.boolean(plan.refresh);
  w.key("destroy");
  w.boolean(plan.destroy);
  w.key("targets");
  w.strings(plan.targets);
  w.key("state_only_changes");
  w.boolean(plan.state_only_changes);
  w.key("providers");
  w.begin_object();
  for (const auto& [name, settings] : plan.providers) {
    w.key(name);
    w.value(settings);
  }
  w.end_object();
  w.key("sensitive_outputs");
  w.strings(plan.sensitive_outputs);
  w.key("prior_outputs");
  w.value(plan.prior_outputs);
  w.key("outputs");
  w.value(plan.outputs);
  w.key("outputs_unknown");
  w.unknown_mask(plan.outputs);
  // The resources each unknown output comes from (the references `show --json` lists).
  w.key("outputs_unknown_from");
  w.begin_object();
  if (plan.outputs.is_object()) {
    for (const resource::Member& m : plan.outputs.as_object()) {
      std::set<std::string> from;
      m.second.collect_unknown_deps(from);
      if (from.empty()) continue;
      w.key(m.first);
      w.strings(std::vector<std::string>(from.begin(), from.end()));
    }
  }
  w.end_object();
  w.key("resources");
  w.begin_array();
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    write_cairn_resource(w, plan, i);
    if (drain) drain();
  }
  w.end_array();
  // Last in the file (plan_file.h): the checksum of every byte before it.
  w.key("checksum");
  w.string(kChecksumPlaceholder);
  w.end_object();
}

bool needs_masking(const Plan& plan) {
  if (!plan.sensitive_outputs.empty()) return true;
  for (const ResourceChange& c : plan.changes)
    if (!c.sensitive.empty()) return true;
  for (const OutputChange& o : plan.output_changes)
    if (o.sensitive) return true;
  return false;
}

// Renders the plan document into `out`; with `drain`, `out` is handed over (and emptied)
// whenever it grows past a megabyte, so a large plan is never held whole as text.
void render(const Plan& shown, bool terraform_part, std::string& out, const std::function<void(std::string&)>& drain) {
  // Masking copies the plan (strings are shared, so that is cheap); most plans need none.
  std::optional<Plan> masked;
  if (needs_masking(shown)) masked = masked_plan(shown);
  const Plan& plan = masked ? *masked : shown;
  resource::JsonWriter w(out);
  w.begin_object();
  w.key("format_version");
  w.string("1.2");
  w.key("cairn_version");
  w.string(CAIRN_VERSION);
  if (terraform_part) write_terraform_part(w, plan);
  std::function<void()> drain_big;
  if (drain)
    drain_big = [&] {
      if (out.size() > (1u << 20)) drain(out);
    };
  write_cairn_section(w, plan, drain_big);
  w.end_object();
  out += '\n';
}

std::string render(const Plan& plan, bool terraform_part) {
  std::string out;
  render(plan, terraform_part, out, nullptr);
  seal_plan_text(out);
  return out;
}

} // namespace

namespace {

// Renders the plan file and hands its bytes to `sink` in order, a megabyte or more at a
// time. The checksum inside covers every byte before its hex digits: hash what is drained,
// then the tail up to the placeholder's digits.
void emit_plan_file(const Plan& plan, const std::function<void(std::string_view)>& sink) {
  base::Sha256 hash;
  std::string out;
  render(plan, false, out, [&](std::string& chunk) {
    hash.update(chunk);
    sink(chunk);
    chunk.clear();
  });
  size_t at = out.rfind(kChecksumPlaceholder);
  if (at != std::string::npos) {
    size_t hex = at + std::string_view("sha256:").size();
    hash.update(std::string_view(out).substr(0, hex));
    auto digest = hash.finish();
    base::write_hex(&out[hex], digest.data(), digest.size());
  }
  sink(out);
}

} // namespace

bool write_plan_file(const Plan& plan, std::ostream& os) {
  emit_plan_file(plan, [&](std::string_view bytes) { os.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
  return static_cast<bool>(os);
}

std::string plan_file_sha256(const Plan& plan) {
  base::Sha256 hash;
  emit_plan_file(plan, [&](std::string_view bytes) { hash.update(bytes); });
  return base::hex(hash.finish());
}

std::string render_json(const Plan& plan) { return render(plan, true); }
std::string render_plan_file(const Plan& plan) { return render(plan, false); }

namespace {

struct Reader {
  std::string* why;
  std::vector<std::string>* where; // the path of what is wrong (plan_file.h locates it)
  std::vector<std::string> at{"cairn"};
  bool failed = false;

  void fail(std::string m, const char* key = nullptr) {
    if (!failed) {
      *why = std::move(m);
      *where = at;
      if (key) where->push_back(key);
    }
    failed = true;
  }
  const Json& get(const Json& j, const char* key, Json::value_t t) {
    static const Json kNull;
    auto it = j.find(key);
    if (it == j.end() || it->type() != t) {
      // Unsigned and signed integers are interchangeable here.
      bool number = t == Json::value_t::number_unsigned && it != j.end() && it->is_number_integer();
      if (!number) {
        fail(fmt::format("`{}` is missing or has the wrong type", key), key);
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
      if (!e.is_string()) fail(fmt::format("`{}` must hold strings", key), key);
      else out.push_back(e.get<std::string>());
    }
    return out;
  }
  Value value(const Json& j, const char* key, const char* mask_key, const std::vector<std::string>& deps) {
    auto it = j.find(key);
    if (it == j.end()) {
      fail(fmt::format("`{}` is missing", key), key);
      return Value::null();
    }
    static const Json kFalse = false;
    auto mit = mask_key ? j.find(mask_key) : j.end();
    std::string w;
    auto v = resource::from_json_masked(*it, mit == j.end() ? kFalse : *mit, deps, &w);
    if (!v) {
      fail(w, key);
      return Value::null();
    }
    return *v;
  }
};

} // namespace

namespace {

// One member of `cairn.resources`.
ResourceChange read_change(Reader& r, const Json& j, uint32_t* wave, std::vector<std::string>* waits) {
  ResourceChange ch;
  ch.address = r.str(j, "address");
  ch.type = r.str(j, "type");
  ch.provider = r.str(j, "provider");
  auto action = action_from_spelling(r.str(j, "action"));
  if (!action) r.fail(fmt::format("`{}` has an unknown action", ch.address), "action");
  ch.action = action.value_or(ActionKind::NoOp);
  ch.create_before_destroy = j.value("create_before_destroy", false);
  ch.replace_requested = j.value("replace_requested", false);
  ch.drift = j.value("drift", "");
  ch.import_id = j.value("import_id", "");
  ch.summary = j.value("summary", "");
  std::vector<std::string> deps = r.strings(j, "unknown_from");
  ch.dependencies = r.strings(j, "dependencies");
  ch.changed = r.strings(j, "changed");
  ch.replace_paths = r.strings(j, "replace_paths");
  ch.sensitive = r.strings(j, "sensitive");
  if (auto it = j.find("lifecycle"); it != j.end()) ch.lifecycle = resource::lifecycle_from_json(*it);
  if (auto it = j.find("prior"); it != j.end() && !it->is_null()) {
    std::string w;
    auto rec = resource::record_from_json(*it, &w);
    if (!rec) r.fail(fmt::format("the prior record of `{}` is malformed: {}", ch.address, w), "prior");
    else ch.prior = std::move(*rec);
  }
  if (!ch.import_id.empty() && !ch.prior)
    r.fail(fmt::format("`{}` imports an object but holds no record of it", ch.address));
  ch.after_inputs = r.value(j, "after_inputs", "after_inputs_unknown", deps);
  ch.after_outputs = r.value(j, "after_outputs", "after_outputs_unknown", {ch.address});
  *wave = j.value("wave", 0u);
  *waits = r.strings(j, "waits_for");
  return ch;
}

// `v` with every unknown leaf coming from `deps`.
Value with_unknown_deps(const Value& v, const std::vector<std::string>& deps) {
  if (v.is_unknown()) return Value::unknown(deps);
  if (v.kind() == resource::ValueKind::Array) {
    resource::Array out;
    for (const Value& e : v.as_array()) out.push_back(with_unknown_deps(e, deps));
    return Value::array(std::move(out));
  }
  if (v.is_object()) {
    resource::Object out;
    for (const resource::Member& m : v.as_object()) out.emplace_back(m.first, with_unknown_deps(m.second, deps));
    return Value::object(std::move(out));
  }
  return v;
}
} // namespace

std::optional<Json> parse_plan_text(std::string_view text, std::string* why, size_t* error_offset,
                                    PreReadChanges* pre) {
  // Keys and container kinds on the way down; members of cairn.resources end at depth 3.
  std::vector<std::string> keys;
  std::vector<bool> is_array;
  Json::parser_callback_t callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    auto d = static_cast<size_t>(depth);
    switch (event) {
    case Json::parse_event_t::key:
      if (keys.size() <= d) keys.resize(d + 1);
      keys[d] = parsed.is_string() ? parsed.get<std::string>() : "";
      return true;
    case Json::parse_event_t::object_start:
    case Json::parse_event_t::array_start:
      if (is_array.size() <= d) is_array.resize(d + 1);
      is_array[d] = event == Json::parse_event_t::array_start;
      return true;
    case Json::parse_event_t::object_end: break;
    default: return true;
    }
    if (d != 3 || keys.size() < 3 || keys[1] != "cairn" || keys[2] != "resources" || !is_array[2]) return true;
    size_t index = pre->changes.size();
    std::string w;
    std::vector<std::string> where;
    Reader r{&w, &where};
    r.at = {"cairn", "resources", std::to_string(index)};
    uint32_t wave = 0;
    std::vector<std::string> waits;
    try {
      ResourceChange ch = read_change(r, parsed, &wave, &waits);
      if (!r.failed) {
        pre->changes.push_back(std::move(ch));
        pre->waves.push_back(wave);
        pre->waits.push_back(std::move(waits));
        return false; // read: left out of the tree
      }
    } catch (const Json::exception& e) {
      r.fail(fmt::format("a member has the wrong type ({})", e.what()));
    }
    if (!pre->failed) {
      pre->failed = true;
      pre->why = w;
      pre->where = where;
    }
    return false;
  };
  return resource::parse_json_text(text, why, error_offset, callback);
}

std::optional<Plan> read_plan_json(std::string_view text, std::string* why) {
  PreReadChanges pre;
  auto doc = parse_plan_text(text, why, nullptr, &pre);
  if (!doc) return std::nullopt;
  std::vector<std::string> where;
  return read_plan_document(*doc, why, &where, &pre);
}

std::optional<Plan> read_plan_document(const resource::Json& document, std::string* why,
                                       std::vector<std::string>* where, PreReadChanges* pre) {
  const Json* doc = &document;
  Reader r{why, where};
  if (!doc->is_object() || !doc->contains("cairn")) {
    *why = "this is not a cairn plan file (no `cairn` section)";
    return std::nullopt;
  }
  const Json& c = (*doc)["cairn"];
  if (!c.is_object() || c.value("plan_format", 0) != kPlanFileFormat) {
    *why = "this plan file was written by an incompatible version of cairn";
    return std::nullopt;
  }
  Plan plan;
  plan.stack = r.str(c, "stack");
  plan.base_commit = r.str(c, "base_commit");
  plan.base_stack_tree = r.str(c, "base_stack_tree");
  const Json& spec = r.get(c, "spec", Json::value_t::object);
  if (spec.is_object()) {
    r.at = {"cairn", "spec"};
    plan.spec_path = r.str(spec, "path");
    plan.spec_files = r.strings(spec, "files");
    plan.overrides = r.strings(spec, "overrides");
    if (plan.spec_files.empty() && !plan.spec_path.empty()) plan.spec_files = {plan.spec_path};
    plan.spec_hash = r.str(spec, "sha256");
    r.at = {"cairn"};
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
  plan.sensitive_outputs = r.strings(c, "sensitive_outputs");
  plan.prior_outputs = r.value(c, "prior_outputs", nullptr, {});
  plan.outputs = r.value(c, "outputs", "outputs_unknown", {});
  if (auto it = c.find("outputs_unknown_from"); it != c.end() && it->is_object() && plan.outputs.is_object()) {
    r.at = {"cairn", "outputs_unknown_from"};
    for (resource::Member& m : plan.outputs.as_object()) {
      if (!m.second.has_unknown() || !it->contains(m.first)) continue;
      std::vector<std::string> from = r.strings(*it, m.first.c_str());
      m.second = with_unknown_deps(m.second, from);
    }
    r.at = {"cairn"};
  }
  if (!plan.prior_outputs.is_object()) r.fail("`prior_outputs` must be an object", "prior_outputs");
  std::vector<std::vector<std::string>> waits;
  const Json& listed = r.get(c, "resources", Json::value_t::array);
  if (pre && listed.is_array()) {
    // Read while parsing (read_plan_streaming): what is left in the array is not an object.
    if (!listed.empty()) {
      r.at = {"cairn", "resources", std::to_string(pre->changes.size())};
      r.fail("`resources` must hold objects");
    } else if (pre->failed && !r.failed) {
      *why = pre->why;
      *where = pre->where;
      return std::nullopt;
    }
    plan.changes = std::move(pre->changes);
    plan.wave = std::move(pre->waves);
    waits = std::move(pre->waits);
  }
  for (size_t ri = 0; !pre && listed.is_array() && ri < listed.size(); ++ri) {
    const Json& j = listed[ri];
    r.at = {"cairn", "resources", std::to_string(plan.changes.size())};
    if (!j.is_object()) {
      r.fail("`resources` must hold objects");
      break;
    }
    plan.wave.emplace_back();
    waits.emplace_back();
    plan.changes.push_back(read_change(r, j, &plan.wave.back(), &waits.back()));
  }
  if (r.failed) return std::nullopt;
  for (size_t i = 1; i < plan.changes.size(); ++i) {
    if (!(plan.changes[i - 1].address < plan.changes[i].address)) {
      *why = "the resources of the plan are not in address order";
      *where = {"cairn", "resources", std::to_string(i), "address"};
      return std::nullopt;
    }
  }
  for (const auto& w : waits) {
    std::vector<uint32_t> idx;
    *where = {"cairn", "resources", std::to_string(plan.waits_for.size()), "waits_for"};
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
    oc.sensitive = std::binary_search(plan.sensitive_outputs.begin(), plan.sensitive_outputs.end(), n);
    if (!(oc.before && oc.after && *oc.before == *oc.after && !oc.after->has_unknown()))
      plan.output_changes.push_back(std::move(oc));
  }
  return plan;
}

} // namespace cairn::plan
