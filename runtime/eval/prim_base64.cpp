// Base64 encoding and decoding of strings (`std.string.base64_encode` / `base64_decode`), in
// the four variants Nickel names: 'Standard and 'UrlSafe (the `+/` and `-_` alphabets, with
// `=` padding) and 'NoPad / 'UrlSafeNoPad (the same alphabets without it). Decoding is
// strict: padding exactly where the variant wants it, no stray characters, no set bits after
// the last byte, and the bytes must be UTF-8 (strings are text).
#include <fmt/core.h>

#include <optional>
#include <string>

#include "compiler/value/string.h"
#include "runtime/eval/prim.h"

namespace cairn::eval {

namespace {

using ir::PrimOp;

struct Variant {
  bool url = false;
  bool pad = true;
};

std::optional<Variant> variant_of(Machine& m, Value tag) {
  if (!tag.is_enum_tag()) return std::nullopt;
  std::string_view t = m.names().text(tag.enum_tag());
  if (t == "Standard") return Variant{false, true};
  if (t == "UrlSafe") return Variant{true, true};
  if (t == "NoPad") return Variant{false, false};
  if (t == "UrlSafeNoPad") return Variant{true, false};
  return std::nullopt;
}

const char* alphabet(Variant v) {
  return v.url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
               : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string encode(std::string_view in, Variant v) {
  const char* abc = alphabet(v);
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 3; k >= 0; --k) out += abc[(n >> (6 * k)) & 63];
  }
  size_t rest = in.size() - i;
  if (rest) {
    uint32_t n = uint8_t(in[i]) << 16;
    if (rest == 2) n |= uint8_t(in[i + 1]) << 8;
    out += abc[(n >> 18) & 63];
    out += abc[(n >> 12) & 63];
    if (rest == 2) out += abc[(n >> 6) & 63];
    if (v.pad) out.append(3 - rest, '=');
  }
  return out;
}

int digit(char c, Variant v) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (v.url ? '-' : '+')) return 62;
  if (c == (v.url ? '_' : '/')) return 63;
  return -1;
}

// The decoded bytes, or the reason the text is not base64 of this variant.
std::optional<std::string> decode(std::string_view in, Variant v, std::string& why) {
  size_t body = in.size();
  if (v.pad) {
    if (in.size() % 4) {
      why = "its length is not a multiple of 4 (this variant is padded with `=`)";
      return std::nullopt;
    }
    while (body > 0 && in.size() - body < 2 && in[body - 1] == '=') --body;
  }
  if (body % 4 == 1) {
    why = "its length cannot be that of base64 text";
    return std::nullopt;
  }
  if (v.pad && body % 4 && in.size() - body != 4 - body % 4) {
    why = "its padding does not match its length";
    return std::nullopt;
  }
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < body; ++i) {
    int d = digit(in[i], v);
    if (d < 0) {
      why = in[i] == '=' ? fmt::format("`=` at byte {} is padding in the wrong place or in a variant without padding", i)
                         : fmt::format("byte {} is not a base64 digit of this variant", i);
      return std::nullopt;
    }
    acc = (acc << 6) | uint32_t(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  if (bits && (acc & ((1u << bits) - 1))) {
    why = "its last digit has bits set after the end of the data";
    return std::nullopt;
  }
  return out;
}

} // namespace

Step call_base64_builtin(Machine& m, const ir::Prim* p, Value* a) {
  std::optional<Variant> v = variant_of(m, a[0]);
  if (!v) return type_error(m, p, 0, "one of 'Standard, 'UrlSafe, 'NoPad, 'UrlSafeNoPad", a[0]);
  if (!a[1].is_string()) return type_error(m, p, 1, "a string", a[1]);
  std::string_view text = a[1].as<value::String>()->view();
  if (p->op() == PrimOp::Base64Encode) return Step::ret(make_string(m, encode(text, *v)));
  std::string why;
  std::optional<std::string> bytes = decode(text, *v, why);
  if (!bytes) return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(1), "this is not base64: " + why);
  if (!value::str::valid_utf8(*bytes))
    return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(1),
                  "this base64 text decodes to bytes that are not UTF-8 text");
  return Step::ret(make_string(m, *bytes));
}

} // namespace cairn::eval
