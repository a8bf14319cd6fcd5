// The `dns` provider's settings, validation, planning and dispatch; see dns.h.
#include "providers/dns/dns.h"

#include <cstdlib>

#include <fmt/core.h>

#include "providers/dns/client.h"
#include "providers/dns/names.h"
#include "providers/schema/derive.h"

namespace cairn::providers {

namespace {

using namespace dns;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

const Value* known_string(const Value& in, const char* name) {
  const Value* v = in.get(name);
  return v && v->is_string() ? v : nullptr;
}

// Sets `name` to its canonical form when it is known.
template <typename F>
void canonical(Value& in, const char* name, F f) {
  if (const Value* v = known_string(in, name)) in.set(name, Value::string(f(v->as_string())));
}

class DnsProvider final : public Provider {
public:
  const ProviderSchema& schema() const override { return builtin_schema("dns"); }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    Value s = settings.is_object() ? settings : Value::object();
    check_settings(schema(), s, problems);
    Settings& out = context_.settings;
    out = {};
    std::string flavor = s.get("flavor") && s.get("flavor")->is_string() ? s.get("flavor")->as_string() : "powerdns";
    if (flavor == "desec") out.flavor = Flavor::Desec;
    else if (flavor != "powerdns")
      problems.push_back({"flavor", fmt::format("`flavor` is 'powerdns or 'desec, not '{}", flavor)});
    auto setting = [&](const char* name, const char* variable, std::string dflt) {
      const Value* v = s.get(name);
      if (v && v->is_string() && !v->as_string().empty()) return v->as_string();
      std::string e = env(variable);
      return e.empty() ? dflt : e;
    };
    out.url = setting("url", "CAIRN_DNS_URL",
                      out.flavor == Flavor::Desec ? "https://desec.io" : "http://127.0.0.1:8081");
    out.api_key = setting("api_key", "CAIRN_DNS_API_KEY", "");
    out.server = setting("server", "CAIRN_DNS_SERVER", "localhost");
    if (const Value* t = s.get("timeout"); t && t->kind() == resource::ValueKind::Number) {
      double secs = t->as_double();
      if (secs < 1 || secs > 3600) problems.push_back({"timeout", "`timeout` is from 1 to 3600 seconds"});
      else out.timeout = static_cast<int>(secs);
    }
    std::string origin, prefix;
    if (!split_url(out.url, &origin, &prefix))
      problems.push_back({"url", fmt::format("`url` must be an http:// or https:// URL, not \"{}\"", out.url)});
  }

  void validate(std::string_view type, Value& in, std::vector<Problem>& problems) const override {
    Provider::validate(type, in, problems);
    bool desec = context_.settings.flavor == Flavor::Desec;
    if (type == "dns.Zone") {
      canonical(in, "name", [](const std::string& n) { return canonical_zone(n); });
      if (const Value* k = known_string(in, "kind"); k && k->as_string() != "Native" && k->as_string() != "Master" &&
                                                     k->as_string() != "Slave")
        problems.push_back({"kind", fmt::format("a zone's kind is \"Native\", \"Master\" or \"Slave\", not \"{}\"",
                                                k->as_string())});
      if (desec && known_string(in, "kind") && in.get("kind")->as_string() != "Native")
        problems.push_back({"kind", "deSEC zones have no kind (leave `kind` out)"});
      if (desec && in.get("nameservers") && !in.get("nameservers")->is_null())
        problems.push_back({"nameservers", "deSEC sets its zones' nameservers (leave `nameservers` out)"});
      if (const Value* ns = in.get("nameservers"); ns && ns->kind() == resource::ValueKind::Array && !ns->has_unknown()) {
        std::vector<std::string> names;
        for (const Value& e : ns->as_array())
          if (e.is_string()) names.push_back(e.as_string());
        resource::Array a;
        for (const std::string& n : canonical_records("NS", names)) a.push_back(Value::string(n));
        in.set("nameservers", Value::array(std::move(a)));
      }
      return;
    }
    canonical(in, "zone", [](const std::string& n) { return canonical_zone(n); });
    canonical(in, "record_type", [](const std::string& t) { return canonical_type(t); });
    const Value* zone = known_string(in, "zone");
    if (zone) {
      std::string z = zone->as_string();
      canonical(in, "name", [&](const std::string& n) { return owner_name(n, z); });
      if (const Value* n = known_string(in, "name"); n && !in_zone(n->as_string(), z))
        problems.push_back({"name", fmt::format("`{}` is not in the zone `{}`", n->as_string(), z)});
    }
    const Value* t = known_string(in, "record_type");
    if (t && t->as_string() == "SOA")
      problems.push_back({"record_type", "the SOA record is the server's: it cannot be a dns.Record"});
    const Value* rs = in.get("records");
    if (t && rs && rs->kind() == resource::ValueKind::Array && !rs->has_unknown()) {
      std::vector<std::string> records;
      for (const Value& e : rs->as_array())
        if (e.is_string()) records.push_back(e.as_string());
        else problems.push_back({"records", "every record is a String"});
      if (records.empty()) problems.push_back({"records", "an RRset needs at least one record (to remove it, remove the resource)"});
      resource::Array a;
      for (const std::string& r : canonical_records(t->as_string(), records)) a.push_back(Value::string(r));
      in.set("records", Value::array(std::move(a)));
    }
    if (const Value* ttl = in.get("ttl"); ttl && ttl->kind() == resource::ValueKind::Number) {
      double v = ttl->as_double();
      if (v < 1 || v > 2147483647 || v != static_cast<double>(static_cast<int64_t>(v)))
        problems.push_back({"ttl", "a TTL is a whole number of seconds from 1 to 2147483647"});
    }
  }

  // Names and ids follow from the inputs, so they are known when planning: records of a
  // zone being created are planned with their zone's name.
  PlannedChange plan(const Request& r, const ObjectState* prior, const Value& desired) const override {
    PlannedChange c = Provider::plan(r, prior, desired);
    if (!c.planned_outputs.is_object()) return c;
    if (r.type == "dns.Zone") {
      const Value* n = known_string(desired, "name");
      if (!n) return c;
      c.planned_outputs.set("name", *n);
      if (prior && c.replace.empty() && prior->outputs.get("id")) c.planned_outputs.set("id", *prior->outputs.get("id"));
      else c.planned_outputs.set("id", Value::string(zone_id(context_.settings, n->as_string())));
      return c;
    }
    const Value* z = known_string(desired, "zone");
    const Value* n = known_string(desired, "name");
    const Value* t = known_string(desired, "record_type");
    if (z && n && t) {
      std::string fqdn = owner_name(n->as_string(), z->as_string());
      c.planned_outputs.set("fqdn", Value::string(fqdn));
      c.planned_outputs.set("id", Value::string(record_id(z->as_string(), fqdn, t->as_string())));
    }
    return c;
  }

  OpResult create(const Request& r, const Value& in) override {
    return r.type == "dns.Zone" ? zone_create(context_, in) : record_create(context_, in);
  }
  ReadResult read(const Request& r, const ObjectState& prior) override {
    return r.type == "dns.Zone" ? zone_read(context_, prior) : record_read(context_, prior);
  }
  OpResult update(const Request& r, const ObjectState& prior, const Value& in) override {
    return r.type == "dns.Zone" ? zone_update(context_, prior, in) : record_update(context_, prior, in);
  }
  OpResult destroy(const Request& r, const ObjectState& prior) override {
    return r.type == "dns.Zone" ? zone_delete(context_, prior) : record_delete(context_, prior);
  }

private:
  Context context_;
};

} // namespace

std::unique_ptr<Provider> make_dns_provider() { return std::make_unique<DnsProvider>(); }

} // namespace cairn::providers
