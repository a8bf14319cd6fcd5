// age encryption with X25519 recipients; see age.h and age-encryption.org/v1.
#include "providers/secret/age.h"

#include <sodium.h>

#include <array>
#include <cstring>

namespace cairn::age {

namespace {

using Bytes = std::string;

constexpr const char* kIntro = "age-encryption.org/v1\n";
constexpr const char* kX25519Info = "age-encryption.org/v1/X25519";
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kTag = crypto_aead_chacha20poly1305_ietf_ABYTES;

bool init() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// ---- Bech32 (BIP 173), without the 90-character limit, as age uses it.
constexpr const char* kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

uint32_t polymod(const std::vector<uint8_t>& v) {
  static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t x : v) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ x;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) chk ^= gen[i];
  }
  return chk;
}

std::vector<uint8_t> hrp_expand(const std::string& hrp) {
  std::vector<uint8_t> out;
  for (char c : hrp) out.push_back(static_cast<uint8_t>(c) >> 5);
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(c) & 31);
  return out;
}

std::string bech32_encode(const std::string& hrp, const Bytes& data) {
  std::vector<uint8_t> five;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      five.push_back((acc >> bits) & 31);
    }
  }
  if (bits > 0) five.push_back((acc << (5 - bits)) & 31);
  std::vector<uint8_t> v = hrp_expand(hrp);
  v.insert(v.end(), five.begin(), five.end());
  v.insert(v.end(), 6, 0);
  uint32_t mod = polymod(v) ^ 1;
  std::string out = hrp + "1";
  for (uint8_t x : five) out += kCharset[x];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

// Decodes `s` (all lower or all upper case) with the given human-readable part.
std::optional<Bytes> bech32_decode(std::string s, const std::string& hrp) {
  bool lower = false, upper = false;
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') lower = true;
    if (c >= 'A' && c <= 'Z') {
      upper = true;
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (lower && upper) return std::nullopt;
  size_t sep = s.rfind('1');
  if (sep == std::string::npos || s.substr(0, sep) != hrp || s.size() < sep + 7) return std::nullopt;
  std::vector<uint8_t> five;
  for (size_t i = sep + 1; i < s.size(); ++i) {
    const char* p = std::strchr(kCharset, s[i]);
    if (!p || s[i] == 0) return std::nullopt;
    five.push_back(static_cast<uint8_t>(p - kCharset));
  }
  std::vector<uint8_t> v = hrp_expand(hrp);
  v.insert(v.end(), five.begin(), five.end());
  if (polymod(v) != 1) return std::nullopt;
  five.resize(five.size() - 6);
  Bytes out;
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t x : five) {
    acc = (acc << 5) | x;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

// ---- base64, standard alphabet without padding (age's encoding).
std::string b64(const Bytes& data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<Bytes> unb64(const std::string& text) {
  Bytes out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  if (b64(out) != text) return std::nullopt; // canonical encodings only
  return out;
}

// ---- HMAC-SHA256 and HKDF-SHA256 (RFC 5869; libsodium 1.0.18 has no HKDF).
Bytes hmac(const Bytes& key, const Bytes& msg) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  crypto_auth_hmacsha256_final(&st, out);
  return Bytes(reinterpret_cast<char*>(out), sizeof out);
}

Bytes hkdf(const Bytes& ikm, const Bytes& salt, const std::string& info, size_t len) {
  Bytes prk = hmac(salt.empty() ? Bytes(32, '\0') : salt, ikm);
  Bytes out, t;
  for (uint8_t i = 1; out.size() < len; ++i) {
    t = hmac(prk, t + info + static_cast<char>(i));
    out += t;
  }
  out.resize(len);
  return out;
}

Bytes random_bytes(size_t n) {
  Bytes out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

const unsigned char* u(const Bytes& b) { return reinterpret_cast<const unsigned char*>(b.data()); }

Bytes seal(const Bytes& key, const Bytes& nonce, const Bytes& plain) {
  Bytes out(plain.size() + kTag, '\0');
  unsigned long long len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data()), &len, u(plain), plain.size(),
                                            nullptr, 0, nullptr, u(nonce), u(key));
  out.resize(len);
  return out;
}

std::optional<Bytes> open(const Bytes& key, const Bytes& nonce, const Bytes& box) {
  if (box.size() < kTag) return std::nullopt;
  Bytes out(box.size() - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &len, nullptr, u(box),
                                                box.size(), nullptr, 0, u(nonce), u(key)) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

Bytes stream_nonce(uint64_t counter, bool last) {
  Bytes n(12, '\0');
  for (int i = 0; i < 8; ++i) n[10 - i] = static_cast<char>((counter >> (8 * i)) & 0xff);
  n[11] = last ? 1 : 0;
  return n;
}

std::optional<Bytes> public_of(const Bytes& secret) {
  unsigned char pub[crypto_scalarmult_curve25519_BYTES];
  if (crypto_scalarmult_curve25519_base(pub, u(secret)) != 0) return std::nullopt;
  return Bytes(reinterpret_cast<char*>(pub), sizeof pub);
}

std::optional<Bytes> shared(const Bytes& secret, const Bytes& point) {
  unsigned char out[crypto_scalarmult_curve25519_BYTES];
  if (crypto_scalarmult_curve25519(out, u(secret), u(point)) != 0) return std::nullopt; // all-zero result
  return Bytes(reinterpret_cast<char*>(out), sizeof out);
}

std::optional<Bytes> identity_secret(const std::string& identity) {
  std::optional<Bytes> s = bech32_decode(identity, "age-secret-key-");
  if (!s || s->size() != 32) return std::nullopt;
  return s;
}

// Reads one "\n"-terminated line at `pos`.
std::optional<std::string> line_at(const std::string& file, size_t& pos) {
  size_t nl = file.find('\n', pos);
  if (nl == std::string::npos) return std::nullopt;
  std::string l = file.substr(pos, nl - pos);
  pos = nl + 1;
  return l;
}

} // namespace

KeyPair generate() {
  init();
  Bytes secret = random_bytes(32);
  KeyPair k;
  std::string id = bech32_encode("age-secret-key-", secret);
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  k.identity = id;
  k.recipient = bech32_encode("age", *public_of(secret));
  sodium_memzero(secret.data(), secret.size());
  return k;
}

std::optional<std::string> recipient_of(const std::string& identity) {
  init();
  std::optional<Bytes> secret = identity_secret(identity);
  if (!secret) return std::nullopt;
  std::optional<Bytes> pub = public_of(*secret);
  return pub ? std::optional<std::string>(bech32_encode("age", *pub)) : std::nullopt;
}

std::optional<std::string> encrypt(const std::string& plaintext, const std::vector<std::string>& recipients,
                                   std::string* why) {
  if (!init()) return *why = "libsodium could not start", std::nullopt;
  if (recipients.empty()) return *why = "no recipient", std::nullopt;
  Bytes file_key = random_bytes(16);
  std::string header = kIntro;
  for (const std::string& r : recipients) {
    std::optional<Bytes> pub = bech32_decode(r, "age");
    if (!pub || pub->size() != 32) return *why = "`" + r + "` is not an age X25519 recipient (age1...)", std::nullopt;
    Bytes eph = random_bytes(32);
    std::optional<Bytes> share = public_of(eph);
    std::optional<Bytes> secret = shared(eph, *pub);
    if (!share || !secret) return *why = "`" + r + "` is not a usable X25519 key", std::nullopt;
    Bytes key = hkdf(*secret, *share + *pub, kX25519Info, 32);
    Bytes body = seal(key, Bytes(12, '\0'), file_key);
    header += "-> X25519 " + b64(*share) + "\n" + b64(body) + "\n";
  }
  header += "---";
  Bytes mac = hmac(hkdf(file_key, "", "header", 32), header);
  std::string out = header + " " + b64(mac) + "\n";
  Bytes nonce = random_bytes(16);
  Bytes payload_key = hkdf(file_key, nonce, "payload", 32);
  out += nonce;
  uint64_t counter = 0;
  size_t pos = 0;
  do {
    size_t n = std::min(kChunk, plaintext.size() - pos);
    bool last = pos + n == plaintext.size();
    out += seal(payload_key, stream_nonce(counter++, last), plaintext.substr(pos, n));
    pos += n;
  } while (pos < plaintext.size());
  sodium_memzero(file_key.data(), file_key.size());
  return out;
}

std::optional<std::string> decrypt(const std::string& file, const std::vector<std::string>& identities,
                                   std::string* why) {
  if (!init()) return *why = "libsodium could not start", std::nullopt;
  auto bad = [&](const char* what) { return *why = std::string("not an age file: ") + what, std::nullopt; };
  if (file.compare(0, std::strlen(kIntro), kIntro) != 0) return bad("no age-encryption.org/v1 header");
  size_t pos = std::strlen(kIntro);
  struct Stanza {
    std::vector<std::string> args;
    Bytes body;
  };
  std::vector<Stanza> stanzas;
  size_t mac_start = 0;
  std::string mac_text;
  while (true) {
    size_t line_start = pos;
    std::optional<std::string> l = line_at(file, pos);
    if (!l) return bad("the header does not end");
    if (l->rfind("--- ", 0) == 0) {
      mac_start = line_start;
      mac_text = l->substr(4);
      break;
    }
    if (l->rfind("-> ", 0) != 0) return bad("a malformed stanza");
    Stanza s;
    size_t p = 3;
    while (p <= l->size()) {
      size_t sp = l->find(' ', p);
      if (sp == std::string::npos) sp = l->size();
      if (sp == p) return bad("an empty stanza argument");
      s.args.push_back(l->substr(p, sp - p));
      p = sp + 1;
    }
    std::string body;
    while (true) {
      std::optional<std::string> b = line_at(file, pos);
      if (!b || b->size() > 64) return bad("a malformed stanza body");
      body += *b;
      if (b->size() < 64) break;
    }
    std::optional<Bytes> raw = unb64(body);
    if (!raw) return bad("a stanza body is not base64");
    s.body = *raw;
    stanzas.push_back(std::move(s));
  }
  std::optional<Bytes> mac = unb64(mac_text);
  if (!mac || mac->size() != 32) return bad("a malformed header MAC");
  std::optional<Bytes> file_key;
  for (const std::string& id : identities) {
    std::optional<Bytes> secret = identity_secret(id);
    if (!secret) return *why = "an identity is not an age X25519 identity (AGE-SECRET-KEY-1...)", std::nullopt;
    Bytes pub = *public_of(*secret);
    for (const Stanza& s : stanzas) {
      if (s.args.size() != 2 || s.args[0] != "X25519" || s.body.size() != 32) continue;
      std::optional<Bytes> share = unb64(s.args[1]);
      if (!share || share->size() != 32) return bad("a malformed X25519 stanza");
      std::optional<Bytes> sh = shared(*secret, *share);
      if (!sh) continue;
      file_key = open(hkdf(*sh, *share + pub, kX25519Info, 32), Bytes(12, '\0'), s.body);
      if (file_key) break;
    }
    if (file_key) break;
  }
  if (!file_key) return *why = "no identity matches a recipient of the file", std::nullopt;
  Bytes header = file.substr(0, mac_start + 3);
  if (sodium_memcmp(u(hmac(hkdf(*file_key, "", "header", 32), header)), u(*mac), 32) != 0)
    return bad("the header MAC does not match (tampered)");
  if (file.size() < pos + 16) return bad("no payload nonce");
  Bytes payload_key = hkdf(*file_key, file.substr(pos, 16), "payload", 32);
  pos += 16;
  std::string out;
  uint64_t counter = 0;
  while (true) {
    size_t left = file.size() - pos;
    size_t n = std::min(kChunk + kTag, left);
    bool last = n == left;
    std::optional<Bytes> chunk = open(payload_key, stream_nonce(counter++, last), file.substr(pos, n));
    if (!chunk) return bad("the payload does not authenticate (tampered or truncated)");
    if (last && chunk->empty() && counter > 1) return bad("an empty last chunk");
    out += *chunk;
    pos += n;
    if (last) break;
  }
  return out;
}

} // namespace cairn::age
