// Resource addresses: the path of a resource below `resources` in a spec.
//
// `resources.web.dns` has address `web.dns`. Segments that are not plain identifiers are
// quoted like the language quotes field names (`services."api.v2"`), so an address string is
// canonical: two resources have the same address exactly when their strings are equal.
// Addresses are passed around as these canonical strings; this file converts between the
// string, its segments, and the file name used in state (`<address>.json`, with bytes
// outside [A-Za-z0-9._-] percent-encoded so any address is a safe, unique file name).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::resource {

// True when `name` can be written without quotes (an identifier of the language).
bool is_plain_segment(std::string_view name);
// The canonical address of a path of field names.
std::string address_from_segments(const std::vector<std::string>& segments);
// Splits a canonical or user-written address into segments; nullopt when malformed
// (`why` says what is wrong).
std::optional<std::vector<std::string>> parse_address(std::string_view text, std::string* why);
// Normalizes a user-written address (`web."dns"` -> `web.dns`); nullopt when malformed.
std::optional<std::string> normalize_address(std::string_view text, std::string* why);

// File name of a resource in state, without the `.json` suffix, and back.
std::string address_to_file_stem(std::string_view address);
std::optional<std::string> file_stem_to_address(std::string_view stem);

} // namespace cairn::resource
