// OpenSSH ed25519 key pairs; see ssh.h (format: OpenSSH's PROTOCOL.key).
#include "providers/secret/ssh.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace cairn::ssh {

namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_string(std::string& out, const std::string& s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out += s;
}

std::string b64(const std::string& data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

} // namespace

KeyPair generate_ed25519(const std::string& comment) {
  if (sodium_init() < 0) std::abort(); // no random generator: nothing safe to do
  unsigned char pk[crypto_sign_ed25519_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_ed25519_SECRETKEYBYTES]; // seed || public key, as OpenSSH keeps it
  crypto_sign_ed25519_keypair(pk, sk);
  std::string pub(reinterpret_cast<char*>(pk), sizeof pk);
  std::string sec(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);

  std::string blob;
  put_string(blob, "ssh-ed25519");
  put_string(blob, pub);

  std::string priv;
  uint32_t check = randombytes_random();
  put_u32(priv, check);
  put_u32(priv, check);
  put_string(priv, "ssh-ed25519");
  put_string(priv, pub);
  put_string(priv, sec);
  put_string(priv, comment);
  for (char pad = 1; priv.size() % 8 != 0; ++pad) priv += pad;

  std::string body = std::string("openssh-key-v1") + '\0';
  put_string(body, "none");
  put_string(body, "none");
  put_string(body, "");
  put_u32(body, 1);
  put_string(body, blob);
  put_string(body, priv);
  sodium_memzero(priv.data(), priv.size());
  sodium_memzero(sec.data(), sec.size());

  std::string text = b64(body);
  sodium_memzero(body.data(), body.size());
  KeyPair k;
  k.private_pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
  for (size_t i = 0; i < text.size(); i += 70) k.private_pem += text.substr(i, 70) + "\n";
  k.private_pem += "-----END OPENSSH PRIVATE KEY-----\n";
  sodium_memzero(text.data(), text.size());
  k.public_line = "ssh-ed25519 " + b64(blob) + (comment.empty() ? "" : " " + comment);
  return k;
}

} // namespace cairn::ssh
