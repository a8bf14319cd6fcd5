// The messages of the external provider protocol (docs/providers/protocol.md): one JSON
// object per line on the provider's stdin and stdout.
//
//   provider -> cairn, first line   {"protocol": 1, "name": "kv", "version": "0.1.0"}
//   cairn -> provider               {"id": 7, "method": "create", "params": {...}}
//   provider -> cairn               {"id": 7, "result": {...}}
//                                or {"id": 7, "error": {"code": "invalid", "message": "...",
//                                                        "attribute": "path"}}
//
// Values cross as JSON; an unknown value (planning only) is the object {"$unknown": [deps]}.
// Everything read from a provider is untrusted: the parsers here never crash or recurse
// deeper than resource::kMaxValueDepth, whatever the line (tests/fuzz/protocol_fuzzer.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "providers/provider.h"
#include "runtime/resource/json.h"

namespace cairn::providers::protocol {

inline constexpr int kProtocolVersion = 1;
// Longest line accepted from a provider.
inline constexpr size_t kMaxLine = 16u << 20;

struct Handshake {
  int protocol = 0;
  std::string name;
  std::string version;
};

struct Reply {
  int64_t id = -1;
  bool ok = false;
  resource::Json result; // when ok
  Problem error;         // when not ok (kind from `code`)
};

// Parses the first line; nullopt with the reason when it is not a handshake.
std::optional<Handshake> parse_handshake(std::string_view line, std::string* why);
// Parses a reply line; nullopt with the reason when it is not a well-formed reply.
std::optional<Reply> parse_reply(std::string_view line, std::string* why);
// The request line (with its newline).
std::string request_line(int64_t id, std::string_view method, const resource::Json& params);

// Values to and from the wire; unknowns as {"$unknown": [deps]}.
resource::Json encode_value(const Value& v);
std::optional<Value> decode_value(const resource::Json& j, std::string* why);

// Problems in a result's "problems" array ([{attribute, message, code}]); malformed items
// become Protocol problems.
std::vector<Problem> decode_problems(const resource::Json& j);

} // namespace cairn::providers::protocol
