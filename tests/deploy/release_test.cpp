// Unit tests of the `release` provider (providers/release): canonical files and their blob
// ids checked against `git hash-object`, parsing hand-edited files, the repository's commits
// checked with `git log`, and the plan seams (immutable, change_summary).
#include "providers/registry.h"
#include "providers/release/release.h"

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdlib.h>

using namespace cairn;
using providers::Value;
namespace rel = providers::release;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/cairn-release-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

std::string run(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  std::array<char, 256> buf{};
  while (p && fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  return out;
}

Value release_inputs(const std::string& version, const std::string& digest) {
  Value artifacts =
      Value::object({{"image", Value::object({{"url", Value::string("oci://r/app:" + version)},
                                              {"digest", Value::string(digest)}})}});
  // Members out of order on purpose: the file sorts them.
  return Value::object({{"version", Value::string(version)},
                        {"name", Value::string("app")},
                        {"artifacts", artifacts},
                        {"sources", Value::object()},
                        {"spec_commit", Value::string("")}});
}

} // namespace

TEST_CASE("release files are canonical and their digest is git's blob id", "[release]") {
  std::string text = rel::release_text(release_inputs("1.5.0", "sha256:beef"));
  CHECK(text.rfind("{\n  \"artifacts\": {\n    \"image\": {\n      \"digest\"", 0) == 0);
  CHECK(text.back() == '\n');
  CHECK(rel::release_text(release_inputs("1.5.0", "sha256:beef")) == text);
  CHECK(rel::blob_id("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a");
  TempDir dir;
  std::string file = dir.path + "/r.json";
  FILE* f = fopen(file.c_str(), "w");
  fputs(text.c_str(), f);
  fclose(f);
  CHECK(run("git hash-object " + file) == rel::blob_id(text) + "\n");
  std::string why;
  std::optional<Value> back = rel::parse_release(text, &why);
  REQUIRE(back);
  CHECK(rel::release_text(*back) == text);
  CHECK_FALSE(rel::parse_release("[1, 2]", &why));
  CHECK(why == "not a JSON object");
  CHECK_FALSE(rel::parse_release("{\"name\": ", &why));
  std::string digest;
  std::optional<Value> ch =
      rel::parse_channel(rel::channel_text(Value::object({{"name", Value::string("stable")},
                                                          {"release", Value::string("app")},
                                                          {"version", Value::string("1.5.0")}}),
                                           "abc"),
                         &digest, &why);
  REQUIRE(ch);
  CHECK(digest == "abc");
  CHECK(ch->get("version")->as_string() == "1.5.0");
  CHECK(rel::short_id(nullptr) == "known after apply");
}

TEST_CASE("the releases repository: one commit per change, none for the same bytes", "[release]") {
  TempDir dir;
  rel::Repo repo(dir.path + "/releases.git", "main");
  std::string why;
  CHECK_FALSE(repo.read("channels/stable.json", &why));
  CHECK(why.empty());
  std::string a = "one\n", b = "two\n";
  std::optional<std::string> c1 = repo.write("channels/stable.json", &a, "first\n", &why);
  REQUIRE(c1);
  std::optional<std::string> same = repo.write("channels/stable.json", &a, "again\n", &why);
  CHECK(same == c1);
  bool conflict = false;
  CHECK_FALSE(repo.write("channels/stable.json", &b, "refused\n", &why, &conflict));
  CHECK(conflict);
  std::optional<std::string> c2 = repo.write("channels/stable.json", &b, "second\n", &why);
  REQUIRE(c2);
  std::string other = "x\n";
  REQUIRE(repo.write("releases/app/1.0.json", &other, "other file\n", &why));
  CHECK(repo.read("channels/stable.json", &why) == b);
  CHECK(repo.last_commit("channels/stable.json", &why) == *c2);
  std::string git = "git --git-dir " + dir.path + "/releases.git ";
  CHECK(run(git + "log --format=%s main -- channels/stable.json") == "second\nfirst\n");
  CHECK(run(git + "symbolic-ref HEAD") == "refs/heads/main\n");
  REQUIRE(repo.write("channels/stable.json", nullptr, "remove\n", &why));
  CHECK_FALSE(repo.read("channels/stable.json", &why));
  CHECK(run(git + "ls-tree -r --name-only main") == "releases/app/1.0.json\n");
}

TEST_CASE("release plan seams: releases are immutable, channels sum up their moves", "[release]") {
  providers::Registry registry;
  providers::Provider* p = registry.get("release");
  REQUIRE(p);
  CHECK(p->immutable("release.Release"));
  CHECK_FALSE(p->immutable("release.Channel"));
  auto channel = [](const char* version, const char* digest) {
    providers::ObjectState s;
    s.inputs = Value::object({{"name", Value::string("stable")},
                              {"release", Value::string("app")},
                              {"version", Value::string(version)}});
    s.outputs = Value::object({{"digest", Value::string(digest)}});
    return s;
  };
  providers::ObjectState before = channel("1.4.2", "a1b2c3d4e5"),
                         after = channel("1.5.0", "d4e5f6a7b8");
  CHECK(p->change_summary("release.Channel", &before, &after) ==
        "release app 1.4.2 (a1b2c3d) -> 1.5.0 (d4e5f6a)");
  after.outputs = Value::object({{"digest", Value::unknown()}});
  CHECK(p->change_summary("release.Channel", nullptr, &after) ==
        "release app 1.5.0 (known after apply)");
  CHECK(p->change_summary("release.Channel", &before, &before).empty()); // not moved
  providers::ObjectState f1, f2;
  f1.inputs = f2.inputs = Value::object({{"channel", Value::string("stable")}});
  f1.outputs = Value::object({{"release", Value::string("app")},
                              {"version", Value::string("1.4.2")},
                              {"digest", Value::string("a1b2c3d4")}});
  f2.outputs = Value::object({{"release", Value::string("app")},
                              {"version", Value::string("1.5.0")},
                              {"digest", Value::string("d4e5f6a7")}});
  CHECK(p->change_summary("release.Follow", &f1, &f2) ==
        "channel stable moved: release app 1.4.2 (a1b2c3d) -> app 1.5.0 (d4e5f6a)");
  CHECK(p->change_summary("release.Follow", &f1, &f1).empty());
  CHECK(p->change_summary("release.Follow", &f1, nullptr).empty());
}
