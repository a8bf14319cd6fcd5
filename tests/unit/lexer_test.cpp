// The hand-written lexer against the grammar's lexer: on every golden case, the fuzz seed
// corpus, tricky snippets and random inputs, both must give the same tokens (type, start,
// stop) and the same lexical problems. The ANTLR lexer generated from
// grammar/CairnLexer.g4 is the specification.
#include "tests/unit/lexer_reference.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace cairn::parse;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void check_same(const std::string& text, const std::string& what) {
  std::string difference = compare_lexers(text);
  INFO(what);
  CHECK(difference.empty());
  if (!difference.empty()) WARN(difference);
}

} // namespace

TEST_CASE("the lexer agrees with the grammar's lexer on the corpora", "[lexer]") {
  size_t files = 0;
  for (const char* dir : {"tests/golden/parse", "tests/fuzz/corpus/parse", "examples/fediverse"}) {
    std::filesystem::path root = std::filesystem::path(CAIRN_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
      if (entry.path().extension() != ".conf") continue;
      check_same(read(entry.path()), entry.path().string());
      ++files;
    }
  }
  CHECK(files > 100);
}

TEST_CASE("the lexer agrees with the grammar's lexer on tricky snippets", "[lexer]") {
  const char* snippets[] = {
      "",
      "\xEF\xBB\xBF",
      "\xEF\xBB\xBFx",
      "a-b",
      "a--b",
      "a'b'",
      "_",
      "__",
      "_a",
      "_1",
      "__a-s%\"x\"%",
      "m%\"x\"%",
      "m%%\"x\"%\"%%",
      "m",
      "m%",
      "m%x",
      "m-s%\"x\"%",
      "foo-s%%\"a %{b} %%{c}\"%%",
      "a-s%x",
      "1",
      "1.",
      "1.5",
      ".5",
      "1..2",
      "1.2.3",
      "1e",
      "1e5",
      "1e+",
      "1e+5",
      "1E-2",
      ".5e1",
      "0x",
      "0xg",
      "0x1F",
      "0o",
      "0o78",
      "0b",
      "0b102",
      "007",
      "x.0",
      "r.a.b",
      "'",
      "'a",
      "'\"a b\"",
      "'_",
      "'_a",
      "'1",
      "\"\\x4\"",
      "\"\\x41\"",
      "\"\\q\"",
      "\"\\",
      "\"a%b%{c}%\"",
      "\"%{ { a = 1 } }\"",
      "\"%{\"",
      "\"a",
      "m%\"a\"%{b}\"%",
      "m%\"%%{x}\"%",
      "m%%\"%{x}\"%%",
      "m%\"\"%%",
      "m%\"abc",
      "{}}",
      "}",
      "{ %{ } }",
      "[| 'a |]",
      "[||]",
      "|>",
      "||",
      "|",
      "|]",
      "=>",
      "==",
      "=",
      "->",
      "-",
      "&&",
      "&",
      "!=",
      "!",
      "<=",
      "<",
      ">=",
      ">",
      "++",
      "+",
      "..",
      "...",
      ".",
      "#x\n1",
      "# only",
      "\x00",
      "\x80\x81 x",
      "\xff",
      "`",
      "$",
      "\\",
      "\t\r\n ",
      "let in rec fun if then else match import forall null true false",
      "Dyn Number Bool String Array default force priority optional not_exported doc or as include",
      "letter input _let Numbers",
      "\"%{ \"%{ \"%{ x }\" }\" }\"",
      "m%\"\n  %{ m%\"%{x}\"% }\n\"%",
  };
  for (const char* s : snippets) check_same(s, s);
  check_same(std::string("a\0b", 3), "NUL");
}

TEST_CASE("the lexer agrees with the grammar's lexer on random input", "[lexer]") {
  std::mt19937 rng(1234);
  const char* pieces[] = {"let",  " ",     "\n",     "in",   "{",    "}",   "[",  "]",    "(", ")",
                          "[|",   "|]",    "=",      ",",    "x",    "1",   ".5", "\"",   "%", "%{",
                          "m%\"", "m%%\"", "\"%",    "\"%%", "'A",   "'\"", "\\", "\\x4", "#", "..",
                          "->",   "|",     "a-s%\"", "é",    "\xff", "_",   "e",  "0x",   "-"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    check_same(text, text);
  }
  for (int round = 0; round < 500; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 64);
    for (int i = 0; i < n; ++i) text += static_cast<char>(rng() % 128);
    check_same(text, "random bytes");
  }
}
