// Exact rational numbers: small integers inline in the Value, everything else as GMP
// rationals (BigNum). Every function returns the canonical form (a small integer whenever
// the result is an integer that fits), so integer equality is word equality.
//
// Export and `std.to_string` write integers in full and other rationals as the nearest
// double in its shortest round-trip form, as Nickel does.
#pragma once

#include <gmp.h>

#include <optional>
#include <string>
#include <string_view>

#include "compiler/value/arena.h"
#include "compiler/value/value.h"

namespace cairn::value {

struct BigNum {
  Obj h;
  __mpq_struct q;
};

namespace num {

// Builds the canonical value of `q` (copies it).
Value from_mpq(Arena& arena, mpq_srcptr q);
Value from_int(Arena& arena, int64_t v);
// The exact rational of a finite double; nullopt for NaN and infinities.
std::optional<Value> from_double(Arena& arena, double d);
// Sets `out` (initialised by the caller) to the value of `v` (a number).
void to_mpq(Value v, mpq_ptr out);
double to_double(Value v);
bool is_integer(Value v);
// The value as an int64 when it is an integer that fits.
std::optional<int64_t> to_int64(Value v);

// Arithmetic. `div`/`rem` return nullopt on division by zero. `rem` truncates: the result
// has the sign of the dividend (like C's %), for rationals too: a - b * trunc(a / b).
Value add(Arena& arena, Value a, Value b);
Value sub(Arena& arena, Value a, Value b);
Value mul(Arena& arena, Value a, Value b);
std::optional<Value> div(Arena& arena, Value a, Value b);
std::optional<Value> rem(Arena& arena, Value a, Value b);
Value neg(Arena& arena, Value a);
int compare(Value a, Value b); // -1, 0, 1
bool equal(Value a, Value b);

Value floor(Arena& arena, Value a);
Value truncate(Arena& arena, Value a);
Value abs(Arena& arena, Value a);
// Exact for integer exponents (a negative one inverts; nullopt for 0 to a negative power);
// through doubles otherwise (nullopt when the result is not a finite real).
std::optional<Value> pow(Arena& arena, Value base, Value exponent);

// Parses a literal of the language: decimal with optional fraction and exponent, or
// 0x/0o/0b integers. nullopt when malformed.
// The largest |scale| of a decimal read exactly, its value being digits * 10^scale (the
// exact value of 1e99999999 would take 40 MB): beyond it, parse_literal gives nullopt.
inline constexpr long kMaxDecimalScale = 100000;
// The scale of the decimal `text` ([+-]digits[.digits][e[+-]digits]), saturated past
// 10^8 either way; nullopt when `text` is not such a decimal.
std::optional<long> decimal_scale(std::string_view text);
std::optional<Value> parse_literal(Arena& arena, std::string_view text);
// Parses what std.string.to_number accepts: an optional sign then a decimal literal.
std::optional<Value> parse_decimal(Arena& arena, std::string_view text);

// Whether the number is within a 64-bit float's range (what JSON, YAML and TOML readers
// take): every small integer; a rational whose nearest double is finite.
bool fits_double(Value v);
// Integers in full; other numbers as the shortest round-trip form of the nearest double, or
// (beyond a double's range) 17 significant digits with an exponent: 3.3333333333333333e399.
std::string to_string(Value v);
void append(std::string& out, Value v);

// A hash consistent with `equal`.
uint64_t hash(Value v);

} // namespace num
} // namespace cairn::value
