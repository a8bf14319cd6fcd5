// Unit tests of the provider interface's defaults and the built-in `local` and `null`
// providers, on real files in a temporary folder.
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "providers/registry.h"
#include "compiler/base/sha256.h"

using namespace cairn;
using providers::Value;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/cairn-provider-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("validation fills defaults and reports problems", "[providers]") {
  providers::Registry reg;
  providers::Provider* local = reg.get("local");
  REQUIRE(local);
  std::vector<providers::Problem> problems;
  Value in = Value::object({{"path", Value::string("a.txt")}, {"mode", Value::string("644")}});
  local->validate("local.File", in, problems);
  CHECK(problems.empty());
  CHECK(in.get("content")->as_string() == "");
  CHECK(in.get("mode")->as_string() == "0644");
  CHECK(in.get("sensitive")->as_bool() == false);

  Value bad = Value::object({{"contnet", Value::string("x")}, {"mode", Value::string("rw")}});
  local->validate("local.File", bad, problems);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].message == "`local.File` has no input `contnet`; did you mean `content`?");
  CHECK(problems[1].message == "`local.File` needs the input `path`");
  CHECK(problems[2].attribute == "mode");

  problems.clear();
  Value wrong = Value::object({{"path", Value::integer(3)}});
  local->validate("local.File", wrong, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == "`path` must be a String, not a number");

  problems.clear();
  Value unknown = Value::object({{"path", Value::unknown({"x"})}});
  local->validate("local.File", unknown, problems);
  CHECK(problems.empty());
  CHECK(reg.get("nope") == nullptr);
}

TEST_CASE("planning compares inputs and marks forced replacements", "[providers]") {
  providers::Registry reg;
  providers::Provider* local = reg.get("local");
  providers::ObjectState prior;
  prior.id = "a.txt";
  prior.inputs = Value::object({{"path", Value::string("a.txt")}, {"content", Value::string("1")}});
  prior.outputs = Value::object({{"id", Value::string("a.txt")}, {"sha256", Value::string("x")}});
  providers::Request req{"f", "local.File"};

  auto same = local->plan(req, &prior, prior.inputs);
  CHECK(same.changed.empty());
  CHECK(same.planned_outputs == prior.outputs);

  Value desired = prior.inputs;
  desired.set("content", Value::string("2"));
  auto upd = local->plan(req, &prior, desired);
  CHECK(upd.changed == std::vector<std::string>{"content"});
  CHECK(upd.replace.empty());
  CHECK(upd.planned_outputs.get("sha256")->is_unknown());
  CHECK(upd.planned_outputs.get("id")->as_string() == "a.txt");

  desired.set("path", Value::string("b.txt"));
  auto rep = local->plan(req, &prior, desired);
  CHECK(rep.replace == std::vector<std::string>{"path"});

  Value unknown_content = prior.inputs;
  unknown_content.set("content", Value::unknown({"other"}));
  CHECK(local->plan(req, &prior, unknown_content).changed == std::vector<std::string>{"content"});

  auto create = local->plan(req, nullptr, prior.inputs);
  CHECK(create.planned_outputs.get("sha256")->is_unknown());
}

TEST_CASE("local.File writes, refreshes and deletes real files", "[providers][local]") {
  TempDir dir;
  providers::Registry reg;
  std::vector<providers::Problem> problems;
  reg.configure("local", Value::object({{"root", Value::string(dir.path)}}), problems);
  REQUIRE(problems.empty());
  providers::Provider* local = reg.get("local");
  providers::Request req{"f", "local.File"};
  Value in = Value::object({{"path", Value::string("sub/dir/a.txt")},
                            {"content", Value::string("hello\n")},
                            {"mode", Value::string("0600")},
                            {"sensitive", Value::boolean(false)}});
  auto created = local->create(req, in);
  REQUIRE(created.ok);
  std::string file = dir.path + "/sub/dir/a.txt";
  CHECK(slurp(file) == "hello\n");
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(created.state.outputs.get("sha256")->as_string() == base::sha256_hex("hello\n"));

  auto same = local->read(req, created.state);
  REQUIRE(same.status == providers::ReadResult::Status::Exists);
  CHECK(same.state.inputs == created.state.inputs);

  std::ofstream(file) << "edited by hand";
  auto drifted = local->read(req, created.state);
  REQUIRE(drifted.status == providers::ReadResult::Status::Exists);
  CHECK(drifted.state.inputs.get("content")->as_string() == "edited by hand");

  REQUIRE(local->destroy(req, created.state).ok);
  CHECK_FALSE(std::filesystem::exists(file));
  CHECK(local->read(req, created.state).status == providers::ReadResult::Status::Gone);
  CHECK(local->destroy(req, created.state).ok); // already gone is fine
}

TEST_CASE("local.Directory creates and refuses to delete non-empty directories", "[providers][local]") {
  TempDir dir;
  providers::Registry reg;
  std::vector<providers::Problem> problems;
  reg.configure("local", Value::object({{"root", Value::string(dir.path)}}), problems);
  providers::Provider* local = reg.get("local");
  providers::Request req{"d", "local.Directory"};
  Value in = Value::object({{"path", Value::string("x/y")}, {"mode", Value::string("0755")}});
  auto created = local->create(req, in);
  REQUIRE(created.ok);
  CHECK(std::filesystem::is_directory(dir.path + "/x/y"));
  std::ofstream(dir.path + "/x/y/f") << "x";
  auto del = local->destroy(req, created.state);
  CHECK_FALSE(del.ok);
  CHECK(del.message().find("not empty") != std::string::npos);
  std::filesystem::remove(dir.path + "/x/y/f");
  CHECK(local->destroy(req, created.state).ok);
}

TEST_CASE("null resources fail on request and keep ids stable", "[providers][null]") {
  providers::Registry reg;
  providers::Provider* null = reg.get("null");
  providers::Request req{"n", "null.Resource"};
  Value in = Value::object({{"triggers", Value::object({{"v", Value::string("1")}})},
                            {"delay_ms", Value::integer(1)},
                            {"fail", Value::boolean(false)}});
  auto a = null->create(req, in);
  auto b = null->create(req, in);
  REQUIRE(a.ok);
  CHECK(a.state.id == b.state.id);
  Value failing = in;
  failing.set("fail", Value::boolean(true));
  auto f = null->create(req, failing);
  CHECK_FALSE(f.ok);
  CHECK(f.message() == "`n` failed as asked (`fail = true`)");
  auto plan = null->plan(req, &a.state, failing);
  CHECK(plan.replace.empty());
  CHECK(plan.planned_outputs == a.state.outputs);
}

TEST_CASE("provider contracts are embedded", "[providers]") {
  bool local = false, null = false;
  for (const auto& f : providers::embedded_contracts()) {
    if (f.path == "cairn/local.conf") local = f.text.find("File =") != std::string_view::npos;
    if (f.path == "cairn/null.conf") null = f.text.find("Resource =") != std::string_view::npos;
  }
  CHECK(local);
  CHECK(null);
}
