// The `dns` provider with `flavor = 'desec`, driven through a zone's and a record's whole
// life (create, refresh, drift, update, import, delete) against a small in-process
// imitation of deSEC's API (cpp-httplib's server on a free loopback port): it answers the
// way deSEC documents, refuses a request without the token, and logs every request so the
// test checks what was sent. The request shapes themselves are in dns_test.cpp.
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "providers/registry.h"

using namespace cairn;
using providers::Value;
using Json = nlohmann::json;

namespace {

class FakeDesec {
public:
  FakeDesec() {
    auto authorized = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> l(mu_);
      log_.push_back(req.method + " " + req.path + (req.body.empty() ? "" : " " + req.body));
      if (req.get_header_value("Authorization") == "Token t0ken") return true;
      res.status = 401;
      res.set_content(R"({"detail":"Invalid token."})", "application/json");
      return false;
    };
    server_.Post("/api/v1/domains/", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      std::string name = Json::parse(req.body)["name"];
      std::lock_guard<std::mutex> l(mu_);
      if (domains_.count(name)) {
        res.status = 409;
        return;
      }
      domains_[name]["@NS"] = Json{{"subname", ""}, {"type", "NS"}, {"ttl", 3600}, {"records", {"ns1.desec.io."}}};
      res.status = 201;
      res.set_content(Json{{"name", name}, {"minimum_ttl", 3600}}.dump(), "application/json");
    });
    server_.Get(R"(/api/v1/domains/([^/]+)/rrsets/)", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      std::lock_guard<std::mutex> l(mu_);
      auto d = domains_.find(req.matches[1]);
      if (d == domains_.end()) {
        res.status = 404;
        res.set_content(R"({"detail":"Not found."})", "application/json");
        return;
      }
      Json out = Json::array();
      for (auto& [key, set] : d->second) {
        Json e = set;
        e["domain"] = d->first;
        std::string sub = set["subname"];
        e["name"] = (sub.empty() ? "" : sub + ".") + d->first + ".";
        out.push_back(e);
      }
      res.set_content(out.dump(), "application/json");
    });
    server_.Patch(R"(/api/v1/domains/([^/]+)/rrsets/)", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      std::lock_guard<std::mutex> l(mu_);
      auto d = domains_.find(req.matches[1]);
      if (d == domains_.end()) {
        res.status = 404;
        return;
      }
      for (const Json& e : Json::parse(req.body)) {
        std::string key = (e["subname"].get<std::string>().empty() ? "@" : e["subname"].get<std::string>()) +
                          e["type"].get<std::string>();
        if (e["records"].empty()) d->second.erase(key);
        else d->second[key] = e;
      }
      res.set_content("[]", "application/json");
    });
    server_.Delete(R"(/api/v1/domains/([^/]+)/)", [=, this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      std::lock_guard<std::mutex> l(mu_);
      domains_.erase(req.matches[1]);
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~FakeDesec() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> take_log() {
    std::lock_guard<std::mutex> l(mu_);
    return std::exchange(log_, {});
  }
  // Changes an RRset as someone else would (drift).
  void set(const std::string& domain, const std::string& key, Json rrset) {
    std::lock_guard<std::mutex> l(mu_);
    domains_[domain][key] = std::move(rrset);
  }

private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<std::string> log_;
  std::map<std::string, std::map<std::string, Json>> domains_;
};

providers::Provider* configured(providers::Registry& reg, const std::string& url, const std::string& token) {
  std::vector<providers::Problem> problems;
  reg.configure("dns", Value::object({{"flavor", Value::string("desec")}, {"url", Value::string(url)},
                                      {"api_key", Value::string(token)}, {"timeout", Value::integer(5)}}),
                problems);
  REQUIRE(problems.empty());
  return reg.get("dns");
}

} // namespace

TEST_CASE("the dns provider speaks deSEC's API", "[dns]") {
  FakeDesec api;
  providers::Registry reg;
  providers::Provider* dns = configured(reg, api.url(), "t0ken");
  REQUIRE(dns);
  std::vector<providers::Problem> problems;

  Value zin = Value::object({{"name", Value::string("Example.org")}});
  dns->validate("dns.Zone", zin, problems);
  REQUIRE(problems.empty());
  CHECK(zin.get("name")->as_string() == "example.org.");
  providers::OpResult zone = dns->create({"zone", "dns.Zone"}, zin);
  REQUIRE(zone.ok);
  CHECK(zone.state.id == "example.org");
  CHECK(zone.state.outputs.get("name")->as_string() == "example.org.");
  CHECK(api.take_log() == std::vector<std::string>{R"(POST /api/v1/domains/ {"name":"example.org"})"});

  Value rin = Value::object({{"zone", Value::string("example.org.")},
                             {"name", Value::string("www")},
                             {"record_type", Value::string("cname")},
                             {"records", Value::array({Value::string("example.org")})}});
  dns->validate("dns.Record", rin, problems);
  REQUIRE(problems.empty());
  CHECK(rin.get("name")->as_string() == "www.example.org.");
  CHECK(rin.get("record_type")->as_string() == "CNAME");
  CHECK(rin.get("ttl")->number_text() == "3600");
  providers::OpResult rec = dns->create({"www", "dns.Record"}, rin);
  REQUIRE(rec.ok);
  CHECK(rec.state.id == "example.org./www.example.org./CNAME");
  CHECK(api.take_log() ==
        std::vector<std::string>{"GET /api/v1/domains/example.org/rrsets/",
                                 R"(PATCH /api/v1/domains/example.org/rrsets/ [{"subname":"www","type":"CNAME","ttl":3600,"records":["example.org."]}])",
                                 "GET /api/v1/domains/example.org/rrsets/"});

  // Refresh without drift keeps the inputs; drift made outside shows in them.
  providers::ReadResult read = dns->read({"www", "dns.Record"}, rec.state);
  REQUIRE(read.status == providers::ReadResult::Status::Exists);
  CHECK(read.state.inputs == rec.state.inputs);
  api.set("example.org", "wwwCNAME", Json{{"subname", "www"}, {"type", "CNAME"}, {"ttl", 60}, {"records", {"other.net."}}});
  read = dns->read({"www", "dns.Record"}, rec.state);
  REQUIRE(read.status == providers::ReadResult::Status::Exists);
  CHECK(read.state.inputs.get("ttl")->number_text() == "60");
  CHECK(read.state.inputs.get("records")->as_array().at(0).as_string() == "other.net.");

  // Update puts it back; a second create of the same RRset is refused.
  providers::OpResult upd = dns->update({"www", "dns.Record"}, read.state, rin);
  REQUIRE(upd.ok);
  CHECK(upd.state.outputs.get("records")->as_array().at(0).as_string() == "example.org.");
  providers::OpResult again = dns->create({"www2", "dns.Record"}, rin);
  REQUIRE_FALSE(again.ok);
  CHECK(again.problems[0].kind == providers::ProblemKind::Conflict);
  CHECK(again.message().find("exists already: import it instead") != std::string::npos);

  // Import: a state record with only the id reads the whole RRset; the zone too.
  providers::ObjectState bare;
  bare.id = "example.org./www/CNAME";
  read = dns->read({"www", "dns.Record"}, bare);
  REQUIRE(read.status == providers::ReadResult::Status::Exists);
  CHECK(read.state.inputs.get("name")->as_string() == "www.example.org.");
  CHECK(read.state.inputs.get("zone")->as_string() == "example.org.");
  bare.id = "example.org";
  read = dns->read({"zone", "dns.Zone"}, bare);
  REQUIRE(read.status == providers::ReadResult::Status::Exists);
  CHECK(read.state.inputs.get("name")->as_string() == "example.org.");

  // deSEC manages nameservers; a wrong token is `denied`.
  Value ns = Value::object({{"name", Value::string("x.org")}, {"nameservers", Value::array({Value::string("ns1.x.org")})}});
  dns->validate("dns.Zone", ns, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].attribute == "nameservers");
  providers::Registry other;
  providers::OpResult denied = configured(other, api.url(), "wrong")->create({"z", "dns.Zone"}, zin);
  REQUIRE_FALSE(denied.ok);
  CHECK(denied.problems[0].kind == providers::ProblemKind::Denied);
  api.take_log();

  // Delete the record, then the zone; both are gone afterwards.
  REQUIRE(dns->destroy({"www", "dns.Record"}, upd.state).ok);
  REQUIRE(dns->destroy({"zone", "dns.Zone"}, zone.state).ok);
  CHECK(api.take_log() ==
        std::vector<std::string>{R"(PATCH /api/v1/domains/example.org/rrsets/ [{"subname":"www","type":"CNAME","records":[]}])",
                                 "DELETE /api/v1/domains/example.org/"});
  CHECK(dns->read({"zone", "dns.Zone"}, zone.state).status == providers::ReadResult::Status::Gone);
}
