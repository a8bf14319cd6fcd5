// Conversions between `Value` and JSON (nlohmann::json), for state files and plan files.
//
// State never holds unknowns, so `to_json` refuses them. Plans do: a planned value is
// written Terraform's way, as the value with unknown leaves replaced by null plus a parallel
// "unknown mask" (`after_unknown`) holding `true` where a leaf is unknown; reading takes
// both back. Readers enforce `kMaxValueDepth` and never throw.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/resource/value.h"

namespace cairn::resource {

using Json = nlohmann::ordered_json;

// The JSON form of a value without unknowns (unknowns become null).
Json to_json(const Value& v);
// Splits a value into its known part (unknowns as null) and its unknown mask: `true` for an
// unknown leaf, an object/array mirroring containers that hold unknowns, `false` otherwise.
Json unknown_mask(const Value& v);
// A value from JSON; nullopt (with `why`) when too deep.
std::optional<Value> from_json(const Json& j, std::string* why);
// A value from its known part and unknown mask; unknown leaves get `deps`.
std::optional<Value> from_json_masked(const Json& known, const Json& mask,
                                      const std::vector<std::string>& deps, std::string* why);
// Parses JSON text; nullopt with `why` (and the byte offset of the problem in
// `*error_offset`) on a syntax error or excessive depth.
std::optional<Json> parse_json_text(std::string_view text, std::string* why, size_t* error_offset = nullptr,
                                    const Json::parser_callback_t& callback = nullptr);

} // namespace cairn::resource
