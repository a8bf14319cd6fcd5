// Unit tests of the resource graph and JSON specs: resources found by `type`, meta fields,
// ordering, cycles and their diagnostics.
#include <catch2/catch.hpp>

#include "runtime/graph/graph.h"
#include "runtime/graph/json_spec.h"

using namespace cairn;

namespace {

struct Loaded {
  base::SourceMap sources;
  diag::CollectingConsumer collected;
  diag::Diagnostics diags{&collected};
  std::optional<graph::Spec> spec;

  explicit Loaded(std::string text) {
    auto file = sources.add("spec.json", std::move(text));
    graph::JsonSpecEvaluator eval(sources, file);
    spec = eval.evaluate({}, diags);
  }
  std::string first_error() const {
    return collected.diagnostics.empty() ? "" : collected.diagnostics[0].message;
  }
};

} // namespace

TEST_CASE("resources are records with a type, nested in groups", "[graph]") {
  Loaded l(R"({
    "resources": {
      "web": { "dns": { "type": "null.Resource", "triggers": { "a": "1" } },
               "app": { "type": "null.Resource", "depends_on": ["web.dns"],
                        "lifecycle": { "prevent_destroy": true } } },
      "db": { "type": "local.File", "path": "x", "provider": "local" }
    },
    "outputs": { "x": 1 }
  })");
  REQUIRE(l.spec);
  REQUIRE(l.spec->resources.size() == 3);
  CHECK(l.spec->resources[0].address == "db");
  CHECK(l.spec->resources[1].address == "web.app");
  CHECK(l.spec->resources[1].depends_on == std::vector<std::string>{"web.dns"});
  CHECK(l.spec->resources[1].lifecycle.prevent_destroy);
  CHECK(l.spec->resources[1].inputs.as_object().empty());
  CHECK(l.spec->resources[2].inputs.get("triggers")->get("a")->as_string() == "1");
  CHECK(l.spec->outputs.get("x")->number_text() == "1");
  diag::Diagnostics diags(nullptr);
  auto g = graph::build_graph(*l.spec, diags);
  REQUIRE(g);
  CHECK(g->order == std::vector<uint32_t>{0, 2, 1});
  CHECK(g->depth == 2);
}

TEST_CASE("malformed specs are diagnosed", "[graph]") {
  CHECK(Loaded(R"({"resources": {"a": 1}})").first_error() ==
        "`resources.a` is a number, not a resource or a group of resources");
  CHECK(Loaded(R"({"resources": {"a": {"type": 3}}})").first_error() ==
        "`type` of `a` must be a String naming a resource type, like \"local.File\"");
  CHECK(Loaded(R"({"resources": {"a": {"type": "x", "depends_on": "b"}}})").first_error() ==
        "`depends_on` of `a` must be an array of strings");
  CHECK(Loaded(R"({"resources": {"a": {"type": "x", "lifecycle": {"nope": true}}}})").first_error() ==
        "`lifecycle` of `a` has no option `nope`");
  CHECK(Loaded(R"({"resources": {"a": 1, "a": 2}})").first_error() ==
        "duplicate key `a` in a JSON object");
  CHECK(Loaded(R"([1])").first_error() == "a spec must be a record (a JSON object) with `resources`");
  CHECK(Loaded(R"({"resources": )").first_error() == "expected a JSON value, found the end of the file");
}

TEST_CASE("cycles name every resource on them", "[graph]") {
  Loaded l(R"({"resources": {
    "a": {"type": "null.Resource", "depends_on": ["b"]},
    "b": {"type": "null.Resource", "depends_on": ["c"]},
    "c": {"type": "null.Resource", "depends_on": ["a"]},
    "d": {"type": "null.Resource", "depends_on": ["d"]},
    "e": {"type": "null.Resource", "depends_on": ["a"]}
  }})");
  REQUIRE(l.spec);
  auto g = graph::build_graph(*l.spec, l.diags);
  CHECK_FALSE(g);
  REQUIRE(l.collected.diagnostics.size() == 2);
  const auto& d0 = l.collected.diagnostics[0];
  CHECK(d0.message == "dependency cycle between `a`, `b` and `c`");
  CHECK(d0.labels.size() == 2);
  CHECK(d0.notes.size() == 3);
  CHECK(d0.notes[0] == "`a` lists in `depends_on` `b`");
  CHECK(l.collected.diagnostics[1].message == "`d` depends on itself");
}

TEST_CASE("unknown dependencies are errors", "[graph]") {
  Loaded l(R"({"resources": {"a": {"type": "null.Resource", "depends_on": ["zz"]}}})");
  REQUIRE(l.spec);
  CHECK_FALSE(graph::build_graph(*l.spec, l.diags));
  CHECK(l.first_error() == "`a` depends on `zz`, which is not a resource of this spec");
}

TEST_CASE("graphs render as DOT", "[graph]") {
  Loaded l(R"({"resources": {"a": {"type": "null.Resource"}, "b": {"type": "null.Resource", "depends_on": ["a"]}}})");
  REQUIRE(l.spec);
  auto g = graph::build_graph(*l.spec, l.diags);
  REQUIRE(g);
  std::string dot = graph::render_dot(*l.spec, *g);
  CHECK(dot.find("\"b\" -> \"a\" [style = \"dashed\"];") != std::string::npos);
}
