// Unit tests of the `dns` provider without a DNS server: canonical names and contents, the
// exact shape of the PowerDNS and deSEC requests (no deSEC server runs here), reading both
// APIs' answers, error classification, and the provider driven through a whole life cycle
// against a small in-process imitation of deSEC's API that checks every request it gets.
#include <map>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "providers/dns/api.h"
#include "providers/dns/names.h"
#include "providers/registry.h"

using namespace cairn;
using namespace cairn::providers::dns;
using providers::Value;
using Json = nlohmann::json;

namespace {

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& h : r.headers)
    if (h.first == name) return h.second;
  return "<none>";
}

Settings pdns() {
  Settings s;
  s.url = "http://127.0.0.1:8081";
  s.api_key = "k3y";
  return s;
}

Settings desec() {
  Settings s;
  s.flavor = Flavor::Desec;
  s.url = "https://desec.io";
  s.api_key = "t0ken";
  return s;
}

} // namespace

TEST_CASE("dns names and contents are canonical", "[dns]") {
  CHECK(canonical_zone("Example.ORG") == "example.org.");
  CHECK(canonical_zone("example.org..") == "example.org.");
  CHECK(owner_name("www", "example.org.") == "www.example.org.");
  CHECK(owner_name("@", "example.org.") == "example.org.");
  CHECK(owner_name("", "example.org.") == "example.org.");
  CHECK(owner_name("WWW.example.org", "example.org.") == "www.example.org.");
  CHECK(owner_name("example.org", "example.org.") == "example.org.");
  CHECK(owner_name("mail.other.net.", "example.org.") == "mail.other.net.");
  CHECK(owner_name("a.notexample.org", "example.org.") == "a.notexample.org.example.org.");
  CHECK(in_zone("a.b.example.org.", "example.org."));
  CHECK_FALSE(in_zone("a.notexample.org.", "example.org."));
  CHECK(subname("example.org.", "example.org.") == "");
  CHECK(subname("_443._tcp.www.example.org.", "example.org.") == "_443._tcp.www");
  CHECK(canonical_type("aaaa") == "AAAA");
  CHECK(canonical_content("CNAME", "Social.example.org") == "social.example.org.");
  CHECK(canonical_content("MX", "10  mail.example.org") == "10 mail.example.org.");
  CHECK(canonical_content("SRV", "0 5 443 web.example.org.") == "0 5 443 web.example.org.");
  CHECK(canonical_content("TXT", "v=spf1 \"x\" -all") == "\"v=spf1 \\\"x\\\" -all\"");
  CHECK(canonical_content("TXT", "\"quoted\"") == "\"quoted\"");
  CHECK(canonical_content("AAAA", "2001:DB8::1") == "2001:db8::1");
  CHECK(canonical_content("A", "192.0.2.1") == "192.0.2.1");
  CHECK(canonical_records("A", {"192.0.2.2", "192.0.2.1", "192.0.2.2"}) ==
        std::vector<std::string>{"192.0.2.1", "192.0.2.2"});
}

TEST_CASE("PowerDNS requests", "[dns]") {
  Settings s = pdns();
  HttpRequest r = zone_create_request(s, "example.org.", "Native", {"ns1.example.org."});
  CHECK(r.method == "POST");
  CHECK(r.path == "/api/v1/servers/localhost/zones");
  CHECK(header(r, "X-API-Key") == "k3y");
  CHECK(header(r, "Authorization") == "<none>");
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(r.body == R"({"name":"example.org.","kind":"Native","nameservers":["ns1.example.org."],"soa_edit_api":"DEFAULT"})");

  s.server = "ns 1";
  r = zone_read_request(s, "example.org.");
  CHECK(r.method == "GET");
  CHECK(r.path == "/api/v1/servers/ns%201/zones/example.org.");
  CHECK(r.body.empty());
  CHECK(header(r, "Content-Type") == "<none>");
  s.server = "localhost";

  r = rrset_replace_request(s, "example.org.", "example.org.", RRset{"www.example.org.", "A", 300, {"192.0.2.1", "192.0.2.2"}});
  CHECK(r.method == "PATCH");
  CHECK(r.path == "/api/v1/servers/localhost/zones/example.org.");
  CHECK(r.body == R"({"rrsets":[{"name":"www.example.org.","type":"A","ttl":300,"changetype":"REPLACE",)"
                  R"("records":[{"content":"192.0.2.1","disabled":false},{"content":"192.0.2.2","disabled":false}]}]})");

  r = rrset_delete_request(s, "example.org.", "example.org.", "www.example.org.", "A");
  CHECK(r.method == "PATCH");
  CHECK(r.body == R"({"rrsets":[{"name":"www.example.org.","type":"A","changetype":"DELETE"}]})");

  r = zone_set_kind_request(s, "example.org.", "Master");
  CHECK((r.method == "PUT" && r.body == R"({"kind":"Master"})"));
  r = zone_delete_request(s, "example.org.");
  CHECK((r.method == "DELETE" && r.path == "/api/v1/servers/localhost/zones/example.org."));
}

TEST_CASE("deSEC requests", "[dns]") {
  Settings s = desec();
  CHECK(zone_id(s, "example.org.") == "example.org");
  HttpRequest r = zone_create_request(s, "example.org.", "Native", {});
  CHECK(r.method == "POST");
  CHECK(r.path == "/api/v1/domains/");
  CHECK(header(r, "Authorization") == "Token t0ken");
  CHECK(header(r, "X-API-Key") == "<none>");
  CHECK(r.body == R"({"name":"example.org"})");

  r = zone_read_request(s, "example.org");
  CHECK((r.method == "GET" && r.path == "/api/v1/domains/example.org/rrsets/"));

  r = rrset_replace_request(s, "example.org", "example.org.", RRset{"www.example.org.", "CNAME", 3600, {"example.org."}});
  CHECK(r.method == "PATCH");
  CHECK(r.path == "/api/v1/domains/example.org/rrsets/");
  CHECK(r.body == R"([{"subname":"www","type":"CNAME","ttl":3600,"records":["example.org."]}])");

  r = rrset_replace_request(s, "example.org", "example.org.", RRset{"example.org.", "A", 3600, {"192.0.2.1"}});
  CHECK(r.body == R"([{"subname":"","type":"A","ttl":3600,"records":["192.0.2.1"]}])");

  r = rrset_delete_request(s, "example.org", "example.org.", "www.example.org.", "CNAME");
  CHECK((r.method == "PATCH" && r.body == R"([{"subname":"www","type":"CNAME","records":[]}])"));

  r = zone_delete_request(s, "example.org");
  CHECK((r.method == "DELETE" && r.path == "/api/v1/domains/example.org/"));
}

TEST_CASE("reading PowerDNS and deSEC answers", "[dns]") {
  std::string why;
  auto z = parse_zone(pdns(), "example.org.", R"({"id":"example.org.","kind":"Native","rrsets":[
      {"name":"www.example.org.","type":"A","ttl":300,"records":[
        {"content":"192.0.2.2","disabled":false},{"content":"192.0.2.9","disabled":true},
        {"content":"192.0.2.1","disabled":false}]},
      {"name":"off.example.org.","type":"A","ttl":300,"records":[{"content":"192.0.2.3","disabled":true}]}]})",
                      &why);
  REQUIRE(z);
  CHECK(z->kind == "Native");
  REQUIRE(z->rrsets.size() == 1); // an RRset whose records are all disabled is not served
  const RRset* www = z->find("www.example.org.", "A");
  REQUIRE(www);
  CHECK(www->ttl == 300);
  CHECK(www->records == std::vector<std::string>{"192.0.2.1", "192.0.2.2"});

  z = parse_zone(desec(), "example.org", R"([{"domain":"example.org","subname":"","name":"example.org.",
      "type":"NS","ttl":3600,"records":["ns2.desec.org.","ns1.desec.io."]}])",
                 &why);
  REQUIRE(z);
  REQUIRE(z->find("example.org.", "NS"));
  CHECK(z->find("example.org.", "NS")->records == std::vector<std::string>{"ns1.desec.io.", "ns2.desec.org."});

  CHECK_FALSE(parse_zone(pdns(), "x.", "{\"name\":1}", &why));
  CHECK(why == "the zone's answer has no `rrsets`");
  CHECK_FALSE(parse_zone(desec(), "x", "[{\"type\":\"A\"}]", &why));
}

TEST_CASE("DNS API errors are classified", "[dns]") {
  using providers::ProblemKind;
  HttpResponse r;
  r.status = 422;
  r.body = R"({"error": "Record www.example.org./A 'x': Parsing record content"})";
  providers::Problem p = response_problem(r, "writing");
  CHECK(p.kind == ProblemKind::Invalid);
  CHECK(p.message == "writing: HTTP 422: Record www.example.org./A 'x': Parsing record content");
  r.status = 401;
  r.body = R"({"detail": "Invalid token."})";
  CHECK(response_problem(r, "reading").kind == ProblemKind::Denied);
  CHECK(response_problem(r, "reading").message == "reading: HTTP 401: Invalid token.");
  r.status = 409;
  r.body = "Conflict";
  CHECK(response_problem(r, "creating").kind == ProblemKind::Conflict);
  r = {};
  r.error = "Connection";
  CHECK(response_problem(r, "creating").kind == ProblemKind::Unavailable);
}
