// Line tables for source files; see source.h.
#include "compiler/base/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cairn::base {

namespace {
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
} // namespace

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

LineCol SourceFile::line_col(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = line_starts_[line - 1];
  uint32_t column = 1;
  for (uint32_t i = start; i < offset; ++i)
    if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
  return {line, column};
}

uint32_t SourceFile::line_start(uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return size();
  return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : size();
  std::string_view s(text_.data() + begin, end - begin);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

uint32_t SourceFile::offset_of(LineCol lc) const {
  uint32_t offset = line_start(lc.line);
  std::string_view line = line_text(lc.line);
  uint32_t column = 1;
  uint32_t i = 0;
  while (i < line.size() && column < lc.column) {
    ++i;
    while (i < line.size() && is_continuation(static_cast<unsigned char>(line[i]))) ++i;
    ++column;
  }
  return offset + i;
}

FileId SourceMap::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return FileId(static_cast<uint32_t>(files_.size() - 1));
}

std::optional<FileId> SourceMap::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    if (error) *error = "read error";
    return std::nullopt;
  }
  std::string text = std::move(buffer).str();
  if (text.size() > kMaxSourceSize) {
    if (error) *error = "file too large";
    return std::nullopt;
  }
  return add(path, std::move(text));
}

} // namespace cairn::base
