// The table of embedded files is shared by every thread: the language server's worker
// registers an external provider's contract (`import "cairn/<kind>.conf"` starts the
// provider, which registers `cairn/<kind>.conf`) while the main thread's workspace looks
// files up. Lookups return copies, so nothing a reader holds moves when the table grows.
#include "compiler/resolve/program.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <deque>
#include <string>
#include <thread>

using namespace cairn;

namespace {

// Texts and paths the table keeps views of (as providers/schema keeps contract texts).
std::deque<std::string>& kept() {
  static std::deque<std::string> strings;
  return strings;
}

std::string_view keep(std::string s) {
  kept().push_back(std::move(s));
  return kept().back();
}

} // namespace

TEST_CASE("an embedded file found stays valid while others are registered", "[embedded]") {
  resolve::register_embedded("test/held.conf", "{ held = true }");
  std::optional<resolve::EmbeddedFile> held = resolve::find_embedded("test/held.conf");
  REQUIRE(held);
  for (int i = 0; i < 4000; ++i) {
    std::string_view path = keep("test/grow_" + std::to_string(i) + ".conf");
    resolve::register_embedded(path, path);
  }
  CHECK(held->path == "test/held.conf");
  CHECK(held->text == "{ held = true }");
  CHECK(resolve::find_embedded("test/grow_3999.conf")->text == "test/grow_3999.conf");
  CHECK_FALSE(resolve::find_embedded("test/never.conf"));
}

TEST_CASE("one thread registers embedded files while another looks them up", "[embedded]") {
  constexpr int kFiles = 3000;
  std::vector<std::string_view> paths;
  for (int i = 0; i < kFiles; ++i) paths.push_back(keep("cairn/race_" + std::to_string(i) + ".conf"));
  resolve::register_embedded("std/race_root.conf", "{ root = 1 }");
  std::atomic<int> registered{0};
  std::thread writer([&] {
    for (int i = 0; i < kFiles; ++i) {
      resolve::register_embedded(paths[i], paths[i]);
      registered.store(i + 1, std::memory_order_release);
    }
  });
  int wrong = 0;
  int looked = 0;
  while (registered.load(std::memory_order_acquire) < kFiles || looked < 1000) {
    ++looked;
    std::optional<resolve::EmbeddedFile> root = resolve::find_embedded("std/race_root.conf");
    if (!root || root->text != "{ root = 1 }") ++wrong;
    int n = registered.load(std::memory_order_acquire);
    if (n > 0) {
      std::optional<resolve::EmbeddedFile> last = resolve::find_embedded(paths[n - 1]);
      if (!last || last->text != paths[n - 1]) ++wrong;
    }
    if (resolve::embedded_files().size() < static_cast<size_t>(n)) ++wrong;
  }
  writer.join();
  CHECK(wrong == 0);
  CHECK(resolve::find_embedded(paths[kFiles - 1]));
}
