// Internals shared by the serializers (serialize_json.cpp, serialize_yaml.cpp,
// serialize_toml.cpp).
#pragma once

#include <vector>

#include "compiler/value/record.h"
#include "runtime/eval/serialize.h"

namespace cairn::eval {

// The fields a serializer writes: defined, exported, sorted by name.
std::vector<const value::Field*> exported_fields(Machine& m, const value::Record* r);
void json_string(std::string& out, std::string_view s);
// Writes a scalar (number, string, boolean, null, enum tag, unknown); false otherwise.
bool scalar_text(Machine& m, Value v, std::string& out, const SerializeOptions& opts, bool quote_strings);

bool write_yaml(Machine& m, Value v, std::string& out, const SerializeOptions& opts, bool documents);
bool write_toml(Machine& m, Value v, std::string& out, const SerializeOptions& opts);

} // namespace cairn::eval
