// Unit tests for the "simple" flag of strings (value::String::simple): set exactly when
// every byte is ASCII and none is '\r', whatever the byte's position in the scan's
// eight-byte words (compiler/value/string.cpp).
#include <catch2/catch.hpp>

#include <string>

#include "compiler/value/string.h"

namespace str = cairn::value::str;
using cairn::value::Arena;
using cairn::value::String;

namespace {
bool simple(Arena& arena, const std::string& text) { return str::make(arena, text).as<String>()->simple(); }
} // namespace

TEST_CASE("plain ASCII of every length is simple", "[string]") {
  Arena arena;
  std::string text;
  for (int n = 0; n <= 40; ++n) {
    CHECK(simple(arena, text));
    text.push_back(static_cast<char>('a' + n % 26));
  }
}

TEST_CASE("one carriage return or non-ASCII byte anywhere makes a string not simple", "[string]") {
  Arena arena;
  for (int n = 1; n <= 33; ++n) {
    for (int at = 0; at < n; ++at) {
      for (char bad : {'\r', static_cast<char>(0x80), static_cast<char>(0xff), static_cast<char>(0xc3)}) {
        std::string text(n, 'x');
        text[at] = bad;
        INFO("length " << n << ", byte " << at << " = " << int(static_cast<unsigned char>(bad)));
        CHECK_FALSE(simple(arena, text));
      }
    }
  }
}

TEST_CASE("bytes next to the carriage return do not count as one", "[string]") {
  Arena arena;
  // 0x0c and 0x0e differ from '\r' (0x0d) in one bit; 0x8d only in the high bit.
  CHECK(simple(arena, std::string(16, '\x0c')));
  CHECK(simple(arena, std::string(16, '\x0e')));
  CHECK(simple(arena, std::string("\x0c\x0e\x0c\x0e\x0c\x0e\x0c\x0e\x01\x7f", 10)));
  CHECK_FALSE(simple(arena, std::string(9, '\x8d')));
}

TEST_CASE("finish_as keeps the caller's answer", "[string]") {
  Arena arena;
  String* s = str::alloc(arena, 3);
  s->data()[0] = 'a';
  s->data()[1] = 'b';
  s->data()[2] = 'c';
  CHECK(str::finish_as(s, true).as<String>()->simple());
  CHECK_FALSE(str::finish_as(s, false).as<String>()->simple());
}
