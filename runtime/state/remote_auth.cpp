// Credentials and host keys for remote state (remote_transport.h): the ssh agent for
// `ssh://`, git's credential helpers (`git credential fill|approve`) for `http(s)://`, and
// ssh host keys checked against known_hosts with `ssh-keygen -F`. Nothing here is logged:
// a helper's answer lives only in memory for the one exchange.
#include "runtime/state/remote.h"
#include "runtime/state/remote_transport.h"

#include <cstdlib>
#include <fcntl.h>
#include <fmt/core.h>
#include <optional>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace cairn::state {

namespace {

// Runs `argv` with `input` on stdin; its stdout, nullopt when it cannot run or fails.
// Its stderr goes to /dev/null; git never prompts on a terminal when stdin is not one.
std::optional<std::string> capture(const std::vector<std::string>& argv, const std::string& input) {
  int in[2], out[2];
  if (pipe(in) != 0) return std::nullopt;
  if (pipe(out) != 0) {
    close(in[0]);
    close(in[1]);
    return std::nullopt;
  }
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 2);
    close(in[1]);
    close(out[0]);
    if (!isatty(STDIN_FILENO)) setenv("GIT_TERMINAL_PROMPT", "0", 1);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  size_t done = 0;
  while (done < input.size()) {
    ssize_t n = write(in[1], input.data() + done, input.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(in[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

// The port of an `ssh://` URL, 22 when it names none.
int ssh_port(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return 22;
  start += 3;
  size_t end = url.find('/', start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos || authority.back() == ']') return 22;
  int port = std::atoi(authority.c_str() + colon + 1);
  return port > 0 ? port : 22;
}

int fail(const std::string& message) {
  git_error_set_str(GIT_ERROR_SSH, message.c_str());
  return GIT_ECERTIFICATE;
}

} // namespace

int auth_credentials(git_credential** out, const char* url, const char* user, unsigned int allowed,
                     void* payload) {
  auto* st = static_cast<AuthState*>(payload);
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !st->agent_tried) {
    st->agent_tried = true;
    return git_credential_ssh_key_from_agent(out, user && *user ? user : "git");
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !st->helper_tried) {
    st->helper_tried = true;
    std::string request = fmt::format("url={}\n", redact_url(url ? url : st->url));
    if (user && *user) request += fmt::format("username={}\n", user);
    auto reply = capture({"git", "credential", "fill"}, request + "\n");
    if (reply) {
      std::string name, password;
      for (const std::string& line : lines_of(*reply)) {
        if (line.rfind("username=", 0) == 0)
          name = line.substr(9);
        else if (line.rfind("password=", 0) == 0)
          password = line.substr(9);
      }
      if (!password.empty()) {
        st->filled = *reply;
        return git_credential_userpass_plaintext_new(out, name.c_str(), password.c_str());
      }
    }
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) && user && *user && st->attempts++ == 0)
    return git_credential_username_new(out, user);
  std::string tried = (allowed & GIT_CREDENTIAL_SSH_KEY)
                          ? "the ssh agent (SSH_AUTH_SOCK)"
                          : "git's credential helpers (credential.helper)";
  git_error_set_str(
      GIT_ERROR_NET,
      fmt::format("the server wants credentials and {} gave none it accepts", tried).c_str());
  return GIT_EAUTH;
}

int auth_certificate(git_cert* cert, int valid, const char* host, void* payload) {
  auto* st = static_cast<AuthState*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) return valid ? 0 : GIT_PASSTHROUGH;
  auto* key = reinterpret_cast<git_cert_hostkey*>(cert);
  int port = ssh_port(st->url);
  std::string name = port == 22 ? std::string(host) : fmt::format("[{}]:{}", host, port);
  if (!(key->type & GIT_CERT_SSH_RAW) || !key->hostkey || key->hostkey_len == 0)
    return fail(fmt::format("the ssh server `{}` gave no host key to check", name));
  std::vector<char> b64(
      sodium_base64_ENCODED_LEN(key->hostkey_len, sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(key->hostkey),
                    key->hostkey_len, sodium_base64_VARIANT_ORIGINAL);
  std::string wanted(b64.data());
  std::vector<std::string> files;
  if (const char* home = std::getenv("HOME"); home && *home)
    files.push_back(std::string(home) + "/.ssh/known_hosts");
  files.push_back("/etc/ssh/ssh_known_hosts");
  bool known = false;
  for (const std::string& file : files) {
    if (access(file.c_str(), R_OK) != 0) continue;
    auto found = capture({"ssh-keygen", "-F", name, "-f", file}, "");
    if (!found) continue;
    for (const std::string& line : lines_of(*found)) {
      if (line.empty() || line[0] == '#') continue;
      size_t a = line.find(' '), b = a == std::string::npos ? a : line.find(' ', a + 1);
      if (b == std::string::npos) continue;
      known = true;
      size_t e = line.find(' ', b + 1);
      if (line.substr(b + 1, e == std::string::npos ? std::string::npos : e - b - 1) == wanted)
        return 0;
    }
  }
  if (known)
    return fail(fmt::format(
        "the host key of `{}` is not the one known_hosts holds: refusing to talk to it", name));
  return fail(fmt::format(
      "the host key of `{}` is not in known_hosts (add it with `ssh-keyscan -p {} {} >> "
      "~/.ssh/known_hosts` once you have checked it)",
      name, port, host));
}

void auth_approve(const AuthState& st) {
  if (!st.filled.empty()) capture({"git", "credential", "approve"}, st.filled + "\n");
}

} // namespace cairn::state
