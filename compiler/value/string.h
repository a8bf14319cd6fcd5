// Strings: immutable UTF-8 bytes in the arena, with grapheme-cluster helpers.
//
// The language counts and slices strings by extended grapheme clusters (what a reader sees
// as one character: "e" + combining accent, an emoji with modifiers). Boundaries are
// computed with utf8proc only when asked; strings that are pure ASCII without '\r' (flag
// set at creation) take a fast path where a byte is a cluster.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/value/arena.h"
#include "compiler/value/value.h"

namespace cairn::value::str {

// A string of `size` bytes to fill in, then pass to `finish`.
String* alloc(Arena& arena, uint32_t size);
Value finish(String* s);
// `finish` when the caller knows whether the bytes are simple (String::simple): a
// concatenation is simple exactly when all its pieces are.
Value finish_as(String* s, bool simple);
Value make(Arena& arena, std::string_view text);

// Byte offsets of the starts of each grapheme cluster, plus the end offset.
std::vector<uint32_t> grapheme_boundaries(std::string_view text);
uint32_t grapheme_count(const String* s);

// True when `text` is valid UTF-8.
bool valid_utf8(std::string_view text);

} // namespace cairn::value::str
