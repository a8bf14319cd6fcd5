// Talking to a remote under a deadline: libgit2 1.5 has no network timeouts, so a remote
// that accepts a connection and never answers would hang a plan. The exchange runs in a
// forked child that writes its outcome to a pipe; the parent waits at most the deadline
// (CAIRN_STATE_TIMEOUT seconds, 120 by default) and kills the child when it passes.
#include "runtime/state/remote_transport.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cairn::state {

int remote_timeout_seconds() {
  const char* env = std::getenv("CAIRN_STATE_TIMEOUT");
  if (!env || !*env) return 120;
  char* end = nullptr;
  long v = std::strtol(env, &end, 10);
  if (end == env || *end != '\0' || v <= 0 || v > 86400) return 120;
  return static_cast<int>(v);
}

namespace {

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

} // namespace

bool run_bounded(const std::function<bool(std::string* reply, std::string* why)>& work, int seconds,
                 std::string* reply, std::string* why) {
  int fds[2];
  if (pipe(fds) != 0) {
    *why = fmt::format("cannot make a pipe: {}", std::strerror(errno));
    return false;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    *why = fmt::format("cannot start a process: {}", std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    std::string out, err;
    bool ok = work(&out, &err);
    write_all(fds[1], ok ? "1" + out : "0" + err);
    ::close(fds[1]);
    _exit(0);
  }
  ::close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string text;
  bool timed_out = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int rc = poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) {
      timed_out = rc == 0;
      break;
    }
    char buf[4096];
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    *why = fmt::format("no answer within {} s (CAIRN_STATE_TIMEOUT)", seconds);
    return false;
  }
  if (text.empty()) {
    *why = WIFSIGNALED(status)
               ? fmt::format("the process talking to it died (signal {})", WTERMSIG(status))
               : std::string("the process talking to it gave no answer");
    return false;
  }
  if (text[0] != '1') {
    *why = text.substr(1);
    return false;
  }
  *reply = text.substr(1);
  return true;
}

} // namespace cairn::state
