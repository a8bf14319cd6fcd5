// Unit tests for the diagnostic renderers: carets under the right characters, labels,
// notes, JSON fields.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"

using namespace cairn;

namespace {
diag::Diagnostic make(base::FileId f, base::Span s, std::string message) {
  diag::Diagnostic d;
  d.kind = diag::DiagKind::UnexpectedToken;
  d.message = std::move(message);
  d.loc = {f, s};
  return d;
}
} // namespace

TEST_CASE("text rendering puts the caret under the span", "[render]") {
  base::SourceMap m;
  auto f = m.add("x.conf", "let x = 1 x\n");
  auto d = make(f, {10, 11}, "expected `in` after let binding");
  d.primary_label = "here";
  d.helps.push_back("add `in`");
  std::string text = diag::TextRenderer::render(m, d, false);
  CHECK(text ==
        "error[E0102]: expected `in` after let binding\n"
        " --> x.conf:1:11\n"
        "  |\n"
        "1 | let x = 1 x\n"
        "  |           ^ here\n"
        "  = help: add `in`\n");
}

TEST_CASE("carets account for tabs and wide characters", "[render]") {
  base::SourceMap m;
  auto f = m.add("t.conf", "\t\xe4\xb8\xad = x\n"); // tab, a CJK character (width 2), " = x"
  auto d = make(f, {7, 8}, "m");                    // the `x`
  std::string text = diag::TextRenderer::render(m, d, false);
  // tab -> 4 columns, CJK -> 2 columns, " = " -> 3: the caret is at display column 9.
  CHECK(text.find("  |          ^\n") != std::string::npos);
}

TEST_CASE("secondary labels in another file get their own header", "[render]") {
  base::SourceMap m;
  auto a = m.add("a.conf", "{ x = 1 }\n");
  auto b = m.add("b.conf", "{ x = 2 }\n");
  auto d = make(a, {2, 3}, "conflicting definitions of `x`");
  d.labels.push_back({{b, {2, 3}}, "also defined here"});
  std::string text = diag::TextRenderer::render(m, d, false);
  CHECK(text.find(" --> a.conf:1:3") != std::string::npos);
  CHECK(text.find(" ::: b.conf:1:3") != std::string::npos);
  CHECK(text.find("- also defined here") != std::string::npos);
}

TEST_CASE("colour codes only when asked", "[render]") {
  base::SourceMap m;
  auto f = m.add("c.conf", "x\n");
  auto d = make(f, {0, 1}, "m");
  CHECK(diag::TextRenderer::render(m, d, false).find('\x1b') == std::string::npos);
  CHECK(diag::TextRenderer::render(m, d, true).find("\x1b[1;31m") != std::string::npos);
}

TEST_CASE("json rendering carries code, span, labels, notes", "[render]") {
  base::SourceMap m;
  auto f = m.add("j.conf", "a\nbc\n");
  auto d = make(f, {3, 4}, "msg");
  d.notes.push_back("n");
  d.labels.push_back({{f, {0, 1}}, "l"});
  auto j = nlohmann::json::parse(diag::JsonRenderer::render(m, d));
  CHECK(j["code"] == "E0102");
  CHECK(j["severity"] == "error");
  CHECK(j["span"]["line"] == 2);
  CHECK(j["span"]["column"] == 2);
  CHECK(j["span"]["file"] == "j.conf");
  CHECK(j["labels"][0]["message"] == "l");
  CHECK(j["notes"][0] == "n");
}

TEST_CASE("the engine counts errors and forwards to its consumer", "[render]") {
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  diags.error(diag::DiagKind::InvalidUtf8, {}, "one").note("n");
  diags.warning(diag::DiagKind::InvalidUtf8, {}, "two");
  CHECK(diags.error_count() == 1);
  REQUIRE(sink.diagnostics.size() == 2);
  CHECK(sink.diagnostics[0].notes.size() == 1);
  CHECK(diag::kind_code(diag::DiagKind::NestingTooDeep) == "E0107");
}
