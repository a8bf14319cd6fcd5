// age encryption (age-encryption.org/v1) of byte strings to X25519 recipients, with
// libsodium for the primitives; interoperable with the `age` tool. Self-contained: used by
// the `secret` provider (keys) and meant for the state store's sensitive values.
//
//   auto id = age::generate();                       // AGE-SECRET-KEY-1... and age1...
//   auto box = age::encrypt("secret", {id.recipient}, &why);
//   auto text = age::decrypt(*box, {id.identity}, &why);
//
// Format: the header "age-encryption.org/v1", one "-> X25519 <share>" stanza per recipient
// (file key wrapped with ChaCha20-Poly1305 under HKDF-SHA256 of the X25519 shared secret),
// "--- <HMAC>", then a 16-byte nonce and the payload in 64 KiB ChaCha20-Poly1305 chunks.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cairn::age {

struct KeyPair {
  std::string identity;  // "AGE-SECRET-KEY-1..." (Bech32, upper case)
  std::string recipient; // "age1..." (Bech32)
};

// A fresh X25519 identity and its recipient.
KeyPair generate();
// The recipient of an identity; nullopt when it is not a valid identity.
std::optional<std::string> recipient_of(const std::string& identity);

// Binary age file of `plaintext` for every recipient; nullopt with the reason when a
// recipient is malformed or there is none.
std::optional<std::string> encrypt(const std::string& plaintext, const std::vector<std::string>& recipients,
                                   std::string* why);
// The plaintext, if one of `identities` opens the file; nullopt with the reason otherwise
// (no matching identity, a malformed or tampered file).
std::optional<std::string> decrypt(const std::string& file, const std::vector<std::string>& identities,
                                   std::string* why);

} // namespace cairn::age
