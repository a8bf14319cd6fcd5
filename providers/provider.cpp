// Default behaviour of providers, driven by their schema: validation with defaults and
// "did you mean", and planning by attribute comparison. See provider.h.
#include "providers/provider.h"

#include <algorithm>

#include <fmt/core.h>

namespace cairn::providers {

std::string_view attr_type_name(AttrType t) {
  switch (t) {
  case AttrType::String: return "String";
  case AttrType::Number: return "Number";
  case AttrType::Bool: return "Bool";
  case AttrType::Record: return "record";
  case AttrType::Array: return "Array";
  case AttrType::Any: return "Dyn";
  }
  return "?";
}

const Attribute* ResourceSchema::input(std::string_view name) const {
  for (const Attribute& a : inputs)
    if (a.name == name) return &a;
  return nullptr;
}

const Attribute* ResourceSchema::output(std::string_view name) const {
  for (const Attribute& a : outputs)
    if (a.name == name) return &a;
  return nullptr;
}

const ResourceSchema* ProviderSchema::find(std::string_view type) const {
  for (const ResourceSchema& r : resources)
    if (r.type == type) return &r;
  return nullptr;
}

std::string_view problem_kind_name(ProblemKind k) {
  switch (k) {
#define CAIRN_PROBLEM(name, text, doc) \
  case ProblemKind::name: return text;
#include "providers/problem_kind.def"
#undef CAIRN_PROBLEM
  }
  return "failed";
}

ProblemKind problem_kind_from_name(std::string_view text) {
#define CAIRN_PROBLEM(name, t, doc) \
  if (text == t) return ProblemKind::name;
#include "providers/problem_kind.def"
#undef CAIRN_PROBLEM
  return ProblemKind::Failed;
}

std::string problems_text(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) {
    if (!out.empty()) out += "; ";
    if (!p.attribute.empty() && p.message.find('`' + p.attribute + '`') == std::string::npos)
      out += fmt::format("`{}`: ", p.attribute);
    out += p.message;
  }
  return out.empty() ? "the provider failed without saying why" : out;
}

std::string OpResult::message() const { return problems_text(problems); }
std::string ReadResult::message() const { return problems_text(problems); }

OpResult op_error(std::string message, ProblemKind kind, std::string attribute) {
  OpResult r;
  r.ok = false;
  r.problems.push_back({std::move(attribute), std::move(message), kind});
  return r;
}

ReadResult read_error(std::string message, ProblemKind kind, std::string attribute) {
  ReadResult r;
  r.status = ReadResult::Status::Error;
  r.problems.push_back({std::move(attribute), std::move(message), kind});
  return r;
}

namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

bool type_matches(AttrType t, const Value& v) {
  switch (t) {
  case AttrType::String: return v.kind() == resource::ValueKind::String;
  case AttrType::Number: return v.kind() == resource::ValueKind::Number;
  case AttrType::Bool: return v.kind() == resource::ValueKind::Bool;
  case AttrType::Record: return v.kind() == resource::ValueKind::Object;
  case AttrType::Array: return v.kind() == resource::ValueKind::Array;
  case AttrType::Any: return true;
  }
  return true;
}

} // namespace

void Provider::configure(const Value& settings, std::vector<Problem>& problems) {
  Value copy = settings.is_object() ? settings : Value::object();
  check_settings(schema(), copy, problems);
}

void check_settings(const ProviderSchema& s, Value& settings, std::vector<Problem>& problems) {
  if (!settings.is_object()) settings = Value::object();
  std::string known;
  for (const Attribute& a : s.settings) known += (known.empty() ? "" : ", ") + a.name;
  for (const resource::Member& m : settings.as_object()) {
    bool found = false;
    for (const Attribute& a : s.settings) found = found || a.name == m.first;
    if (found) continue;
    problems.push_back({m.first, s.settings.empty()
                                     ? fmt::format("provider `{}` takes no settings", s.name)
                                     : fmt::format("provider `{}` has no setting `{}` (its settings: {})",
                                                   s.name, m.first, known)});
  }
  for (const Attribute& a : s.settings) {
    const Value* v = settings.get(a.name);
    if (!v || v->is_null()) {
      if (a.default_value) settings.set(a.name, *a.default_value);
      else if (a.required)
        problems.push_back({a.name, fmt::format("provider `{}` needs the setting `{}`", s.name, a.name)});
      continue;
    }
    if (!v->is_unknown() && !type_matches(a.type, *v))
      problems.push_back({a.name, fmt::format("`{}` must be a {}, not a {}", a.name,
                                              attr_type_name(a.type), value_kind_name(v->kind()))});
  }
}

void Provider::validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const {
  const ResourceSchema* rs = schema().find(type);
  if (!rs) {
    problems.push_back({"", fmt::format("provider `{}` has no resource type `{}`", schema().name, type)});
    return;
  }
  for (const resource::Member& m : inputs.as_object()) {
    if (rs->input(m.first)) continue;
    std::string best;
    size_t best_d = 3;
    for (const Attribute& a : rs->inputs) {
      size_t d = edit_distance(m.first, a.name);
      if (d < best_d) {
        best_d = d;
        best = a.name;
      }
    }
    std::string known;
    for (const Attribute& a : rs->inputs) known += (known.empty() ? "" : ", ") + a.name;
    problems.push_back(
        {m.first, best.empty()
                      ? fmt::format("`{}` has no input `{}` (its inputs: {})", type, m.first, known)
                      : fmt::format("`{}` has no input `{}`; did you mean `{}`?", type, m.first, best)});
  }
  for (const Attribute& a : rs->inputs) {
    const Value* v = inputs.get(a.name);
    if (!v || v->is_null()) {
      if (a.default_value) {
        inputs.set(a.name, *a.default_value);
      } else if (a.required) {
        problems.push_back({a.name, fmt::format("`{}` needs the input `{}`", type, a.name)});
      }
      continue;
    }
    if (v->is_unknown()) continue;
    if (!type_matches(a.type, *v)) {
      problems.push_back({a.name, fmt::format("`{}` must be a {}, not a {}", a.name,
                                              attr_type_name(a.type), value_kind_name(v->kind()))});
    }
  }
}

std::vector<std::string> Provider::sensitive_attributes(std::string_view type, const Value&) const {
  std::vector<std::string> out;
  if (const ResourceSchema* rs = schema().find(type))
    for (const Attribute& a : rs->inputs)
      if (a.sensitive) out.push_back(a.name);
  return out;
}

bool Provider::immutable(std::string_view) const { return false; }

std::string Provider::change_summary(std::string_view, const ObjectState*, const ObjectState*) const { return {}; }

std::vector<std::string> Provider::sensitive_outputs(std::string_view type) const {
  std::vector<std::string> out;
  if (const ResourceSchema* rs = schema().find(type))
    for (const Attribute& a : rs->outputs)
      if (a.sensitive) out.push_back(a.name);
  return out;
}

PlannedChange Provider::plan(const Request& request, const ObjectState* prior,
                             const Value& desired) const {
  PlannedChange out;
  const ResourceSchema* rs = schema().find(request.type);
  static const Value kNull;
  if (prior) {
    std::vector<std::string> names;
    for (const resource::Member& m : desired.as_object()) names.push_back(m.first);
    for (const resource::Member& m : prior->inputs.as_object()) names.push_back(m.first);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& n : names) {
      const Value* want = desired.get(n);
      const Value* have = prior->inputs.get(n);
      if (!want) want = &kNull;
      if (!have) have = &kNull;
      if (*want == *have && !want->has_unknown()) continue;
      out.changed.push_back(n);
      const Attribute* a = rs ? rs->input(n) : nullptr;
      if (a && a->force_new) out.replace.push_back(n);
    }
    if (out.changed.empty()) {
      out.planned_outputs = prior->outputs;
      return out;
    }
  }
  Value outputs = Value::object();
  if (rs)
    for (const Attribute& a : rs->outputs)
      outputs.set(a.name, Value::unknown({std::string(request.address)}));
  out.planned_outputs = std::move(outputs);
  return out;
}

} // namespace cairn::providers
