// Unit tests for string literal processing: escapes and multiline indentation.
#include <catch2/catch.hpp>

#include "compiler/parse/string_literal.h"

using cairn::parse::Chunk;

namespace {
Chunk text(std::string s) {
  Chunk c;
  c.text = std::move(s);
  return c;
}
Chunk expr() {
  Chunk c;
  c.is_expr = true;
  return c;
}
} // namespace

TEST_CASE("common indentation is removed, blank first and last lines dropped", "[strings]") {
  std::vector<Chunk> chunks{text("\n    a\n      b\n    c\n  ")};
  cairn::parse::strip_indent(chunks);
  CHECK(chunks[0].text == "a\n  b\nc");
}

TEST_CASE("an interpolation alone on its line keeps its relative indentation", "[strings]") {
  std::vector<Chunk> chunks{text("\n  a\n    "), expr(), text("\n  b\n")};
  cairn::parse::strip_indent(chunks);
  CHECK(chunks[0].text == "a\n  ");
  CHECK(chunks[1].indent == 2);
  CHECK(chunks[2].text == "\nb");
}

TEST_CASE("two interpolations on one line are not re-indented", "[strings]") {
  std::vector<Chunk> chunks{text("\n  "), expr(), text(" "), expr(), text("\n")};
  cairn::parse::strip_indent(chunks);
  CHECK(chunks[1].indent == 0);
  CHECK(chunks[3].indent == 0);
}

TEST_CASE("escapes", "[strings]") {
  CHECK(cairn::parse::decode_escape('n') == '\n');
  CHECK(cairn::parse::decode_escape('%') == '%');
  CHECK_FALSE(cairn::parse::decode_escape('q').has_value());
  std::string out;
  cairn::parse::append_normalized(out, "a\r\nb\xff");
  CHECK(out == "a\nb\xEF\xBF\xBD");
}
