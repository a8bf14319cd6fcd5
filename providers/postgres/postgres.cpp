// The `postgres` provider's settings, validation and dispatch; see postgres.h.
#include "providers/postgres/postgres.h"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>

#include "providers/schema/derive.h"

namespace cairn::providers {

namespace postgres {

std::string str(const Value& in, const char* name, const std::string& dflt) {
  const Value* v = in.get(name);
  return v && v->is_string() ? v->as_string() : dflt;
}

bool has(const Value& in, const char* name) {
  const Value* v = in.get(name);
  return v && !v->is_null();
}

bool flag(const Value& in, const char* name) {
  const Value* v = in.get(name);
  return v && v->kind() == resource::ValueKind::Bool && v->as_bool();
}

long long number(const Value& in, const char* name, long long dflt) {
  const Value* v = in.get(name);
  return v && v->kind() == resource::ValueKind::Number ? static_cast<long long>(v->as_double()) : dflt;
}

std::vector<std::string> strings(const Value& in, const char* name) {
  std::vector<std::string> out;
  const Value* v = in.get(name);
  if (v && v->kind() == resource::ValueKind::Array)
    for (const Value& e : v->as_array())
      if (e.is_string()) out.push_back(e.as_string());
  return out;
}

Value string_array(std::vector<std::string> items) {
  resource::Array a;
  for (std::string& s : items) a.push_back(Value::string(std::move(s)));
  return Value::array(std::move(a));
}

OpResult failed(const Problem& p) {
  OpResult r;
  r.problems.push_back(p);
  return r;
}

} // namespace postgres

namespace {

using namespace postgres;

// Sorted, unique, upper-case; "ALL" expands, "TEMP" is "TEMPORARY".
std::vector<std::string> normal_privileges(std::vector<std::string> in, const std::string& type) {
  std::vector<std::string> out;
  for (std::string& p : in) {
    for (char& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (p == "TEMP") p = "TEMPORARY";
    if (p == "ALL" || p == "ALL PRIVILEGES") {
      for (const std::string& a : allowed_privileges(type)) out.push_back(a);
      continue;
    }
    out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

class PostgresProvider final : public Provider {
public:
  const ProviderSchema& schema() const override { return builtin_schema("postgres"); }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    Value s = settings.is_object() ? settings : Value::object();
    check_settings(schema(), s, problems);
    settings_ = {};
    for (const char* k : {"host", "user", "password", "sslmode"})
      if (const Value* v = s.get(k); v && v->is_string()) settings_.params.emplace_back(k, v->as_string());
    if (const Value* v = s.get("port"); v && v->kind() == resource::ValueKind::Number)
      settings_.params.emplace_back("port", v->number_text());
    if (const Value* v = s.get("connect_timeout"); v && v->kind() == resource::ValueKind::Number)
      settings_.params.emplace_back("connect_timeout", v->number_text());
    settings_.database = str(s, "database", "postgres");
  }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    if (type == "postgres.Role") {
      std::vector<std::string> m = strings(inputs, "member_of");
      std::sort(m.begin(), m.end());
      m.erase(std::unique(m.begin(), m.end()), m.end());
      if (const Value* v = inputs.get("member_of"); v && !v->has_unknown()) inputs.set("member_of", string_array(m));
    }
    if (type == "postgres.Grant") {
      std::string t = str(inputs, "object_type");
      const Value* v = inputs.get("privileges");
      if (allowed_privileges(t).empty()) {
        if (inputs.get("object_type") && inputs.get("object_type")->is_string())
          problems.push_back({"object_type", fmt::format("`object_type` is \"database\", \"schema\", \"table\" or "
                                                         "\"sequence\", not \"{}\"",
                                                         t)});
        return;
      }
      if (t != "database" && !has(inputs, "schema"))
        problems.push_back({"schema", fmt::format("a grant on `{}` needs `schema`", t)});
      if (!v || v->has_unknown()) return;
      std::vector<std::string> privs = normal_privileges(strings(inputs, "privileges"), t);
      std::vector<std::string> allowed = allowed_privileges(t);
      for (const std::string& p : privs)
        if (std::find(allowed.begin(), allowed.end(), p) == allowed.end()) {
          std::string list;
          for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
          problems.push_back({"privileges", fmt::format("`{}` is not a privilege on a {} (those are {})", p, t, list)});
        }
      inputs.set("privileges", string_array(privs));
    }
  }

  // Outputs that are inputs (names, ids) are known when planning, so a change to a role
  // does not make everything that reads its name unknown (and replaced).
  PlannedChange plan(const Request& r, const ObjectState* prior, const Value& desired) const override {
    PlannedChange c = Provider::plan(r, prior, desired);
    if (!c.planned_outputs.is_object()) return c;
    auto known = [&](const char* name) {
      const Value* v = desired.get(name);
      return v && v->is_string() ? v : nullptr;
    };
    if (r.type == "postgres.Grant") {
      bool all = known("role") && known("database") && known("object_type") &&
                 (!desired.get("schema") || known("schema"));
      if (all)
        c.planned_outputs.set("id", Value::string(fmt::format("{}/{}/{}/{}", str(desired, "role"), str(desired, "database"),
                                                              str(desired, "schema"), str(desired, "object_type"))));
      return c;
    }
    if (const Value* n = known("name"); n && r.type != "postgres.Extension") c.planned_outputs.set("name", *n);
    if (r.type == "postgres.Database") {
      if (const Value* o = known("owner")) c.planned_outputs.set("owner", *o);
      else if (prior && c.replace.empty() && !desired.get("owner") && prior->outputs.get("owner"))
        c.planned_outputs.set("owner", *prior->outputs.get("owner"));
    }
    if (r.type == "postgres.Extension" && prior && c.replace.empty() && prior->outputs.get("version"))
      c.planned_outputs.set("version", *prior->outputs.get("version"));
    return c;
  }

  OpResult create(const Request& r, const Value& in) override {
    if (r.type == "postgres.Role") return role_create(settings_, in);
    if (r.type == "postgres.Database") return database_create(settings_, in);
    if (r.type == "postgres.Schema") return schema_apply(settings_, in, true);
    if (r.type == "postgres.Extension") return extension_apply(settings_, in, true);
    return grant_apply(settings_, in);
  }
  ReadResult read(const Request& r, const ObjectState& prior) override {
    if (r.type == "postgres.Role") return role_read(settings_, prior);
    if (r.type == "postgres.Database") return database_read(settings_, prior);
    if (r.type == "postgres.Schema") return schema_read(settings_, prior);
    if (r.type == "postgres.Extension") return extension_read(settings_, prior);
    return grant_read(settings_, prior);
  }
  OpResult update(const Request& r, const ObjectState& prior, const Value& in) override {
    if (r.type == "postgres.Role") return role_update(settings_, prior, in);
    if (r.type == "postgres.Database") return database_update(settings_, prior, in);
    if (r.type == "postgres.Schema") return schema_apply(settings_, in, false);
    if (r.type == "postgres.Extension") return extension_apply(settings_, in, false);
    return grant_apply(settings_, in);
  }
  OpResult destroy(const Request& r, const ObjectState& prior) override {
    if (r.type == "postgres.Role") return role_delete(settings_, prior);
    if (r.type == "postgres.Database") return database_delete(settings_, prior);
    if (r.type == "postgres.Schema") return schema_delete(settings_, prior);
    if (r.type == "postgres.Extension") return extension_delete(settings_, prior);
    return grant_delete(settings_, prior);
  }

private:
  Settings settings_;
};

} // namespace

std::unique_ptr<Provider> make_postgres_provider() { return std::make_unique<PostgresProvider>(); }

} // namespace cairn::providers
