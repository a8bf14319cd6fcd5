// Internals of remote state (remote.h): fetch and push through libgit2 with credentials,
// and the compare-and-swap of a branch in a repository on this machine.
#pragma once

#include "runtime/state/git.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cairn::state {

// What the libgit2 callbacks of one fetch or push share (their payload): the URL, which
// credential sources were tried, what a helper gave (to confirm it with `git credential
// approve` once the server took it), and the refs the server refused.
struct AuthState {
  std::string url;
  int attempts = 0;
  bool agent_tried = false;
  bool helper_tried = false;
  std::string filled; // `git credential fill`'s answer; never logged
  std::vector<std::string> rejected; // "ref: reason"
};
// libgit2's credentials callback: the ssh agent for ssh, git's credential helpers for http.
int auth_credentials(git_credential** out, const char* url, const char* user, unsigned int allowed, void* payload);
// libgit2's certificate check: ssh host keys against known_hosts (~/.ssh/known_hosts,
// /etc/ssh/ssh_known_hosts, through `ssh-keygen -F`); TLS as libgit2 validated it.
int auth_certificate(git_cert* cert, int valid, const char* host, void* payload);
// After a success: `git credential approve` for what a helper gave.
void auth_approve(const AuthState& st);

enum class PushOutcome : uint8_t { Done, Rejected, Failed };

// Fetches `refspecs` (like `+refs/heads/main:refs/cairn/remote/main`) from `url`.
bool remote_fetch(git_repository* repo, const std::string& url,
                  const std::vector<std::string>& refspecs, std::string* why);
// Pushes `refspecs` (not forced); Rejected when the remote refused an update as not a
// fast-forward of what it holds.
PushOutcome remote_push(git_repository* repo, const std::string& url,
                        const std::vector<std::string>& refspecs, std::string* why);
// The path of a `file://` URL, "" for other URLs.
std::string file_url_path(const std::string& url);
// Moves `ref` of the repository at `gitpath` to `to` if it is at `expected` (absent when
// nullopt), under that repository's branch lock; Rejected when it is not.
PushOutcome local_compare_and_swap(const std::string& gitpath, const std::string& ref,
                                   const git_oid& to, const std::optional<git_oid>& expected,
                                   std::string* why);

// Runs `work` in a forked child and waits for it at most `seconds` (remote_child.cpp):
// true with the child's `reply`, false with its `why`, or with a timeout's.
bool run_bounded(const std::function<bool(std::string* reply, std::string* why)>& work, int seconds,
                 std::string* reply, std::string* why);
// CAIRN_STATE_TIMEOUT in seconds, 120 when unset or invalid.
int remote_timeout_seconds();
// `text` with the password of `url` (if it has one) blanked out.
std::string scrub_secret(const std::string& text, const std::string& url);

} // namespace cairn::state
