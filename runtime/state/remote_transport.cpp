// Talking to the remote through libgit2: fetch and push (credentials and host keys in
// remote_auth.cpp), and the compare-and-swap of a `file://` remote's branch
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
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url; // a user name alone is no secret
  return url.substr(0, colon) + url.substr(at);
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

int push_update(const char* ref, const char* status, void* payload) {
  if (status)
    static_cast<AuthState*>(payload)->rejected.push_back(fmt::format("{}: {}", ref, status));
  return 0;
}

void set_callbacks(git_remote_callbacks* cb, AuthState* auth) {
  cb->credentials = auth_credentials;
  cb->certificate_check = auth_certificate;
  cb->payload = auth;
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
  AuthState auth;
  auth.url = url;
  git_fetch_options opts;
  git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
  set_callbacks(&opts.callbacks, &auth);
  opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  opts.update_fetchhead = 0; // FETCH_HEAD would hold the URL, credentials and all
  std::vector<char*> specs;
  for (const std::string& s : refspecs) specs.push_back(const_cast<char*>(s.c_str()));
  git_strarray arr{specs.data(), specs.size()};
  if (git_remote_fetch(remote.get(), &arr, &opts, "cairn fetch") != 0) {
    *why = fmt::format("cannot fetch from `{}`: {}", redact_url(url), git_error_text());
    return false;
  }
  auth_approve(auth);
  return true;
}

PushOutcome remote_push(git_repository* repo, const std::string& url,
                        const std::vector<std::string>& refspecs, std::string* why) {
  RemotePtr remote = anonymous(repo, url, why);
  if (!remote) return PushOutcome::Failed;
  AuthState st;
  st.url = url;
  git_push_options opts;
  git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
  set_callbacks(&opts.callbacks, &st);
  opts.callbacks.push_update_reference = push_update;
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
  auth_approve(st);
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
