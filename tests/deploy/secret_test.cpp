// Unit tests of the `secret` provider and its age and SSH modules, with interoperability
// checked against the real tools: Debian's `age` decrypts what cairn encrypts and the
// reverse, and `ssh-keygen` reads the generated SSH keys.
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "providers/registry.h"
#include "providers/secret/age.h"
#include "providers/secret/ssh.h"

using namespace cairn;
using providers::Value;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/cairn-secret-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

int run(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string big_text(size_t n) {
  std::string s(n, ' ');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

} // namespace

TEST_CASE("age: keys, round trips at chunk boundaries, several recipients", "[secret][age]") {
  age::KeyPair a = age::generate(), b = age::generate();
  CHECK(a.identity.rfind("AGE-SECRET-KEY-1", 0) == 0);
  CHECK(a.recipient.rfind("age1", 0) == 0);
  CHECK(a.recipient.size() == 62);
  CHECK(age::recipient_of(a.identity) == a.recipient);
  CHECK_FALSE(age::recipient_of("AGE-SECRET-KEY-1QQQQ"));
  std::string why;
  for (size_t n : {size_t(0), size_t(1), size_t(65535), size_t(65536), size_t(65537), size_t(200000)}) {
    std::string plain = big_text(n);
    auto box = age::encrypt(plain, {a.recipient, b.recipient}, &why);
    REQUIRE(box);
    CHECK(age::decrypt(*box, {a.identity}, &why) == plain);
    CHECK(age::decrypt(*box, {b.identity}, &why) == plain);
  }
  age::KeyPair other = age::generate();
  auto box = age::encrypt("secret", {a.recipient}, &why);
  REQUIRE(box);
  CHECK_FALSE(age::decrypt(*box, {other.identity}, &why));
  CHECK(why == "no identity matches a recipient of the file");
  std::string tampered = *box;
  tampered.back() ^= 1;
  CHECK_FALSE(age::decrypt(tampered, {a.identity}, &why));
  CHECK(why.find("tampered") != std::string::npos);
  std::string header_tampered = *box;
  header_tampered[25] = header_tampered[25] == 'A' ? 'B' : 'A';
  CHECK_FALSE(age::decrypt(header_tampered, {a.identity}, &why));
  CHECK_FALSE(age::decrypt("not an age file", {a.identity}, &why));
  CHECK_FALSE(age::decrypt(box->substr(0, box->size() - 5), {a.identity}, &why));
  CHECK_FALSE(age::encrypt("x", {"age1notarecipient"}, &why));
  CHECK_FALSE(age::encrypt("x", {}, &why));
}

TEST_CASE("age: interoperates with the age tool both ways", "[secret][age]") {
  if (run("age --version >/dev/null 2>&1") != 0) FAIL("the `age` tool is missing (dev.sh installs it)");
  TempDir dir;
  age::KeyPair k = age::generate();
  spit(dir.path + "/key.txt", k.identity + "\n");
  std::string plain = big_text(70000) + "\nend\n";
  std::string why;
  auto box = age::encrypt(plain, {k.recipient}, &why);
  REQUIRE(box);
  spit(dir.path + "/mine.age", *box);
  REQUIRE(run("age -d -i " + dir.path + "/key.txt -o " + dir.path + "/mine.out " + dir.path + "/mine.age") == 0);
  CHECK(slurp(dir.path + "/mine.out") == plain);

  spit(dir.path + "/theirs.txt", plain);
  REQUIRE(run("age -r " + k.recipient + " -o " + dir.path + "/theirs.age " + dir.path + "/theirs.txt") == 0);
  CHECK(age::decrypt(slurp(dir.path + "/theirs.age"), {k.identity}, &why) == plain);

  REQUIRE(run("age-keygen -o " + dir.path + "/their-key.txt 2>/dev/null") == 0);
  std::string their = slurp(dir.path + "/their-key.txt");
  size_t at = their.find("AGE-SECRET-KEY-1");
  REQUIRE(at != std::string::npos);
  std::string identity = their.substr(at, their.find('\n', at) - at);
  size_t pub = their.find("age1");
  REQUIRE(pub != std::string::npos);
  CHECK(age::recipient_of(identity) == their.substr(pub, 62));
}

TEST_CASE("ssh: ed25519 keys that ssh-keygen reads", "[secret][ssh]") {
  TempDir dir;
  ssh::KeyPair k = ssh::generate_ed25519("deploy@example");
  CHECK(k.public_line.rfind("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA", 0) == 0);
  spit(dir.path + "/id", k.private_pem);
  std::filesystem::permissions(dir.path + "/id", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  if (run("ssh-keygen -? >/dev/null 2>&1; command -v ssh-keygen >/dev/null") != 0) FAIL("ssh-keygen is missing");
  REQUIRE(run("ssh-keygen -y -f " + dir.path + "/id > " + dir.path + "/id.pub") == 0);
  CHECK(slurp(dir.path + "/id.pub") == k.public_line + "\n");
}

TEST_CASE("secret.Password honours length and classes; outputs are sensitive", "[secret]") {
  providers::Registry reg;
  providers::Provider* p = reg.get("secret");
  REQUIRE(p);
  std::vector<providers::Problem> problems;
  Value in = Value::object({{"length", Value::integer(12)}, {"symbols", Value::boolean(true)}});
  p->validate("secret.Password", in, problems);
  REQUIRE(problems.empty());
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto r = p->create({"pw", "secret.Password"}, in);
    REQUIRE(r.ok);
    std::string pw = r.state.outputs.get("result")->as_string();
    REQUIRE(pw.size() == 12);
    bool lower = false, upper = false, digit = false, symbol = false;
    for (char c : pw) {
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      digit |= c >= '0' && c <= '9';
      symbol |= std::string("-_.~!#%+=:@^").find(c) != std::string::npos;
    }
    CHECK((lower && upper && digit && symbol));
    seen.insert(pw);
  }
  CHECK(seen.size() == 50);
  CHECK(p->sensitive_outputs("secret.Password") == std::vector<std::string>{"result"});
  CHECK(p->sensitive_outputs("secret.Key") == std::vector<std::string>{"private_key"});
  Value bad = Value::object({{"length", Value::integer(2)}});
  p->validate("secret.Password", bad, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].attribute == "length");
  auto key = p->create({"k", "secret.Key"}, Value::object({{"algorithm", Value::string("age")}}));
  REQUIRE(key.ok);
  CHECK(age::recipient_of(key.state.outputs.get("private_key")->as_string()) ==
        key.state.outputs.get("public_key")->as_string());
}
