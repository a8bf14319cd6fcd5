// Writing deep-forced values as JSON, YAML, YAML documents, TOML or text (`cairn export`,
// `std.serialize`). Record keys are sorted; `not_exported` fields are skipped; optional
// fields without a value are left out. The value must have been deep-forced in export mode
// (deep.h), so nothing here evaluates.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/eval/machine.h"

namespace cairn::eval {

enum class Format : uint8_t { Json, Yaml, YamlDocuments, Toml, Text };
std::optional<Format> format_from_name(std::string_view name);

struct SerializeOptions {
  bool pretty = true;                       // JSON: indented, one item per line
  std::string unknown_marker = "(known after apply)"; // what an unknown value is written as
  // When set, the JSON writer hands `out` to this stream whenever it holds a megabyte (and
  // `serialize` flushes the rest at the end), so large exports do not build one string.
  std::FILE* sink = nullptr;
};

// Appends the serialization of `v` to `out`; false (with the machine's error set) when the
// value has no such form (a variant, a non-record at the top of TOML, a non-string as text).
bool serialize(Machine& m, Value v, Format format, std::string& out, const SerializeOptions& opts = {});

} // namespace cairn::eval
