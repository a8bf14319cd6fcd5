// SHA-256 (FIPS 180-4), for content hashes: `std.hash 'Sha256`, the `sha256` output of local
// files, the hash of a spec recorded in a plan, the hash of a plan named in a state commit.
//
// A small incremental implementation with no dependencies; `sha256_hex` is the one-call form.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::base {

class Sha256 {
public:
  Sha256();
  void update(std::string_view data);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> finish();

private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  uint64_t total_ = 0;
  size_t used_ = 0;
};

// Lowercase hex of the SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace cairn::base
