// The language server's transport: JSON-RPC messages framed by `Content-Length` headers
// (the base protocol of LSP) over a pair of file descriptors, standard input and output.
//
//   FrameReader r;  r.feed(bytes);  while (auto m = r.next()) handle(*m);
//   StdioTransport t(0, 1);  std::optional<std::string> body = t.read(timeout);
//
// FrameReader is the pure part (bytes in, message bodies out; the fuzz target drives it):
// a frame is header lines `Name: value\r\n` ending with an empty line, then exactly
// Content-Length bytes. A malformed header (no Content-Length, a bad number, a body over
// kMaxBody) is reported as an error and the reader skips to the next header block, so a
// broken client never hangs or crashes the server. Bodies are not parsed here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace cairn::lsp {

class FrameReader {
public:
  static constexpr size_t kMaxBody = size_t(256) << 20;

  void feed(const char* data, size_t size) { buffer_.append(data, size); }
  // The next complete message body, or nullopt when more bytes are needed. A framing
  // error sets `error()` (cleared by the next call) and drops the bad header.
  std::optional<std::string> next();
  const std::string& error() const { return error_; }
  size_t buffered() const { return buffer_.size() - pos_; }

private:
  std::string buffer_;
  size_t pos_ = 0;
  std::string error_;
};

// Writes one framed message.
std::string frame(const std::string& body);

class Transport {
public:
  virtual ~Transport() = default;
  // The next message body; nullopt at the end of the input. With `timeout_ms` >= 0,
  // `timed_out` is set and nullopt returned when nothing complete arrived in time.
  virtual std::optional<std::string> read(int timeout_ms, bool* timed_out) = 0;
  virtual void write(const std::string& body) = 0;
};

class StdioTransport : public Transport {
public:
  StdioTransport(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}
  std::optional<std::string> read(int timeout_ms, bool* timed_out) override;
  void write(const std::string& body) override;
  // Framing errors seen so far (logged to stderr by the server).
  std::string take_error();

private:
  int in_, out_;
  FrameReader reader_;
  bool eof_ = false;
  std::string errors_;
};

} // namespace cairn::lsp
