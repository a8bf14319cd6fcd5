// A provider executable run as a child process: its stdin and stdout carry protocol lines,
// its stderr carries logs. Reads wait at most until a deadline; a child that breaks the
// protocol is killed (`stop`), never waited for without a limit.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cairn::providers::protocol {

class Process {
public:
  using Clock = std::chrono::steady_clock;
  // Each complete stderr line, as it arrives.
  using LogSink = std::function<void(const std::string& line)>;

  Process() = default;
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Starts `argv[0]` (a path) with `argv`; false with the reason when it cannot.
  bool start(const std::vector<std::string>& argv, std::string* why);
  bool running() const { return pid_ > 0; }
  // Writes all of `data` to the child's stdin; false when the child is gone.
  bool write(const std::string& data, Clock::time_point deadline, std::string* why);
  // The next stdout line (without its newline); nullopt with the reason on end of file,
  // a deadline passed or a line over `max`. Stderr lines are passed to `log` meanwhile.
  std::optional<std::string> read_line(Clock::time_point deadline, size_t max, const LogSink& log,
                                       std::string* why);
  // Closes the pipes, gives the child `grace` to exit, then kills it; reaps it.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(200));
  // How the child ended ("exited with status 3", "killed by signal 9"), once it has.
  std::string exit_text() const { return exit_text_; }

private:
  void drain_stderr(const LogSink& log, bool all);
  void reap(bool wait);
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_buf_, err_buf_;
  std::string exit_text_;
};

} // namespace cairn::providers::protocol
