// base::quoted writes a string literal of the language: evaluating what it writes must give
// back the original text, for every ASCII byte, for `%{`, and for UTF-8.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/base/quote.h"
#include "runtime/eval/evaluator.h"

using namespace cairn;

namespace {

std::string round_trip(const std::string& text) {
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags{&consumer};
  eval::Evaluator ev{sources, names, diags};
  base::FileId f = sources.add("quote.conf", base::quoted(text));
  std::optional<uint32_t> m = ev.load(f);
  REQUIRE(m);
  std::optional<eval::Value> v = ev.evaluate(*m);
  REQUIRE(v);
  REQUIRE(v->is_string());
  return std::string(v->as<value::String>()->view());
}

} // namespace

TEST_CASE("quoted text reads back as the same string", "[quote]") {
  std::vector<std::string> cases = {"",        "plain",      "say \"hi\"", "back\\slash", "%{x}",
                                    "100% {}", "\\%{x}",     "%%{",        "tab\there",   "a\r\nb",
                                    "\x7f",    "caf\xc3\xa9", "\xf0\x9f\x8c\x8d"};
  for (int c = 1; c < 128; ++c) cases.push_back(std::string("<") + static_cast<char>(c) + ">");
  for (const std::string& text : cases) {
    INFO("quoted: " << base::quoted(text));
    CHECK(round_trip(text) == text);
  }
}

TEST_CASE("quoted escapes control characters and interpolation openers only", "[quote]") {
  CHECK(base::quoted("a\x01z") == "\"a\\x01z\"");
  CHECK(base::quoted("%{") == "\"\\%{\"");
  CHECK(base::quoted("% {") == "\"% {\"");
  CHECK(base::quoted("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}
