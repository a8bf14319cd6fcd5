// Content-Length framing over file descriptors; see transport.h.
#include "compiler/lsp/transport.h"

#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace cairn::lsp {

std::optional<std::string> FrameReader::next() {
  error_.clear();
  for (;;) {
    // Compact once the consumed prefix is large.
    if (pos_ > (1u << 16) && pos_ * 2 > buffer_.size()) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    size_t header_end = buffer_.find("\r\n\r\n", pos_);
    if (header_end == std::string::npos) {
      if (buffer_.size() - pos_ > 65536) { // a header that never ends
        error_ = "header too long";
        pos_ = buffer_.size();
      }
      return std::nullopt;
    }
    std::string_view headers(buffer_.data() + pos_, header_end - pos_);
    std::optional<size_t> length;
    bool bad = false;
    size_t start = 0;
    while (start <= headers.size()) {
      size_t eol = headers.find("\r\n", start);
      if (eol == std::string_view::npos) eol = headers.size();
      std::string_view line = headers.substr(start, eol - start);
      start = eol + 2;
      if (line.empty()) continue;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        bad = true;
        continue;
      }
      std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      bool is_length = name.size() == 14;
      for (size_t i = 0; is_length && i < 14; ++i)
        is_length = std::tolower(static_cast<unsigned char>(name[i])) == "content-length"[i];
      if (!is_length) continue;
      size_t n = 0;
      bool digits = !value.empty() && value.size() <= 12;
      for (char c : value) {
        if (c < '0' || c > '9') digits = false;
        else n = n * 10 + static_cast<size_t>(c - '0');
      }
      if (!digits || n > kMaxBody) bad = true;
      else length = n;
    }
    if (bad || !length) {
      error_ = bad ? "malformed header" : "header without Content-Length";
      pos_ = header_end + 4;
      return std::nullopt;
    }
    size_t body = header_end + 4;
    if (buffer_.size() - body < *length) return std::nullopt;
    std::string out = buffer_.substr(body, *length);
    pos_ = body + *length;
    return out;
  }
}

std::string frame(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::optional<std::string> StdioTransport::read(int timeout_ms, bool* timed_out) {
  if (timed_out) *timed_out = false;
  for (;;) {
    std::optional<std::string> m = reader_.next();
    if (!reader_.error().empty()) errors_ += reader_.error() + "\n";
    if (m) return m;
    if (!reader_.error().empty()) continue; // the reader skipped a bad header
    if (eof_) return std::nullopt;
    if (timeout_ms >= 0) {
      pollfd p{in_, POLLIN, 0};
      int r = ::poll(&p, 1, timeout_ms);
      if (r == 0) {
        if (timed_out) *timed_out = true;
        return std::nullopt;
      }
      if (r < 0 && errno == EINTR) continue;
    }
    char buf[65536];
    ssize_t n = ::read(in_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    reader_.feed(buf, static_cast<size_t>(n));
  }
}

void StdioTransport::write(const std::string& body) {
  std::string f = frame(body);
  size_t done = 0;
  while (done < f.size()) {
    ssize_t n = ::write(out_, f.data() + done, f.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; // the client went away
    done += static_cast<size_t>(n);
  }
}

std::string StdioTransport::take_error() {
  std::string e;
  e.swap(errors_);
  return e;
}

} // namespace cairn::lsp
