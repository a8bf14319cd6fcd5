// Unit tests for source files: line tables, columns in code points, offsets.
#include <catch2/catch.hpp>

#include "compiler/base/source.h"

using cairn::base::LineCol;
using cairn::base::SourceFile;
using cairn::base::SourceMap;

TEST_CASE("line and column of offsets", "[source]") {
  SourceFile f("a.conf", "ab\ncd\n\nxyz");
  CHECK(f.line_count() == 4);
  CHECK(f.line_col(0).line == 1);
  CHECK(f.line_col(0).column == 1);
  CHECK(f.line_col(3).line == 2);
  CHECK(f.line_col(4).column == 2);
  CHECK(f.line_col(6).line == 3);
  CHECK(f.line_col(9).line == 4);
  CHECK(f.line_col(9).column == 3);
  // Past the end clamps to the end.
  CHECK(f.line_col(1000).line == 4);
  CHECK(f.line_col(1000).column == 4);
}

TEST_CASE("columns count code points, not bytes", "[source]") {
  SourceFile f("u.conf", "é = \"ü\"");
  // `é` is two bytes; `=` is the third code point.
  CHECK(f.line_col(3).column == 3);
  CHECK(f.offset_of(LineCol{1, 3}) == 3);
}

TEST_CASE("line text drops the terminator, CRLF included", "[source]") {
  SourceFile f("c.conf", "one\r\ntwo\n");
  CHECK(f.line_text(1) == "one");
  CHECK(f.line_text(2) == "two");
  CHECK(f.line_text(3).empty());
  CHECK(f.line_text(99).empty());
}

TEST_CASE("a source map keeps every file", "[source]") {
  SourceMap m;
  auto a = m.add("a", "1");
  auto b = m.add("b", "2");
  CHECK(a != b);
  CHECK(m.get(a).text() == "1");
  CHECK(m.get(b).path() == "b");
  std::string why;
  CHECK_FALSE(m.load("/nonexistent/file.conf", &why).has_value());
  CHECK_FALSE(why.empty());
}
