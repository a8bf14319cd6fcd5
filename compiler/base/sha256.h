// SHA-256, for content hashes: `std.hash 'Sha256`, the `sha256` output of local files, the
// hash of a spec recorded in a plan, the checksum of a plan file, the hash of a plan named in
// a state commit.
//
// An incremental wrapper over libsodium's implementation (no hand-written crypto);
// `sha256_hex` is the one-call form.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <sodium/crypto_hash_sha256.h>

namespace cairn::base {

class Sha256 {
public:
  Sha256();
  void update(std::string_view data);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> finish();

private:
  crypto_hash_sha256_state state_;
};

// Lowercase hex of the SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace cairn::base
