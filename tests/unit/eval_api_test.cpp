// The evaluator's C++ API as the deployment engine uses it: unknown values and how they
// propagate, injecting outputs by merging, tracked reads, walking values with unknowns.
#include <catch2/catch.hpp>

#include <algorithm>

#include "runtime/eval/evaluator.h"

using namespace cairn;

namespace {

struct Session {
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags{&consumer};
  eval::Evaluator ev{sources, names, diags};

  eval::Value run(const std::string& text) {
    base::FileId f = sources.add("test.conf", text);
    std::optional<uint32_t> m = ev.load(f);
    REQUIRE(m);
    std::optional<eval::Value> v = ev.evaluate(*m);
    REQUIRE(v);
    return *v;
  }

  std::string json(eval::Value v) {
    eval::DeepOptions o;
    o.export_mode = true;
    o.allow_unknown = true;
    std::optional<eval::Value> forced = ev.deep_force(v, o);
    REQUIRE(forced);
    std::string out;
    REQUIRE(ev.serialize(*forced, eval::Format::Json, out));
    return out;
  }
};

struct Leaves : eval::Visitor {
  std::vector<std::string> scalars;
  std::vector<std::pair<std::string, std::vector<uint32_t>>> unknowns;
  static std::string join(const std::vector<std::string>& path) {
    std::string s;
    for (const std::string& p : path) s += (s.empty() ? "" : ".") + p;
    return s;
  }
  void scalar(const std::vector<std::string>& path, eval::Value) override { scalars.push_back(join(path)); }
  void unknown(const std::vector<std::string>& path, const std::vector<uint32_t>& deps) override {
    unknowns.emplace_back(join(path), deps);
  }
};

} // namespace

TEST_CASE("unknowns propagate through strict operations and interpolation", "[eval][unknown]") {
  Session s;
  eval::Value spec = s.run(R"({
    resources.host = { type = "local.File", path = "h" },
    resources.motd = { type = "local.File", content = "Welcome to %{resources.host.outputs.hostname}" },
    resources.sum = { type = "null.Resource", n = resources.host.outputs.size + 1, m = 2 },
    resources.cond = { type = "null.Resource", x = if resources.host.outputs.ready then "a" else "b" },
  })");
  std::optional<eval::Value> injected = s.ev.inject(spec, {"resources", "host", "outputs"}, s.ev.unknown({7}));
  REQUIRE(injected);
  Leaves leaves;
  eval::DeepOptions o;
  o.export_mode = true;
  o.allow_unknown = true;
  std::optional<eval::Value> forced = s.ev.deep_force(*injected, o);
  REQUIRE(forced);
  s.ev.walk(*forced, leaves);
  std::vector<std::string> unknown_paths;
  for (auto& [path, deps] : leaves.unknowns) {
    unknown_paths.push_back(path);
    CHECK(deps == std::vector<uint32_t>{7});
  }
  std::sort(unknown_paths.begin(), unknown_paths.end());
  CHECK(unknown_paths == std::vector<std::string>{"resources.cond.x", "resources.host.outputs",
                                                  "resources.motd.content", "resources.sum.n"});
  CHECK(std::find(leaves.scalars.begin(), leaves.scalars.end(), "resources.sum.m") != leaves.scalars.end());
}

TEST_CASE("unknown dependencies union", "[eval][unknown]") {
  Session s;
  eval::Value spec = s.run(R"({ a = x.v ++ y.v, x = {}, y = {} })");
  std::optional<eval::Value> v = s.ev.inject(spec, {"x", "v"}, s.ev.unknown({1}));
  REQUIRE(v);
  v = s.ev.inject(*v, {"y", "v"}, s.ev.unknown({2, 3}));
  REQUIRE(v);
  std::optional<eval::Value> a = s.ev.get(*v, {"a"});
  REQUIRE(a);
  Leaves leaves;
  s.ev.walk(*a, leaves);
  REQUIRE(leaves.unknowns.size() == 1);
  CHECK(leaves.unknowns[0].second == std::vector<uint32_t>{1, 2, 3});
}

TEST_CASE("known outputs injected by merging re-evaluate what depends on them", "[eval][inject]") {
  Session s;
  eval::Value spec = s.run(R"({
    resources.zone = { type = "local.File", content = "zone" },
    resources.page = { type = "local.File", content = "sum: %{resources.zone.outputs.sha256}" },
  })");
  eval::Value outputs = s.ev.tracked_record(4, {{"sha256", s.ev.string("abc123")}});
  std::optional<eval::Value> v = s.ev.inject(spec, {"resources", "zone", "outputs"}, outputs);
  REQUIRE(v);
  std::optional<eval::Value> content = s.ev.get(*v, {"resources", "page", "content"});
  REQUIRE(content);
  CHECK(s.json(*content) == "\"sum: abc123\"");
}

TEST_CASE("reads of tracked records reach the observer", "[eval][observer]") {
  struct Reads : eval::Observer {
    std::vector<std::pair<uint32_t, std::string>> reads;
    base::Names* names = nullptr;
    void on_read(uint32_t id, base::NameId field) override { reads.emplace_back(id, std::string(names->text(field))); }
  };
  Session s;
  Reads reads;
  reads.names = &s.names;
  eval::Value spec = s.run(R"({ a = { type = "t", x = b.outputs.id }, b = { type = "t" } })");
  eval::Value outputs = s.ev.tracked_record(9, {{"id", s.ev.number(42)}});
  std::optional<eval::Value> v = s.ev.inject(spec, {"b", "outputs"}, outputs);
  REQUIRE(v);
  s.ev.set_observer(&reads);
  std::optional<eval::Value> x = s.ev.get(*v, {"a", "x"});
  s.ev.set_observer(nullptr);
  REQUIRE(x);
  CHECK(s.json(*x) == "42");
  REQUIRE(reads.reads.size() == 1);
  CHECK(reads.reads[0] == std::make_pair(uint32_t(9), std::string("id")));
}

TEST_CASE("partial export writes unknown leaves with a marker", "[eval][unknown]") {
  Session s;
  eval::Value spec = s.run(R"({ known = 1, later = out.v, out = {} })");
  std::optional<eval::Value> v = s.ev.inject(spec, {"out"}, s.ev.unknown({5}));
  REQUIRE(v);
  CHECK(s.json(*v) == "{\n  \"known\": 1,\n  \"later\": \"(known after apply)\",\n  \"out\": \"(known after apply)\"\n}");
}

TEST_CASE("an evaluation error is a diagnostic, and the evaluator stays usable", "[eval]") {
  Session s;
  base::FileId f = s.sources.add("bad.conf", "1 + \"a\"");
  std::optional<uint32_t> m = s.ev.load(f);
  REQUIRE(m);
  CHECK_FALSE(s.ev.evaluate(*m));
  REQUIRE(s.consumer.diagnostics.size() == 1);
  CHECK(diag::kind_code(s.consumer.diagnostics[0].kind) == "E0401");
  eval::Value ok = s.run("{ a = 1 + 1 }");
  CHECK(s.json(ok) == "{\n  \"a\": 2\n}");
}

TEST_CASE("to_json converts to plain data and lists unknown leaves", "[eval][json]") {
  Session s;
  eval::Value spec = s.run(R"({
    n = 1/2, i = 12, big = 2 * 4611686018427387904, t = 'On, s = "x", b = true, z = null,
    hidden | not_exported = 1,
    xs = [1, { k = out.id }], out = {},
  })");
  std::optional<eval::Value> v = s.ev.inject(spec, {"out"}, s.ev.unknown({3}));
  REQUIRE(v);
  std::vector<eval::Evaluator::UnknownLeaf> unknowns;
  std::optional<nlohmann::json> j = s.ev.to_json(*v, &unknowns);
  REQUIRE(j);
  CHECK(j->dump() == R"({"b":true,"big":9.223372036854776e+18,"i":12,"n":0.5,"out":null,"s":"x","t":"On",)"
                     R"("xs":[1,{"k":null}],"z":null})");
  REQUIRE(unknowns.size() == 2);
  CHECK(unknowns[0].path == std::vector<std::string>{"out"});
  CHECK(unknowns[1].path == std::vector<std::string>{"xs", "1", "k"});
  CHECK(unknowns[1].deps == std::vector<uint32_t>{3});
}
