// OpenSSH ed25519 key pairs (libsodium's Ed25519), in the formats `ssh-keygen` writes: the
// private key as an unencrypted "openssh-key-v1" PEM block, the public key as one
// authorized_keys line.
#pragma once

#include <string>

namespace cairn::ssh {

struct KeyPair {
  std::string private_pem; // "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n"
  std::string public_line; // "ssh-ed25519 AAAA... comment" (no newline)
};

KeyPair generate_ed25519(const std::string& comment);

} // namespace cairn::ssh
