// Running a provider executable with pipes; see process.h.
#include "providers/protocol/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/core.h>

extern char** environ;

namespace cairn::providers::protocol {

namespace {

int ms_until(Process::Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Process::Clock::now()).count();
  if (left <= 0) return 0;
  return left > 1000 ? 1000 : static_cast<int>(left);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

} // namespace

Process::~Process() { stop(std::chrono::milliseconds(0)); }

bool Process::start(const std::vector<std::string>& argv, std::string* why) {
  // A child that exits while we write must give EPIPE, not end cairn.
  static const bool ignored = (::signal(SIGPIPE, SIG_IGN), true);
  (void)ignored;
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    *why = std::strerror(errno);
    return false;
  }
  if (::pipe2(out, O_CLOEXEC) != 0) {
    *why = std::strerror(errno);
    ::close(in[0]), ::close(in[1]);
    return false;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    *why = std::strerror(errno);
    ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]), ::close(out[1]), ::close(err[1]);
  if (rc != 0) {
    *why = fmt::format("cannot run `{}`: {}", argv[0], std::strerror(rc));
    ::close(in[1]), ::close(out[0]), ::close(err[0]);
    return false;
  }
  pid_ = pid;
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
  ::fcntl(out_, F_SETFL, O_NONBLOCK);
  ::fcntl(err_, F_SETFL, O_NONBLOCK);
  out_buf_.clear();
  err_buf_.clear();
  exit_text_.clear();
  return true;
}

bool Process::write(const std::string& data, Clock::time_point deadline, std::string* why) {
  size_t done = 0;
  while (done < data.size()) {
    if (in_ < 0) {
      *why = "the provider is not running";
      return false;
    }
    pollfd p{in_, POLLOUT, 0};
    int n = ::poll(&p, 1, ms_until(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      if (Clock::now() >= deadline) {
        *why = "the provider does not read its input";
        return false;
      }
      continue;
    }
    if (p.revents & (POLLERR | POLLHUP)) {
      *why = "the provider closed its input";
      return false;
    }
    ssize_t w = ::write(in_, data.data() + done, data.size() - done);
    if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (w < 0) {
      *why = fmt::format("cannot write to the provider: {}", std::strerror(errno));
      return false;
    }
    done += static_cast<size_t>(w);
  }
  return true;
}

void Process::drain_stderr(const LogSink& log, bool all) {
  char buf[4096];
  while (err_ >= 0) {
    ssize_t n = ::read(err_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) close_fd(err_);
      break;
    }
    err_buf_.append(buf, static_cast<size_t>(n));
    if (!all) break;
  }
  size_t nl;
  while ((nl = err_buf_.find('\n')) != std::string::npos) {
    if (log) log(err_buf_.substr(0, nl));
    err_buf_.erase(0, nl + 1);
  }
  if (err_buf_.size() > 4096) { // a log line without end: show it in pieces
    if (log) log(err_buf_);
    err_buf_.clear();
  }
  if (err_ < 0 && !err_buf_.empty()) {
    if (log) log(err_buf_);
    err_buf_.clear();
  }
}

std::optional<std::string> Process::read_line(Clock::time_point deadline, size_t max,
                                              const LogSink& log, std::string* why) {
  while (true) {
    size_t nl = out_buf_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      drain_stderr(log, true);
      return line;
    }
    if (out_buf_.size() > max) {
      *why = fmt::format("the provider wrote a line longer than {} bytes", max);
      return std::nullopt;
    }
    if (out_ < 0) {
      drain_stderr(log, true);
      stop();
      *why = "the provider stopped" + (exit_text_.empty() ? std::string() : " (" + exit_text_ + ")");
      return std::nullopt;
    }
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    int n = ::poll(fds, err_ >= 0 ? 2 : 1, ms_until(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *why = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) {
      if (Clock::now() >= deadline) {
        drain_stderr(log, true);
        *why = "the provider did not answer in time";
        return std::nullopt;
      }
      continue;
    }
    if (err_ >= 0 && fds[1].revents) drain_stderr(log, false);
    if (fds[0].revents) {
      char buf[65536];
      ssize_t r = ::read(out_, buf, sizeof buf);
      if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (r <= 0) {
        close_fd(out_);
        continue;
      }
      out_buf_.append(buf, static_cast<size_t>(r));
    }
  }
}

void Process::reap(bool wait) {
  if (pid_ <= 0) return;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, wait ? 0 : WNOHANG);
  if (r != pid_) return;
  pid_ = -1;
  if (WIFEXITED(status)) exit_text_ = fmt::format("exited with status {}", WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) exit_text_ = fmt::format("killed by signal {}", WTERMSIG(status));
}

void Process::stop(std::chrono::milliseconds grace) {
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
  if (pid_ <= 0) return;
  auto until = Clock::now() + grace;
  while (pid_ > 0 && Clock::now() < until) {
    reap(false);
    if (pid_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
}

} // namespace cairn::providers::protocol
