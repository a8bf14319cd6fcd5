// The evaluating front end (runtime/front/front_end.h) as the commands use it: files load in
// order and the first failure stops the rest, a type error stops evaluation (unless checking
// is off, as in the fuzzers), later inputs do not report earlier inputs' errors again (the
// REPL), and several files merge with `&`; its workspace's open documents shadow the disk, and
// a front end over a workspace's unit evaluates that unit's program without loading it again.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "runtime/front/front_end.h"

using namespace cairn;

namespace {

struct Front {
  explicit Front(bool typecheck = true) : fe(sources, names, diags, {}, typecheck) {}
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags{&consumer};
  front::FrontEnd fe;

  base::FileId add(const std::string& name, const std::string& text) { return sources.add(name, text); }
  std::string codes() const {
    std::string out;
    for (const diag::Diagnostic& d : consumer.diagnostics) out += std::string(diag::kind_code(d.kind)) + " ";
    return out;
  }
  std::string json(eval::Value v) {
    eval::DeepOptions o;
    o.export_mode = true;
    std::optional<eval::Value> forced = fe.evaluator().deep_force(v, o);
    REQUIRE(forced);
    std::string out;
    REQUIRE(fe.evaluator().serialize(*forced, eval::Format::Json, out));
    return out;
  }
};

const char* kIllTyped = "let x : Number = \"one\" in { x = x }";

} // namespace

TEST_CASE("front end: files merge with & in order") {
  Front f;
  std::optional<std::vector<uint32_t>> m = f.fe.compile({f.add("a.conf", "{ a = 1 }"), f.add("b.conf", "{ b = 2 }")});
  REQUIRE(m);
  REQUIRE(m->size() == 2);
  std::optional<eval::Value> v = f.fe.evaluate(*m);
  REQUIRE(v);
  CHECK(f.json(*v).find("\"b\": 2") != std::string::npos);
  CHECK(f.consumer.diagnostics.empty());
}

TEST_CASE("front end: the first file that fails to load stops the others") {
  Front f;
  std::optional<std::vector<uint32_t>> m =
      f.fe.compile({f.add("a.conf", "{ a = missing }"), f.add("b.conf", kIllTyped)});
  CHECK(!m);
  REQUIRE(f.consumer.diagnostics.size() == 1); // the unbound name; b.conf was not loaded
  CHECK(f.sources.get(f.consumer.diagnostics[0].loc.file).path() == "a.conf");
}

TEST_CASE("front end: a type error stops evaluation, unless checking is off") {
  Front checked;
  CHECK(!checked.fe.run(checked.add("t.conf", kIllTyped)));
  CHECK(checked.codes().rfind("E03", 0) == 0); // the checker's range

  Front unchecked(false);
  eval::DeepOptions deep;
  CHECK(!unchecked.fe.run(unchecked.add("t.conf", kIllTyped), &deep)); // the contract, at run time
  REQUIRE(!unchecked.consumer.diagnostics.empty());
  CHECK(unchecked.codes().find("E03") == std::string::npos);
}

TEST_CASE("front end: a later input does not report an earlier one's errors again") {
  Front f;
  CHECK(!f.fe.run(f.add("<repl 1>", kIllTyped)));
  size_t reported = f.consumer.diagnostics.size();
  REQUIRE(reported > 0);
  std::optional<eval::Value> v = f.fe.run(f.add("<repl 2>", "1 + 1"));
  REQUIRE(v);
  CHECK(f.fe.evaluator().print(*v) == "2");
  CHECK(f.consumer.diagnostics.size() == reported);
}

namespace {

std::string temp_dir(const char* name) {
  auto d = std::filesystem::temp_directory_path() / (std::string(name) + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return workspace::Workspace::normalize(d.string());
}

} // namespace

TEST_CASE("front end: an open document of its workspace shadows the disk for imports") {
  std::string dir = temp_dir("cairn-fe-overlay-");
  std::ofstream(dir + "/lib.conf") << "{ value = 1 }\n";
  Front f;
  REQUIRE(f.fe.workspace());
  f.fe.workspace()->set(dir + "/lib.conf", "{ value = 41 }", 1);
  f.fe.workspace()->set(dir + "/unsaved.conf", "{ more = 1 }", 1); // not on disk at all
  std::optional<eval::Value> v = f.fe.run(
      f.add(dir + "/main.conf", "let lib = import \"lib.conf\" in lib.value + (import \"unsaved.conf\").more"));
  REQUIRE(v);
  CHECK(f.fe.evaluator().print(*v) == "42");
  CHECK(f.fe.unit().loader.read.count(dir + "/lib.conf") == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("front end: evaluating a workspace's unit reuses its program and its types") {
  std::string dir = temp_dir("cairn-fe-unit-");
  std::string main = dir + "/main.conf";
  workspace::Workspace ws;
  ws.set(main, "let x : Number = 1 in { y = x + 1 }", 1);
  workspace::Unit& u = ws.unit(main);
  REQUIRE(u.diagnostics.empty());
  REQUIRE(u.types());
  uint32_t modules = u.program.module_count();
  {
    front::FrontEnd fe(u);
    REQUIRE(fe.workspace() == nullptr);
    std::optional<eval::Value> v = fe.evaluate(u.roots);
    REQUIRE(v);
    std::optional<eval::Value> y = fe.evaluator().get(*v, {"y"});
    REQUIRE(y);
    CHECK(fe.evaluator().print(*y) == "2");
    CHECK(fe.check()); // checked by the workspace already: nothing new, nothing reported
  }
  CHECK(u.diagnostics.empty());
  CHECK(u.program.module_count() == modules); // nothing loaded twice
  CHECK(ws.cached(main));                     // and the unit is still the workspace's
  // An evaluation error goes to the unit's diagnostics, with the unit's positions.
  ws.set(main, "{ y = 1 + \"a\" }", 2);
  workspace::Unit& broken = ws.unit(main);
  front::FrontEnd fe(broken);
  CHECK(!fe.evaluator().get(*fe.evaluate(broken.roots), {"y"}));
  REQUIRE(!broken.diagnostics.empty());
  CHECK(broken.sources.get(broken.diagnostics[0].loc.file).path() == main);
  std::filesystem::remove_all(dir);
}
