// A streaming JSON writer for large documents (plans of 100k resources): appends to a string
// as it goes instead of building a tree. Output matches nlohmann's `dump(2)` layout (two-space
// indentation, `"key": value`, `{}` and `[]` when empty), so readers see ordinary JSON.
// Strings are escaped like JSON requires; invalid UTF-8 becomes U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/resource/value.h"

namespace cairn::resource {

class JsonWriter {
public:
  // Pretty (two-space indents, a member per line) unless `compact` (one line, as in a
  // journal).
  explicit JsonWriter(std::string& out, bool compact = false) : out_(out), compact_(compact) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next member of the current object.
  void key(std::string_view k);

  void string(std::string_view s);
  void boolean(bool b);
  void integer(int64_t i);
  void null();
  void strings(const std::vector<std::string>& list);
  // A value; unknowns are written as null.
  void value(const Value& v);
  // The unknown mask of a value (see json.h).
  void unknown_mask(const Value& v);

private:
  void open(char c);
  void close(char c);
  void before_value();
  void newline();

  struct Level {
    bool empty = true;
  };
  std::string& out_;
  bool compact_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s);

} // namespace cairn::resource
