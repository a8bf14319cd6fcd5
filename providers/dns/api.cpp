// Building the PowerDNS and deSEC requests and reading their answers; see api.h.
#include "providers/dns/api.h"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "providers/dns/names.h"

namespace cairn::providers::dns {

namespace {

using Json = nlohmann::ordered_json;

// Percent-encodes what is not unreserved in a path segment.
std::string segment(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

HttpRequest request(const Settings& s, std::string method, std::string path, const Json* body = nullptr) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.headers.emplace_back("Accept", "application/json");
  if (!s.api_key.empty()) {
    if (s.flavor == Flavor::Desec) r.headers.emplace_back("Authorization", "Token " + s.api_key);
    else r.headers.emplace_back("X-API-Key", s.api_key);
  }
  if (body) {
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = body->dump();
  }
  return r;
}

std::string pdns_zones(const Settings& s) { return "/api/v1/servers/" + segment(s.server) + "/zones"; }
std::string pdns_zone(const Settings& s, const std::string& id) { return pdns_zones(s) + "/" + segment(id); }
std::string desec_domain(const std::string& id) { return "/api/v1/domains/" + segment(without_dot(id)) + "/"; }

Json strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& x : v) a.push_back(x);
  return a;
}

} // namespace

const RRset* ZoneData::find(const std::string& name, const std::string& type) const {
  for (const RRset& r : rrsets)
    if (r.name == name && r.type == type) return &r;
  return nullptr;
}

std::string zone_id(const Settings& s, const std::string& zone) {
  return s.flavor == Flavor::Desec ? without_dot(zone) : zone;
}

HttpRequest zone_create_request(const Settings& s, const std::string& zone, const std::string& kind,
                        const std::vector<std::string>& nameservers) {
  Json body;
  if (s.flavor == Flavor::Desec) {
    body["name"] = without_dot(zone);
    return request(s, "POST", "/api/v1/domains/", &body);
  }
  body["name"] = zone;
  body["kind"] = kind;
  body["nameservers"] = strings(nameservers);
  body["soa_edit_api"] = "DEFAULT"; // the serial goes up with every change made through the API
  return request(s, "POST", pdns_zones(s), &body);
}

HttpRequest zone_read_request(const Settings& s, const std::string& id) {
  if (s.flavor == Flavor::Desec) return request(s, "GET", desec_domain(id) + "rrsets/");
  return request(s, "GET", pdns_zone(s, id));
}

HttpRequest zone_set_kind_request(const Settings& s, const std::string& id, const std::string& kind) {
  Json body;
  body["kind"] = kind;
  return request(s, "PUT", pdns_zone(s, id), &body);
}

HttpRequest zone_delete_request(const Settings& s, const std::string& id) {
  if (s.flavor == Flavor::Desec) return request(s, "DELETE", desec_domain(id));
  return request(s, "DELETE", pdns_zone(s, id));
}

HttpRequest rrset_replace_request(const Settings& s, const std::string& id, const std::string& zone, const RRset& set) {
  if (s.flavor == Flavor::Desec) {
    Json one;
    one["subname"] = subname(set.name, zone);
    one["type"] = set.type;
    one["ttl"] = set.ttl;
    one["records"] = strings(set.records);
    Json body = Json::array({one});
    return request(s, "PATCH", desec_domain(id) + "rrsets/", &body);
  }
  Json records = Json::array();
  for (const std::string& r : set.records) records.push_back(Json{{"content", r}, {"disabled", false}});
  Json one;
  one["name"] = set.name;
  one["type"] = set.type;
  one["ttl"] = set.ttl;
  one["changetype"] = "REPLACE";
  one["records"] = records;
  Json body;
  body["rrsets"] = Json::array({one});
  return request(s, "PATCH", pdns_zone(s, id), &body);
}

HttpRequest rrset_delete_request(const Settings& s, const std::string& id, const std::string& zone,
                         const std::string& name, const std::string& type) {
  if (s.flavor == Flavor::Desec) {
    Json one;
    one["subname"] = subname(name, zone);
    one["type"] = type;
    one["records"] = Json::array();
    Json body = Json::array({one});
    return request(s, "PATCH", desec_domain(id) + "rrsets/", &body);
  }
  Json one;
  one["name"] = name;
  one["type"] = type;
  one["changetype"] = "DELETE";
  Json body;
  body["rrsets"] = Json::array({one});
  return request(s, "PATCH", pdns_zone(s, id), &body);
}

std::string parse_created_id(const Settings& s, const std::string& zone, const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (s.flavor == Flavor::PowerDNS && j.is_object() && j.contains("id") && j["id"].is_string())
    return j["id"].get<std::string>();
  return zone_id(s, zone);
}

std::optional<ZoneData> parse_zone(const Settings& s, const std::string& id, const std::string& body,
                                   std::string* why) {
  Json j = Json::parse(body, nullptr, false);
  ZoneData z;
  z.id = id;
  const Json* sets = &j;
  if (s.flavor == Flavor::PowerDNS) {
    if (!j.is_object() || !j.contains("rrsets")) {
      *why = "the zone's answer has no `rrsets`";
      return std::nullopt;
    }
    if (j.contains("kind") && j["kind"].is_string()) z.kind = j["kind"].get<std::string>();
    if (j.contains("id") && j["id"].is_string()) z.id = j["id"].get<std::string>();
    sets = &j["rrsets"];
  }
  if (!sets->is_array()) {
    *why = "the RRsets are not a list";
    return std::nullopt;
  }
  for (const Json& e : *sets) {
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string() || !e.contains("type") ||
        !e["type"].is_string() || !e.contains("records") || !e["records"].is_array()) {
      *why = "an RRset lacks its name, type or records";
      return std::nullopt;
    }
    RRset r;
    r.name = canonical_zone(e["name"].get<std::string>());
    r.type = canonical_type(e["type"].get<std::string>());
    if (e.contains("ttl") && e["ttl"].is_number_integer()) r.ttl = e["ttl"].get<int64_t>();
    for (const Json& rec : e["records"]) {
      if (rec.is_string()) r.records.push_back(rec.get<std::string>()); // deSEC
      else if (rec.is_object() && rec.contains("content") && rec["content"].is_string() &&
               !(rec.contains("disabled") && rec["disabled"].is_boolean() && rec["disabled"].get<bool>()))
        r.records.push_back(rec["content"].get<std::string>());
    }
    std::sort(r.records.begin(), r.records.end());
    if (!r.records.empty()) z.rrsets.push_back(std::move(r));
  }
  return z;
}

Problem response_problem(const HttpResponse& r, const std::string& doing) {
  Problem p;
  if (r.status == 0) {
    p.kind = r.timed_out ? ProblemKind::Timeout : ProblemKind::Unavailable;
    p.message = fmt::format("{}: no answer from the DNS API ({})", doing, r.error);
    return p;
  }
  switch (r.status) {
  case 400:
  case 422: p.kind = ProblemKind::Invalid; break;
  case 401:
  case 403: p.kind = ProblemKind::Denied; break;
  case 404: p.kind = ProblemKind::NotFound; break;
  case 409: p.kind = ProblemKind::Conflict; break;
  case 429:
  case 502:
  case 503:
  case 504: p.kind = ProblemKind::Unavailable; break;
  default: p.kind = ProblemKind::Failed;
  }
  std::string text;
  Json j = Json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) text = j["error"].get<std::string>();
  else if (j.is_object() && j.contains("detail") && j["detail"].is_string()) text = j["detail"].get<std::string>();
  else if (!j.is_discarded() && !r.body.empty()) text = j.dump();
  else text = r.body;
  if (text.size() > 400) text = text.substr(0, 400) + "...";
  p.message = text.empty() ? fmt::format("{}: HTTP {}", doing, r.status)
                           : fmt::format("{}: HTTP {}: {}", doing, r.status, text);
  return p;
}

} // namespace cairn::providers::dns
