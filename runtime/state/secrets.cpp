// Sealing and opening sensitive values in state; see secrets.h.
#include "runtime/state/secrets.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/core.h>

#include "providers/secret/age.h"

namespace cairn::state {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b);
}

std::vector<std::string> key_lines(const std::string& text) {
  std::vector<std::string> keys;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = trim(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (!line.empty() && line[0] != '#') keys.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return keys;
}

// Keys of a key file, each a valid identity; false with `why` otherwise.
bool identities_in(const std::string& text, const std::string& origin, std::vector<std::string>* out,
                   std::string* why) {
  out->clear();
  for (const std::string& k : key_lines(text)) {
    if (!age::recipient_of(k)) {
      *why = fmt::format("{} holds a line that is not an age identity (AGE-SECRET-KEY-1...)", origin);
      return false;
    }
    out->push_back(k);
  }
  if (out->empty()) {
    *why = fmt::format("{} holds no age identity (AGE-SECRET-KEY-1...)", origin);
    return false;
  }
  return true;
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

std::string b64(const std::string& data) {
  if (sodium_init() < 0) return "";
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> unb64(const std::string& text) {
  if (sodium_init() < 0) return std::nullopt;
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

bool load_identity(const std::string& state_path, bool create, Identity* out, std::string* why) {
  *out = Identity{};
  std::error_code ec;
  std::filesystem::path state = std::filesystem::absolute(state_path, ec);
  if (ec) state = state_path;
  out->default_file = (state.lexically_normal().parent_path() / "age-identity.txt").string();
  if (const char* env = std::getenv("CAIRN_AGE_IDENTITY"); env && *env) {
    std::string value = trim(env);
    out->origin = "CAIRN_AGE_IDENTITY";
    if (value.rfind("AGE-SECRET-KEY-1", 0) == 0) {
      if (!age::recipient_of(value)) {
        *why = "CAIRN_AGE_IDENTITY is not a valid age identity (AGE-SECRET-KEY-1...)";
        return false;
      }
      out->keys = {value};
      return true;
    }
    std::string text;
    if (!read_file(value, &text)) {
      *why = fmt::format("CAIRN_AGE_IDENTITY names the key file `{}`, which cannot be read: {}", value,
                         std::strerror(errno));
      return false;
    }
    out->origin = fmt::format("the key file `{}` (CAIRN_AGE_IDENTITY)", value);
    return identities_in(text, out->origin, &out->keys, why);
  }
  std::string text;
  out->origin = fmt::format("the key file `{}`", out->default_file);
  if (read_file(out->default_file, &text)) return identities_in(text, out->origin, &out->keys, why);
  if (!create) return true; // no identity: sealed values stay sealed
  std::filesystem::create_directories(std::filesystem::path(out->default_file).parent_path(), ec);
  age::KeyPair kp = age::generate();
  char when[32];
  std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string content = fmt::format("# created: {}\n# public key: {}\n# the identity that opens the sensitive values "
                                    "cairn keeps in the state repository beside this file\n{}\n",
                                    when, kp.recipient, kp.identity);
  // Written whole to a file of its own, then linked into place: of several first applies at
  // once, exactly one link wins and the others read the complete key it put there.
  std::string tmp = fmt::format("{}.cairn-tmp-{}-{:08x}", out->default_file, getpid(), randombytes_random());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    *why = fmt::format("cannot create the key file `{}`: {}", out->default_file, std::strerror(errno));
    return false;
  }
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  int linked = ok ? ::link(tmp.c_str(), out->default_file.c_str()) : -1;
  int err = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && ok && err == EEXIST && read_file(out->default_file, &text))
    return identities_in(text, out->origin, &out->keys, why);
  if (linked != 0) {
    *why = fmt::format("cannot write the key file `{}`: {}", out->default_file, std::strerror(err));
    return false;
  }
  out->keys = {kp.identity};
  return true;
}

bool parse_recipients(const std::string& text, std::vector<std::string>* out, std::string* why) {
  out->clear();
  for (const std::string& line : key_lines(text)) {
    std::string why_not;
    // A recipient is valid when age accepts it: encrypt a probe to it.
    if (line.rfind("age1", 0) != 0 || !age::encrypt("", {line}, &why_not)) {
      *why = fmt::format("`recipients` holds `{}`, which is not an age recipient (age1...)", line.substr(0, 80));
      return false;
    }
    out->push_back(line);
  }
  return true;
}

std::optional<std::string> seal_text(const std::string& plaintext, const std::vector<std::string>& recipients,
                                     std::string* why) {
  if (recipients.empty()) {
    *why = "the state repository has no age recipients to encrypt sensitive values for";
    return std::nullopt;
  }
  auto file = age::encrypt(plaintext, recipients, why);
  if (!file) return std::nullopt;
  return b64(*file);
}

std::optional<std::string> unseal_text(const std::string& sealed, const std::vector<std::string>& identities) {
  if (identities.empty()) return std::nullopt;
  auto file = unb64(sealed);
  if (!file) return std::nullopt;
  std::string why;
  return age::decrypt(*file, identities, &why);
}

bool seal_record(resource::ResourceRecord& r, const std::vector<std::string>& recipients, std::string* why) {
  resource::Sealed s;
  bool unknown = false, known = false;
  resource::Json payload = resource::Json::object();
  payload["inputs"] = resource::Json::object();
  payload["outputs"] = resource::Json::object();
  for (const std::string& name : r.sensitive) {
    if (const resource::Value* v = r.inputs.get(name)) {
      s.inputs.push_back(name);
      (v->has_unknown() ? unknown : known) = true;
      payload["inputs"][name] = resource::to_json(*v);
    }
    if (const resource::Value* v = r.outputs.get(name)) {
      s.outputs.push_back(name);
      (v->has_unknown() ? unknown : known) = true;
      payload["outputs"][name] = resource::to_json(*v);
    }
  }
  auto strip = [&] {
    resource::Value in = resource::Value::object(), out = resource::Value::object();
    for (const resource::Member& m : r.inputs.as_object())
      if (!contains(s.inputs, m.first)) in.set(m.first, m.second);
    for (const resource::Member& m : r.outputs.as_object())
      if (!contains(s.outputs, m.first)) out.set(m.first, m.second);
    r.inputs = std::move(in);
    r.outputs = std::move(out);
  };
  if (!unknown && !known) {
    r.sealed.reset();
    return true;
  }
  if (unknown) {
    // Read without an identity: the ciphertext it was read with still holds these values.
    if (r.sealed && !known && r.sealed->inputs == s.inputs && r.sealed->outputs == s.outputs) {
      strip();
      return true;
    }
    *why = fmt::format("the sensitive values of `{}` in state are encrypted and cannot be opened, so they cannot be "
                       "sealed again with its new values",
                       r.address);
    return false;
  }
  auto sealed = seal_text(payload.dump(-1, ' ', false, resource::Json::error_handler_t::replace), recipients, why);
  if (!sealed) return false;
  s.age = std::move(*sealed);
  strip();
  r.sealed = std::move(s);
  return true;
}

void unseal_record(resource::ResourceRecord& r, const std::vector<std::string>& identities) {
  if (!r.sealed) return;
  const resource::Sealed& s = *r.sealed;
  std::optional<resource::Json> payload;
  if (auto text = unseal_text(s.age, identities)) {
    std::string what;
    payload = resource::parse_json_text(*text, &what);
    if (payload && !payload->is_object()) payload.reset();
  }
  if (!payload) {
    for (const std::string& n : s.inputs) r.inputs.set(n, resource::Value::unknown({r.address}));
    for (const std::string& n : s.outputs) r.outputs.set(n, resource::Value::unknown({r.address}));
    return;
  }
  auto put = [&](const char* section, const std::vector<std::string>& names, resource::Value& into) {
    auto sec = payload->find(section);
    for (const std::string& n : names) {
      std::string what;
      std::optional<resource::Value> v;
      if (sec != payload->end() && sec->is_object())
        if (auto e = sec->find(n); e != sec->end()) v = resource::from_json(*e, &what);
      into.set(n, v ? std::move(*v) : resource::Value::null());
    }
  };
  put("inputs", s.inputs, r.inputs);
  put("outputs", s.outputs, r.outputs);
  r.sealed.reset();
}

std::string identity_help(const std::vector<std::string>& identities) {
  if (identities.empty())
    return "set CAIRN_AGE_IDENTITY to the age identity (AGE-SECRET-KEY-1..., or the path of its key file) of one "
           "of the state repository's recipients";
  return "the identity in use is not one of the state repository's recipients: set CAIRN_AGE_IDENTITY to one "
         "that is";
}

} // namespace cairn::state
