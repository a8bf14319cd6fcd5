// The front-end workspace and the language server's features on it: units are cached
// until a file of their import graph changes (and only then), open documents shadow the
// disk, and completion, hover and definition work on half-typed text.
#include "compiler/lsp/features.h"
#include "compiler/workspace/workspace.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace cairn;

namespace {

std::string temp_dir() {
  auto d = std::filesystem::temp_directory_path() / ("cairn-ws-" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return workspace::Workspace::normalize(d.string());
}

std::vector<std::string> labels(workspace::Unit& u, const std::string& text, std::string_view before) {
  lsp::Analysis a(u);
  std::vector<std::string> out;
  for (const auto& c : lsp::complete(a, text, static_cast<uint32_t>(text.find(before) + before.size())))
    out.push_back(c.label);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

} // namespace

TEST_CASE("a unit is rebuilt when a file it imports changes, and only then", "[workspace]") {
  std::string dir = temp_dir();
  std::ofstream(dir + "/lib.conf") << "{ value = 1 }\n";
  std::ofstream(dir + "/other.conf") << "{ x = 2 }\n";
  workspace::Workspace ws;
  std::string main = dir + "/main.conf", lib = dir + "/lib.conf", other = dir + "/other.conf";
  ws.set(main, "let lib = import \"lib.conf\" in { v = lib.value + 1 }", 1);
  ws.set(other, "{ x = 2 }", 1);
  REQUIRE(ws.unit(main).diagnostics.empty());
  ws.unit(other);
  REQUIRE(ws.cached(main));
  REQUIRE(ws.cached(other));
  // Editing the import (unsaved) drops main's unit but not other's, and main sees the text.
  std::vector<std::string> dropped = ws.set(lib, "{ value = \"one\" }", 2);
  CHECK(dropped == std::vector<std::string>{main});
  CHECK(!ws.cached(main));
  CHECK(ws.cached(other));
  workspace::Unit& u = ws.unit(main);
  CHECK(u.loader.read.count(lib) == 1);
  // Closing the import goes back to the disk's text.
  ws.close(lib);
  CHECK(!ws.cached(main));
  CHECK(ws.unit(main).diagnostics.empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("completion works on half-typed text", "[workspace][lsp]") {
  workspace::Workspace ws;
  std::string path = workspace::Workspace::normalize("half.conf");
  std::string text = "let base = 1 in\n{ a = std.string., b = base }\n";
  ws.set(path, text, 1);
  workspace::Unit& u = ws.unit(path);
  CHECK(!u.diagnostics.empty()); // the syntax error
  auto members = labels(u, text, "std.string.");
  CHECK(has(members, "uppercase"));
  CHECK(has(members, "join"));
  auto scope = labels(u, text, "b = ");
  CHECK(has(scope, "base"));
  CHECK(has(scope, "std"));
}
