// Talking to the remote through libgit2: fetch and push with credentials from the ssh agent
// and git's credential helpers, and the compare-and-swap of a `file://` remote's branch
// (libgit2's local transport overwrites refs, so it is done on the repository itself).
#include "runtime/state/remote_transport.h"

#include "compiler/base/sha256.h"
#include "runtime/state/remote.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cairn::state {

bool is_remote_location(const std::string& location) {
  for (const char* scheme : {"file://", "git://", "ssh://", "http://", "https://"})
    if (location.rfind(scheme, 0) == 0) return true;
  return false;
}

std::string redact_url(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t start = scheme + 3;
  size_t slash = url.find('/', start);
  size_t at = url.rfind('@', slash == std::string::npos ? std::string::npos : slash);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

std::string cache_path(const std::string& url, const std::string& dir) {
  return dir + "/" + base::sha256_hex(redact_url(url)).substr(0, 16);
}

std::string scrub_secret(const std::string& text, const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return text;
  size_t slash = url.find('/', scheme + 3);
  size_t at = url.rfind('@', slash);
  if (at == std::string::npos || at < scheme + 3) return text;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at || colon + 1 == at) return text;
  std::string secret = url.substr(colon + 1, at - colon - 1);
  std::string out = text;
  for (size_t p; (p = out.find(secret)) != std::string::npos;) out.replace(p, secret.size(), "***");
  return out;
}

namespace {

// Runs `git credential <verb>` with `input` on stdin; its stdout, nullopt when git is
// missing or fails. Never logged.
std::optional<std::string> credential_helper(const char* verb, const std::string& input) {
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
    execlp("git", "git", "credential", verb, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  ssize_t wrote = write(in[1], input.data(), input.size());
  (void)wrote;
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

std::string credential_request(const std::string& url, const char* user) {
  std::string req = fmt::format("url={}\n", redact_url(url));
  if (user && *user) req += fmt::format("username={}\n", user);
  return req + "\n";
}

struct CredentialState {
  int attempts = 0;
  bool agent_tried = false;
  bool helper_tried = false;
};

int credentials(git_credential** out, const char* url, const char* user, unsigned int allowed,
                void* payload) {
  auto* st = static_cast<CredentialState*>(payload);
  if (++st->attempts > 4) return GIT_EAUTH;
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !st->agent_tried) {
    st->agent_tried = true;
    return git_credential_ssh_key_from_agent(out, user && *user ? user : "git");
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !st->helper_tried) {
    st->helper_tried = true;
    auto reply = credential_helper("fill", credential_request(url, user));
    if (!reply) return GIT_PASSTHROUGH;
    std::string name, password;
    size_t pos = 0;
    while (pos < reply->size()) {
      size_t nl = reply->find('\n', pos);
      std::string line = reply->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? reply->size() : nl + 1;
      if (line.rfind("username=", 0) == 0)
        name = line.substr(9);
      else if (line.rfind("password=", 0) == 0)
        password = line.substr(9);
    }
    if (password.empty()) return GIT_PASSTHROUGH;
    return git_credential_userpass_plaintext_new(out, name.c_str(), password.c_str());
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) && user && *user)
    return git_credential_username_new(out, user);
  return GIT_PASSTHROUGH;
}

struct PushState {
  CredentialState creds;
  std::vector<std::string> rejected; // "ref: reason"
};

int push_update(const char* ref, const char* status, void* payload) {
  if (status)
    static_cast<PushState*>(payload)->rejected.push_back(fmt::format("{}: {}", ref, status));
  return 0;
}

using RemotePtr = GitPtr<git_remote, git_remote_free>;

RemotePtr anonymous(git_repository* repo, const std::string& url, std::string* why) {
  git_remote* r = nullptr;
  if (git_remote_create_anonymous(&r, repo, url.c_str()) != 0) {
    *why = fmt::format("`{}` is not a git remote: {}", redact_url(url), git_error_text());
    return nullptr;
  }
  return RemotePtr(r);
}

} // namespace

bool remote_fetch(git_repository* repo, const std::string& url,
                  const std::vector<std::string>& refspecs, std::string* why) {
  RemotePtr remote = anonymous(repo, url, why);
  if (!remote) return false;
  CredentialState creds;
  git_fetch_options opts;
  git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
  opts.callbacks.credentials = credentials;
  opts.callbacks.payload = &creds;
  opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  opts.update_fetchhead = 0; // FETCH_HEAD would hold the URL, credentials and all
  std::vector<char*> specs;
  for (const std::string& s : refspecs) specs.push_back(const_cast<char*>(s.c_str()));
  git_strarray arr{specs.data(), specs.size()};
  if (git_remote_fetch(remote.get(), &arr, &opts, "cairn fetch") != 0) {
    *why = fmt::format("cannot fetch from `{}`: {}", redact_url(url), git_error_text());
    return false;
  }
  return true;
}

PushOutcome remote_push(git_repository* repo, const std::string& url,
                        const std::vector<std::string>& refspecs, std::string* why) {
  RemotePtr remote = anonymous(repo, url, why);
  if (!remote) return PushOutcome::Failed;
  PushState st;
  git_push_options opts;
  git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
  opts.callbacks.credentials = credentials;
  opts.callbacks.push_update_reference = push_update;
  opts.callbacks.payload = &st;
  std::vector<char*> specs;
  for (const std::string& s : refspecs) specs.push_back(const_cast<char*>(s.c_str()));
  git_strarray arr{specs.data(), specs.size()};
  int rc = git_remote_push(remote.get(), &arr, &opts);
  if (rc == GIT_ENONFASTFORWARD) {
    *why = git_error_text();
    return PushOutcome::Rejected;
  }
  if (rc != 0) {
    *why = fmt::format("cannot push to `{}`: {}", redact_url(url), git_error_text());
    return PushOutcome::Failed;
  }
  if (!st.rejected.empty()) {
    *why = st.rejected[0];
    return PushOutcome::Rejected;
  }
  return PushOutcome::Done;
}

std::string file_url_path(const std::string& url) {
  if (url.rfind("file://", 0) != 0) return "";
  return url.substr(7);
}

PushOutcome local_compare_and_swap(const std::string& gitpath, const std::string& ref,
                                   const git_oid& to, const std::optional<git_oid>& expected,
                                   std::string* why) {
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, gitpath.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    *why = fmt::format("cannot open `{}`: {}", gitpath, git_error_text());
    return PushOutcome::Failed;
  }
  RepoPtr repo(r);
  // The same lock a cairn writer on that repository takes to move its branch.
  std::string dir = std::string(git_repository_path(r)) + "cairn-locks";
  mkdir(dir.c_str(), 0755);
  std::string lock_path = dir + "/.branch.lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *why = fmt::format("cannot open the lock file `{}`: {}", lock_path, std::strerror(errno));
    return PushOutcome::Failed;
  }
  while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  git_reference* out = nullptr;
  int rc = expected ? git_reference_create_matching(&out, r, ref.c_str(), &to, 1, &*expected,
                                                    "cairn push")
                    : git_reference_create(&out, r, ref.c_str(), &to, 0, "cairn push");
  ::close(fd);
  if (rc == 0) {
    git_reference_free(out);
    return PushOutcome::Done;
  }
  *why = git_error_text();
  return rc == GIT_EMODIFIED || rc == GIT_EEXISTS ? PushOutcome::Rejected : PushOutcome::Failed;
}

} // namespace cairn::state
