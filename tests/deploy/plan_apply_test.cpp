// Unit tests of the planner and apply with a fake spec evaluator whose inputs read other
// resources' outputs, the way specs in the language do: unknown outputs at plan time,
// evaluation rounds when outputs change, re-evaluation at apply time.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>

#include "runtime/apply/apply.h"
#include "runtime/plan/plan.h"
#include "compiler/base/sha256.h"

using namespace cairn;
using resource::Value;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/cairn-plan-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

// A spec whose resources are computed by a function of the injected outputs.
class FakeSpec : public graph::SpecEvaluator {
public:
  using Builder = std::function<void(const graph::OutputsMap&, graph::Spec&)>;
  explicit FakeSpec(Builder b) : build_(std::move(b)) {}
  std::optional<graph::Spec> evaluate(const graph::OutputsMap& known, diag::Diagnostics&) override {
    ++evaluations;
    graph::Spec spec;
    build_(known, spec);
    std::sort(spec.resources.begin(), spec.resources.end(),
              [](const auto& a, const auto& b) { return a.address < b.address; });
    return spec;
  }
  bool reads_outputs() const override { return true; }
  std::string content_hash() const override { return "fake"; }
  int evaluations = 0;

private:
  Builder build_;
};

// Reads `resources.<address>.outputs.<name>` like the evaluator would: the value when known,
// else an unknown from that resource; the read is recorded.
Value read_output(const graph::OutputsMap& known, const std::string& address, const std::string& name,
                  graph::DesiredResource& reader) {
  reader.reads.push_back(address);
  auto it = known.find(address);
  if (it == known.end()) return Value::unknown({address});
  const Value* v = it->second.get(name);
  return v ? *v : Value::unknown({address});
}

// String interpolation with unknowns: unknown in, unknown out.
Value concat(const std::string& prefix, const Value& v) {
  if (v.is_unknown()) return v;
  return Value::string(prefix + v.as_string());
}

graph::DesiredResource file(const std::string& address, const std::string& path, Value content) {
  graph::DesiredResource r;
  r.address = address;
  r.type = "local.File";
  r.inputs = Value::object({{"path", Value::string(path)}, {"content", std::move(content)}});
  return r;
}

// `a` holds `a_content`; `b` holds "a is <sha256 of a>"; `c` holds "b is <sha256 of b>".
FakeSpec::Builder chain(const std::string* a_content) {
  return [a_content](const graph::OutputsMap& known, graph::Spec& spec) {
    spec.resources.push_back(file("a", "a.txt", Value::string(*a_content)));
    graph::DesiredResource b = file("b", "b.txt", Value::null());
    b.inputs.set("content", concat("a is ", read_output(known, "a", "sha256", b)));
    graph::DesiredResource c = file("c", "c.txt", Value::null());
    c.inputs.set("content", concat("b is ", read_output(known, "b", "sha256", c)));
    spec.resources.push_back(std::move(b));
    spec.resources.push_back(std::move(c));
  };
}

struct Env {
  TempDir dir;
  diag::CollectingConsumer collected;
  diag::Diagnostics diags{&collected};
  providers::Registry registry;
  std::unique_ptr<state::Store> store;

  Env() {
    std::vector<providers::Problem> problems;
    registry.configure("local", Value::object({{"root", Value::string(dir.path)}}), problems);
    std::string why;
    store = state::Store::open_or_create(dir.path + "/state", &why);
  }
  state::Snapshot snapshot() {
    state::Snapshot s;
    std::string why;
    store->read("default", &s, &why);
    return s;
  }
  std::optional<plan::Plan> plan(graph::SpecEvaluator& spec) {
    state::Snapshot s = snapshot();
    plan::PlanInput in;
    in.spec = &spec;
    in.state = &s;
    in.providers = &registry;
    return plan::make_plan(in, diags);
  }
  apply::ApplyResult apply(const plan::Plan& p, graph::SpecEvaluator& spec) {
    apply::ApplyInput in;
    in.plan = &p;
    in.store = store.get();
    in.providers = &registry;
    in.spec = &spec;
    in.parallelism = 4;
    return apply::run(in, diags);
  }
  std::string read(const std::string& rel) {
    std::ifstream f(dir.path + "/" + rel);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  const plan::ResourceChange& change(const plan::Plan& p, const std::string& address) {
    for (const auto& c : p.changes)
      if (c.address == address) return c;
    FAIL("no change for " << address);
    return p.changes[0];
  }
};

} // namespace

TEST_CASE("outputs of resources to create are unknown until apply", "[plan][apply]") {
  Env env;
  std::string a = "hello";
  FakeSpec spec(chain(&a));
  auto p = env.plan(spec);
  REQUIRE(p);
  const auto& b = env.change(*p, "b");
  CHECK(b.action == plan::ActionKind::Create);
  REQUIRE(b.after_inputs.get("content")->is_unknown());
  CHECK(b.after_inputs.get("content")->unknown_deps() == std::vector<std::string>{"a"});
  CHECK(b.dependencies == std::vector<std::string>{"a"});
  CHECK(p->wave[0] == 1);
  CHECK(p->wave[1] == 2);
  CHECK(p->wave[2] == 3);

  auto r = env.apply(*p, spec);
  REQUIRE(r.ok);
  std::string sha_a = base::sha256_hex("hello");
  CHECK(env.read("b.txt") == "a is " + sha_a);
  CHECK(env.read("c.txt") == "b is " + base::sha256_hex("a is " + sha_a));
  CHECK(r.added == 3);

  // Planning again: nothing to do, and a single evaluation round.
  spec.evaluations = 0;
  auto again = env.plan(spec);
  REQUIRE(again);
  CHECK_FALSE(again->has_changes());
  CHECK(spec.evaluations == 1);
}

TEST_CASE("an update propagates to dependents through outputs", "[plan][apply]") {
  Env env;
  std::string a = "one";
  FakeSpec spec(chain(&a));
  auto first = env.plan(spec);
  REQUIRE(env.apply(*first, spec).ok);

  a = "two";
  spec.evaluations = 0;
  auto p = env.plan(spec);
  REQUIRE(p);
  CHECK(env.change(*p, "a").action == plan::ActionKind::Update);
  // b and c read outputs that will change: their content is unknown, so they update too.
  CHECK(env.change(*p, "b").action == plan::ActionKind::Update);
  CHECK(env.change(*p, "b").after_inputs.get("content")->is_unknown());
  CHECK(env.change(*p, "c").action == plan::ActionKind::Update);
  CHECK(spec.evaluations >= 2);

  auto r = env.apply(*p, spec);
  REQUIRE(r.ok);
  CHECK(r.changed == 3);
  CHECK(env.read("b.txt") == "a is " + base::sha256_hex("two"));
  auto after = env.plan(spec);
  REQUIRE(after);
  CHECK_FALSE(after->has_changes());
}

TEST_CASE("a change that does not move outputs does not disturb readers", "[plan]") {
  Env env;
  std::string a = "same";
  bool c_mode = false;
  FakeSpec spec([&](const graph::OutputsMap& known, graph::Spec& s) {
    chain(&a)(known, s);
    if (c_mode) s.resources.back().inputs.set("mode", Value::string("0600"));
  });
  REQUIRE(env.apply(*env.plan(spec), spec).ok);
  c_mode = true; // c changes mode only; nobody reads c
  spec.evaluations = 0;
  auto p = env.plan(spec);
  REQUIRE(p);
  CHECK(env.change(*p, "a").action == plan::ActionKind::NoOp);
  CHECK(env.change(*p, "b").action == plan::ActionKind::NoOp);
  CHECK(env.change(*p, "c").action == plan::ActionKind::Update);
  CHECK(spec.evaluations == 1);
}

TEST_CASE("apply refuses inputs that contradict the plan", "[apply]") {
  Env env;
  std::string a = "x";
  std::string suffix;
  FakeSpec spec([&](const graph::OutputsMap& known, graph::Spec& s) {
    s.resources.push_back(file("a", "a.txt", Value::string(a)));
    graph::DesiredResource b = file("b", "b.txt", Value::null());
    b.inputs.set("content", concat("sha ", read_output(known, "a", "sha256", b)));
    b.inputs.set("mode", Value::string(known.count("a") && !suffix.empty() ? "0600" : "0644"));
    s.resources.push_back(std::move(b));
  });
  auto p = env.plan(spec);
  REQUIRE(p);
  suffix = "changed"; // once a's outputs are known, b's mode evaluates differently
  auto r = env.apply(*p, spec);
  CHECK_FALSE(r.ok);
  CHECK(r.results[1].status == apply::Status::Failed);
  CHECK(r.results[1].error.find("`mode` was known when planning") != std::string::npos);
  CHECK(r.recorded); // a is recorded
  CHECK(env.snapshot().resources.count("a") == 1);
}

TEST_CASE("apply waits for outputs it discovers it needs", "[apply]") {
  Env env;
  bool hidden = true;
  FakeSpec spec([&](const graph::OutputsMap& known, graph::Spec& s) {
    s.resources.push_back(file("a", "a.txt", Value::string("a")));
    s.resources.push_back(file("z", "z.txt", Value::string("z")));
    graph::DesiredResource b = file("b", "b.txt", Value::null());
    Value sha_a = read_output(known, "a", "sha256", b);
    // Only reads z once a is known: the plan cannot see that edge.
    if (sha_a.is_unknown() || hidden) {
      b.inputs.set("content", sha_a.is_unknown() ? sha_a : concat("", sha_a));
    } else {
      b.inputs.set("content", concat("", read_output(known, "z", "sha256", b)));
    }
    s.resources.push_back(std::move(b));
  });
  auto p = env.plan(spec);
  REQUIRE(p);
  hidden = false;
  auto r = env.apply(*p, spec);
  REQUIRE(r.ok);
  CHECK(env.read("b.txt") == base::sha256_hex("z"));
}

TEST_CASE("a failure skips dependents and records the rest", "[apply]") {
  Env env;
  FakeSpec spec([&](const graph::OutputsMap&, graph::Spec& s) {
    graph::DesiredResource bad;
    bad.address = "bad";
    bad.type = "null.Resource";
    bad.inputs = Value::object({{"fail", Value::boolean(true)}});
    s.resources.push_back(bad);
    graph::DesiredResource after = file("after", "after.txt", Value::string("x"));
    after.depends_on = {"bad"};
    s.resources.push_back(after);
    s.resources.push_back(file("free", "free.txt", Value::string("x")));
  });
  auto p = env.plan(spec);
  REQUIRE(p);
  auto r = env.apply(*p, spec);
  CHECK_FALSE(r.ok);
  CHECK(r.failed == 1);
  CHECK(r.skipped == 1);
  CHECK(r.added == 1);
  auto snap = env.snapshot();
  CHECK(snap.resources.size() == 1);
  CHECK(snap.resources.count("free") == 1);
  std::string summary = apply::summary_text(*p, r);
  CHECK(summary.find("skipped: after (depends on bad)") != std::string::npos);
}

TEST_CASE("plans round trip through plan files", "[plan]") {
  Env env;
  std::string a = "hello";
  FakeSpec spec(chain(&a));
  auto p = env.plan(spec);
  REQUIRE(p);
  std::string json = plan::render_json(*p);
  std::string why;
  auto back = plan::read_plan_json(json, &why);
  REQUIRE(back);
  CHECK(plan::render_json(*back) == json);
  CHECK(plan::render_text(*back, false) == plan::render_text(*p, false));
  CHECK_FALSE(plan::read_plan_json("{}", &why));
  CHECK_FALSE(plan::read_plan_json("not json", &why));
}
