// `dns.Zone` and `dns.Record`: created, read, updated and deleted through the requests of
// api.h. See dns.h.
#include <fmt/core.h>

#include "providers/dns/client.h"
#include "providers/dns/dns.h"
#include "providers/dns/names.h"

namespace cairn::providers::dns {

namespace {

std::string str(const Value& in, const char* name, const std::string& dflt = {}) {
  const Value* v = in.get(name);
  return v && v->is_string() ? v->as_string() : dflt;
}

bool has(const Value& in, const char* name) {
  const Value* v = in.get(name);
  return v && !v->is_null();
}

std::vector<std::string> strings(const Value& in, const char* name) {
  std::vector<std::string> out;
  const Value* v = in.get(name);
  if (v && v->kind() == resource::ValueKind::Array)
    for (const Value& e : v->as_array())
      if (e.is_string()) out.push_back(e.as_string());
  return out;
}

Value string_array(const std::vector<std::string>& items) {
  resource::Array a;
  for (const std::string& s : items) a.push_back(Value::string(s));
  return Value::array(std::move(a));
}

bool empty_inputs(const Value& in) { return !in.is_object() || in.as_object().empty(); }

OpResult failed(Problem p) {
  OpResult r;
  r.problems.push_back(std::move(p));
  return r;
}

ReadResult read_failed(Problem p) {
  ReadResult r;
  r.problems.push_back(std::move(p));
  return r;
}

OpResult done(std::string id, const Value& inputs, Value outputs) {
  OpResult r;
  r.ok = true;
  r.state = {std::move(id), inputs, std::move(outputs)};
  return r;
}

bool success(const HttpResponse& r) { return r.status >= 200 && r.status < 300; }

Value zone_outputs(const std::string& zone, const std::string& id) {
  return Value::object({{"name", Value::string(zone)}, {"id", Value::string(id)}});
}

// Reads the zone: nullopt with a problem, or with `gone` set when the server has no such zone.
std::optional<ZoneData> fetch(Context& c, const std::string& id, bool* gone, Problem* p) {
  *gone = false;
  HttpResponse r = send(c.settings, zone_read_request(c.settings, id));
  if (r.status == 404) {
    *gone = true;
    return std::nullopt;
  }
  if (!success(r)) {
    *p = response_problem(r, fmt::format("reading the zone `{}`", id));
    return std::nullopt;
  }
  std::string why;
  std::optional<ZoneData> z = parse_zone(c.settings, id, r.body, &why);
  if (!z) *p = {"", fmt::format("reading the zone `{}`: {}", id, why), ProblemKind::Failed};
  return z;
}

// A record's zone, owner name and type, from its inputs or (import) its id.
struct Key {
  std::string zone, fqdn, type;
};

std::optional<Key> record_key(const ObjectState& prior) {
  if (!empty_inputs(prior.inputs)) {
    std::string zone = canonical_zone(str(prior.inputs, "zone"));
    return Key{zone, owner_name(str(prior.inputs, "name"), zone), canonical_type(str(prior.inputs, "record_type"))};
  }
  size_t a = prior.id.find('/');
  size_t b = a == std::string::npos ? a : prior.id.find('/', a + 1);
  if (b == std::string::npos || prior.id.find('/', b + 1) != std::string::npos) return std::nullopt;
  std::string zone = canonical_zone(prior.id.substr(0, a));
  return Key{zone, owner_name(prior.id.substr(a + 1, b - a - 1), zone), canonical_type(prior.id.substr(b + 1))};
}

Key inputs_key(const Value& in) {
  std::string zone = canonical_zone(str(in, "zone"));
  return {zone, owner_name(str(in, "name"), zone), canonical_type(str(in, "record_type"))};
}

Value record_outputs(const Key& k, const std::vector<std::string>& served) {
  return Value::object({{"fqdn", Value::string(k.fqdn)},
                        {"id", Value::string(record_id(k.zone, k.fqdn, k.type))},
                        {"records", string_array(served)}});
}

// Writes the RRset of `in` and reads back what the server made of it.
OpResult write_rrset(Context& c, const Key& k, const Value& in) {
  const Value* ttl = in.get("ttl");
  RRset set{k.fqdn, k.type, ttl && ttl->kind() == resource::ValueKind::Number ? static_cast<int64_t>(ttl->as_double()) : 3600,
            canonical_records(k.type, strings(in, "records"))};
  std::string id = zone_id(c.settings, k.zone);
  HttpResponse r = send(c.settings, rrset_replace_request(c.settings, id, k.zone, set));
  if (!success(r)) {
    Problem p = response_problem(r, fmt::format("writing the RRset `{} {}`", k.fqdn, k.type));
    if (p.kind == ProblemKind::Invalid) p.attribute = "records";
    if (p.kind == ProblemKind::NotFound) {
      p.attribute = "zone";
      p.message = fmt::format("the zone `{}` does not exist on the DNS server", k.zone);
    }
    return failed(p);
  }
  bool gone = false;
  Problem p;
  std::optional<ZoneData> z = fetch(c, id, &gone, &p);
  std::vector<std::string> served = set.records;
  if (z)
    if (const RRset* have = z->find(k.fqdn, k.type)) served = have->records;
  return done(record_id(k.zone, k.fqdn, k.type), in, record_outputs(k, served));
}

} // namespace

std::string record_id(const std::string& zone, const std::string& fqdn, const std::string& type) {
  return zone + "/" + fqdn + "/" + type;
}

OpResult zone_create(Context& c, const Value& in) {
  std::string zone = canonical_zone(str(in, "name"));
  std::lock_guard<std::mutex> lock(c.writes);
  HttpResponse r = send(c.settings, zone_create_request(c.settings, zone, str(in, "kind", "Native"),
                                                        canonical_records("NS", strings(in, "nameservers"))));
  if (!success(r)) {
    Problem p = response_problem(r, fmt::format("creating the zone `{}`", zone));
    if (p.kind == ProblemKind::Conflict) p.message = fmt::format("the zone `{}` exists already: import it instead", zone);
    return failed(p);
  }
  std::string id = parse_created_id(c.settings, zone, r.body);
  return done(id, in, zone_outputs(zone, id));
}

ReadResult zone_read(Context& c, const ObjectState& prior) {
  bool import = empty_inputs(prior.inputs);
  std::string zone = canonical_zone(import ? prior.id : str(prior.inputs, "name"));
  std::string id = prior.id.empty() ? zone_id(c.settings, zone) : prior.id;
  bool gone = false;
  Problem p;
  std::optional<ZoneData> z = fetch(c, id, &gone, &p);
  ReadResult r;
  if (gone) {
    r.status = ReadResult::Status::Gone;
    return r;
  }
  if (!z) return read_failed(p);
  Value in = import ? Value::object() : prior.inputs;
  in.set("name", Value::string(zone));
  if (c.settings.flavor == Flavor::PowerDNS && !z->kind.empty()) in.set("kind", Value::string(z->kind));
  else if (!has(in, "kind")) in.set("kind", Value::string("Native"));
  if (import || has(prior.inputs, "nameservers")) {
    const RRset* ns = z->find(zone, "NS");
    in.set("nameservers", string_array(ns ? ns->records : std::vector<std::string>{}));
  }
  r.status = ReadResult::Status::Exists;
  r.state = {z->id, in, zone_outputs(zone, z->id)};
  return r;
}

OpResult zone_update(Context& c, const ObjectState& prior, const Value& in) {
  std::string zone = canonical_zone(str(in, "name"));
  std::string id = prior.id.empty() ? zone_id(c.settings, zone) : prior.id;
  std::lock_guard<std::mutex> lock(c.writes);
  if (c.settings.flavor == Flavor::PowerDNS && str(in, "kind") != str(prior.inputs, "kind")) {
    HttpResponse r = send(c.settings, zone_set_kind_request(c.settings, id, str(in, "kind", "Native")));
    if (!success(r)) {
      Problem p = response_problem(r, fmt::format("changing the kind of zone `{}`", zone));
      p.attribute = "kind";
      return failed(p);
    }
  }
  const Value* want = in.get("nameservers");
  const Value* had = prior.inputs.get("nameservers");
  if (want && !want->is_null() && (!had || !(*had == *want))) {
    std::vector<std::string> ns = canonical_records("NS", strings(in, "nameservers"));
    HttpRequest req = ns.empty() ? rrset_delete_request(c.settings, id, zone, zone, "NS")
                                 : rrset_replace_request(c.settings, id, zone, RRset{zone, "NS", 3600, ns});
    HttpResponse r = send(c.settings, req);
    if (!success(r)) {
      Problem p = response_problem(r, fmt::format("setting the nameservers of zone `{}`", zone));
      p.attribute = "nameservers";
      return failed(p);
    }
  }
  return done(id, in, zone_outputs(zone, id));
}

OpResult zone_delete(Context& c, const ObjectState& prior) {
  std::string zone = canonical_zone(empty_inputs(prior.inputs) ? prior.id : str(prior.inputs, "name"));
  std::string id = prior.id.empty() ? zone_id(c.settings, zone) : prior.id;
  std::lock_guard<std::mutex> lock(c.writes);
  HttpResponse r = send(c.settings, zone_delete_request(c.settings, id));
  if (!success(r) && r.status != 404) return failed(response_problem(r, fmt::format("deleting the zone `{}`", zone)));
  OpResult out;
  out.ok = true;
  return out;
}

OpResult record_create(Context& c, const Value& in) {
  Key k = inputs_key(in);
  if (!in_zone(k.fqdn, k.zone))
    return failed({"name", fmt::format("`{}` is not in the zone `{}`", k.fqdn, k.zone), ProblemKind::Invalid});
  std::lock_guard<std::mutex> lock(c.writes);
  bool gone = false;
  Problem p;
  std::optional<ZoneData> z = fetch(c, zone_id(c.settings, k.zone), &gone, &p);
  if (gone)
    return failed({"zone", fmt::format("the zone `{}` does not exist on the DNS server", k.zone), ProblemKind::NotFound});
  if (!z) return failed(p);
  if (z->find(k.fqdn, k.type))
    return failed({"", fmt::format("the RRset `{} {}` exists already: import it instead (id `{}`)", k.fqdn, k.type,
                                   record_id(k.zone, k.fqdn, k.type)),
                   ProblemKind::Conflict});
  return write_rrset(c, k, in);
}

ReadResult record_read(Context& c, const ObjectState& prior) {
  std::optional<Key> k = record_key(prior);
  if (!k) return read_error(fmt::format("`{}` is not a record id (zone/name/TYPE)", prior.id), ProblemKind::Invalid);
  bool gone = false;
  Problem p;
  std::optional<ZoneData> z = fetch(c, zone_id(c.settings, k->zone), &gone, &p);
  ReadResult r;
  const RRset* set = z ? z->find(k->fqdn, k->type) : nullptr;
  if (gone || (z && !set)) {
    r.status = ReadResult::Status::Gone;
    return r;
  }
  if (!z) return read_failed(p);
  bool import = empty_inputs(prior.inputs);
  Value in = import ? Value::object({{"zone", Value::string(k->zone)},
                                     {"name", Value::string(k->fqdn)},
                                     {"record_type", Value::string(k->type)}})
                    : prior.inputs;
  in.set("ttl", Value::integer(set->ttl));
  // The records change in the spec's form only when the server's changed since the last apply.
  std::vector<std::string> before = canonical_records("", strings(prior.outputs, "records"));
  if (import || before != set->records) in.set("records", string_array(set->records));
  r.status = ReadResult::Status::Exists;
  r.state = {record_id(k->zone, k->fqdn, k->type), in, record_outputs(*k, set->records)};
  return r;
}

OpResult record_update(Context& c, const ObjectState&, const Value& in) {
  std::lock_guard<std::mutex> lock(c.writes);
  return write_rrset(c, inputs_key(in), in);
}

OpResult record_delete(Context& c, const ObjectState& prior) {
  std::optional<Key> k = record_key(prior);
  if (!k) return op_error(fmt::format("`{}` is not a record id (zone/name/TYPE)", prior.id), ProblemKind::Invalid);
  std::lock_guard<std::mutex> lock(c.writes);
  HttpResponse r =
      send(c.settings, rrset_delete_request(c.settings, zone_id(c.settings, k->zone), k->zone, k->fqdn, k->type));
  if (!success(r) && r.status != 404)
    return failed(response_problem(r, fmt::format("deleting the RRset `{} {}`", k->fqdn, k->type)));
  OpResult out;
  out.ok = true;
  return out;
}

} // namespace cairn::providers::dns
