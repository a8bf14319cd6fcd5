// The `secret` provider: passwords and key pairs generated at create time (libsodium's
// random generator). There is no remote object: refresh keeps what state holds, and every
// input forces a new secret, so update only records inputs that cannot change the secret.
// See secret.conf and docs/providers/secret.md.
#include <sodium.h>

#include <cstdlib>

#include <fmt/core.h>

#include "providers/schema/derive.h"
#include "providers/secret/age.h"
#include "providers/secret/ssh.h"

namespace cairn::providers {

namespace {

bool flag(const Value& inputs, const char* name, bool dflt) {
  const Value* v = inputs.get(name);
  return v && v->kind() == resource::ValueKind::Bool ? v->as_bool() : dflt;
}

std::string text(const Value& inputs, const char* name, const char* dflt) {
  const Value* v = inputs.get(name);
  return v && v->is_string() ? v->as_string() : dflt;
}

// A password of `length` characters with at least one of each enabled class.
std::optional<std::string> password(const Value& inputs, std::string* why) {
  const Value* l = inputs.get("length");
  double len = l && l->kind() == resource::ValueKind::Number ? l->as_double() : 32;
  std::vector<std::string> classes;
  if (flag(inputs, "lower", true)) classes.emplace_back("abcdefghijklmnopqrstuvwxyz");
  if (flag(inputs, "upper", true)) classes.emplace_back("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (flag(inputs, "digits", true)) classes.emplace_back("0123456789");
  if (flag(inputs, "symbols", false)) classes.emplace_back("-_.~!#%+=:@^");
  if (classes.empty()) return *why = "a password needs at least one character class", std::nullopt;
  if (len < 4 || len > 1024 || len != static_cast<double>(static_cast<int>(len)))
    return *why = "`length` must be a whole number from 4 to 1024", std::nullopt;
  size_t n = static_cast<size_t>(len);
  if (n < classes.size()) return *why = "`length` is smaller than the number of character classes", std::nullopt;
  std::string all;
  for (const std::string& c : classes) all += c;
  std::string out(n, ' ');
  // One character of each class at random places, the rest from all of them.
  for (size_t i = 0; i < n; ++i) out[i] = all[randombytes_uniform(static_cast<uint32_t>(all.size()))];
  std::vector<size_t> free(n);
  for (size_t i = 0; i < n; ++i) free[i] = i;
  for (const std::string& c : classes) {
    size_t k = randombytes_uniform(static_cast<uint32_t>(free.size()));
    out[free[k]] = c[randombytes_uniform(static_cast<uint32_t>(c.size()))];
    free.erase(free.begin() + static_cast<long>(k));
  }
  return out;
}

class SecretProvider final : public Provider {
public:
  SecretProvider() {
    if (sodium_init() < 0) std::abort(); // no random generator: nothing safe to do
  }

  const ProviderSchema& schema() const override { return builtin_schema("secret"); }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    if (type == "secret.Password") {
      const Value* l = inputs.get("length");
      if (l && l->kind() == resource::ValueKind::Number) {
        double d = l->as_double();
        if (d < 4 || d > 1024 || d != static_cast<double>(static_cast<int>(d)))
          problems.push_back({"length", "`length` must be a whole number from 4 to 1024"});
      }
      if (!flag(inputs, "lower", true) && !flag(inputs, "upper", true) && !flag(inputs, "digits", true) &&
          !flag(inputs, "symbols", false))
        problems.push_back({"lower", "a password needs at least one of `lower`, `upper`, `digits`, `symbols`"});
    } else if (type == "secret.Key") {
      std::string a = text(inputs, "algorithm", "age");
      if (const Value* v = inputs.get("algorithm"); v && v->is_string() && a != "age" && a != "ssh-ed25519")
        problems.push_back({"algorithm", fmt::format("`algorithm` is \"age\" or \"ssh-ed25519\", not \"{}\"", a)});
    }
  }

  OpResult create(const Request& request, const Value& inputs) override {
    OpResult r;
    std::string why;
    if (request.type == "secret.Password") {
      std::optional<std::string> p = password(inputs, &why);
      if (!p) return op_error(why, ProblemKind::Invalid);
      r.state.outputs = Value::object({{"result", Value::string(*p)}});
    } else {
      std::string algorithm = text(inputs, "algorithm", "age");
      if (algorithm == "age") {
        age::KeyPair k = age::generate();
        r.state.outputs = Value::object({{"private_key", Value::string(k.identity)},
                                         {"public_key", Value::string(k.recipient)}});
      } else if (algorithm == "ssh-ed25519") {
        ssh::KeyPair k = ssh::generate_ed25519(text(inputs, "comment", ""));
        r.state.outputs = Value::object({{"private_key", Value::string(k.private_pem)},
                                         {"public_key", Value::string(k.public_line)}});
      } else {
        return op_error(fmt::format("unknown algorithm `{}`", algorithm), ProblemKind::Invalid, "algorithm");
      }
    }
    r.ok = true;
    r.state.id = std::string(request.address);
    r.state.inputs = inputs;
    return r;
  }

  ReadResult read(const Request&, const ObjectState& prior) override {
    ReadResult r;
    r.status = prior.outputs.is_object() && !prior.outputs.as_object().empty() ? ReadResult::Status::Exists
                                                                               : ReadResult::Status::Gone;
    r.state = prior;
    return r;
  }

  OpResult update(const Request&, const ObjectState& prior, const Value& inputs) override {
    OpResult r;
    r.ok = true;
    r.state = prior;
    r.state.inputs = inputs;
    return r;
  }

  OpResult destroy(const Request&, const ObjectState&) override {
    OpResult r;
    r.ok = true;
    return r;
  }
};

} // namespace

std::unique_ptr<Provider> make_secret_provider() { return std::make_unique<SecretProvider>(); }

} // namespace cairn::providers
