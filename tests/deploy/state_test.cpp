// Unit tests of the git state store: commits, the journal after a crash, locks,
// compare-and-swap across stacks.
#include <stdlib.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "runtime/state/store.h"

using namespace cairn;
using resource::ResourceRecord;
using resource::Value;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/cairn-state-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

ResourceRecord record(const std::string& address, const std::string& content) {
  ResourceRecord r;
  r.address = address;
  r.type = "null.Resource";
  r.provider = "null";
  r.id = address;
  r.inputs = Value::object({{"content", Value::string(content)}});
  return r;
}

} // namespace

TEST_CASE("a missing state reads as missing", "[state]") {
  TempDir dir;
  bool missing = false;
  std::string why;
  CHECK(state::Store::open(dir.path + "/nope", &missing, &why) == nullptr);
  CHECK(missing);
}

TEST_CASE("transactions commit records and read back", "[state]") {
  TempDir dir;
  std::string why;
  auto store = state::Store::open_or_create(dir.path + "/s", &why);
  REQUIRE(store);
  state::Snapshot snap;
  REQUIRE(store->read("default", &snap, &why));
  CHECK(snap.commit.empty());
  CHECK(snap.resources.empty());

  auto lock = store->lock("default", &why);
  REQUIRE(lock);
  {
    auto tx = state::Transaction::begin(*store, "default", &why);
    REQUIRE(tx);
    tx->put(record("a", "1"));
    tx->put(record("web.\"x/y\"", "2"));
    tx->set_outputs(Value::object({{"o", Value::integer(3)}}));
    auto id = tx->commit("first\n", &why);
    REQUIRE(id);
    CHECK(id->size() == 40);
  }
  REQUIRE(store->read("default", &snap, &why));
  CHECK(snap.resources.size() == 2);
  CHECK(snap.resources.at("web.\"x/y\"").inputs.get("content")->as_string() == "2");
  CHECK(snap.outputs.get("o")->number_text() == "3");
  CHECK_FALSE(snap.interrupted);

  {
    auto tx = state::Transaction::begin(*store, "default", &why);
    REQUIRE(tx);
    tx->put(record("a", "1"));
    auto id = tx->commit("nothing\n", &why);
    REQUIRE(id);
    CHECK(id->empty()); // no change, no commit
  }
  {
    auto tx = state::Transaction::begin(*store, "default", &why);
    tx->remove("a");
    REQUIRE(tx->commit("second\n", &why));
  }
  std::vector<state::LogEntry> log;
  REQUIRE(store->log("default", 10, &log, &why));
  REQUIRE(log.size() == 2);
  CHECK(log[0].message == "second\n");
  REQUIRE(store->read("default", &snap, &why));
  CHECK(snap.resources.size() == 1);
}

TEST_CASE("the journal survives an interrupted transaction", "[state]") {
  TempDir dir;
  std::string why;
  auto store = state::Store::open_or_create(dir.path + "/s", &why);
  REQUIRE(store);
  {
    auto tx = state::Transaction::begin(*store, "default", &why);
    tx->put(record("a", "1"));
    REQUIRE(tx->checkpoint(&why));
    tx->put(record("b", "2"));
    // Dropped without commit: like a crash after the first checkpoint.
  }
  state::Snapshot snap;
  REQUIRE(store->read("default", &snap, &why));
  CHECK(snap.interrupted);
  CHECK(snap.resources.count("a") == 1);
  CHECK(snap.resources.count("b") == 0);
  {
    auto tx = state::Transaction::begin(*store, "default", &why);
    CHECK(tx->base().resources.count("a") == 1);
    tx->put(record("b", "2"));
    REQUIRE(tx->commit("recovered\n", &why));
  }
  REQUIRE(store->read("default", &snap, &why));
  CHECK_FALSE(snap.interrupted);
  CHECK(snap.resources.size() == 2);
}

TEST_CASE("locks exclude a second writer", "[state]") {
  TempDir dir;
  std::string why;
  auto store = state::Store::open_or_create(dir.path + "/s", &why);
  auto first = store->lock("default", &why);
  REQUIRE(first);
  auto second = store->lock("default", &why);
  CHECK(second == nullptr);
  CHECK(why.find("locked") != std::string::npos);
  CHECK(store->lock("other", &why) != nullptr);
  first.reset();
  CHECK(store->lock("default", &why) != nullptr);
}

TEST_CASE("commits on other stacks do not conflict; on the same stack they do", "[state]") {
  TempDir dir;
  std::string why;
  auto store = state::Store::open_or_create(dir.path + "/s", &why);
  auto tx1 = state::Transaction::begin(*store, "one", &why);
  auto tx2 = state::Transaction::begin(*store, "two", &why);
  auto tx3 = state::Transaction::begin(*store, "one", &why);
  tx1->put(record("a", "1"));
  tx2->put(record("b", "2"));
  tx3->put(record("c", "3"));
  REQUIRE(tx1->commit("one\n", &why));
  REQUIRE(tx2->commit("two\n", &why)); // rebuilt on top of tx1's commit
  CHECK_FALSE(tx3->commit("three\n", &why));
  CHECK(why.find("changed by another writer") != std::string::npos);
  state::Snapshot one, two;
  REQUIRE(store->read("one", &one, &why));
  REQUIRE(store->read("two", &two, &why));
  CHECK(one.resources.count("a") == 1);
  // The loser's finished work stays in the journal, replayed by readers.
  CHECK(one.interrupted);
  CHECK(one.resources.count("c") == 1);
  CHECK(two.resources.count("b") == 1);
}

TEST_CASE("stack names are checked", "[state]") {
  CHECK(state::valid_stack_name("default"));
  CHECK(state::valid_stack_name("prod-eu.1"));
  CHECK_FALSE(state::valid_stack_name(""));
  CHECK_FALSE(state::valid_stack_name(".x"));
  CHECK_FALSE(state::valid_stack_name("a/b"));
  CHECK_FALSE(state::valid_stack_name("a..b"));
}
