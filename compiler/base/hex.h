// Lowercase hexadecimal of bytes: digests (SHA-256 of plans and specs, std.hash) are shown
// and stored in this form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cairn::base {

// Writes the 2 * n digits of `data` at `out` (no terminator).
inline void write_hex(char* out, const uint8_t* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
}

inline std::string hex(const uint8_t* data, size_t n) {
  std::string out(2 * n, '0');
  write_hex(out.data(), data, n);
  return out;
}

// Any contiguous container of bytes (std::array<uint8_t, N>, std::vector<uint8_t>).
template <typename Bytes> std::string hex(const Bytes& bytes) { return hex(bytes.data(), bytes.size()); }

} // namespace cairn::base
