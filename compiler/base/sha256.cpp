// SHA-256 through libsodium; see sha256.h.
#include "compiler/base/sha256.h"

#include "compiler/base/hex.h"

namespace cairn::base {

Sha256::Sha256() { crypto_hash_sha256_init(&state_); }

void Sha256::update(std::string_view data) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::array<uint8_t, 32> Sha256::finish() {
  std::array<uint8_t, 32> out{};
  crypto_hash_sha256_final(&state_, out.data());
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 s;
  s.update(data);
  return hex(s.finish());
}

} // namespace cairn::base
