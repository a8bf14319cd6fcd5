// Source files, byte spans and their line tables.
//
// A `SourceMap` owns every file of a compilation (the files given on the command line,
// imported files, the embedded standard library, REPL lines). Files never move or go away
// while the map lives, so `std::string_view`s into their text stay valid. Spans are
// half-open byte ranges [begin, end) into one file; a `Loc` names the file too.
// Line and column numbers are 1-based; columns count Unicode code points, as editors do.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/ids.h"

namespace cairn::base {

struct FileTag;
using FileId = Id<FileTag>;

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool contains(uint32_t offset) const { return begin <= offset && offset < end; }
  static Span cover(Span a, Span b) { return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end}; }
  friend bool operator==(Span a, Span b) { return a.begin == b.begin && a.end == b.end; }
};

struct Loc {
  FileId file;
  Span span;
  bool valid() const { return file.valid(); }
};

struct LineCol {
  uint32_t line = 1;   // 1-based
  uint32_t column = 1; // 1-based, in code points
};

class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }

  // Line and column of a byte offset (clamped to the file).
  LineCol line_col(uint32_t offset) const;
  // Byte offset of the first byte of a 1-based line; size() past the last line.
  uint32_t line_start(uint32_t line) const;
  // The text of a 1-based line without its line terminator.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Byte offset of a 1-based line and 1-based code point column (clamped).
  uint32_t offset_of(LineCol lc) const;

private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceMap {
public:
  // Adds a file with the given contents; paths need not be unique (REPL lines, tests).
  FileId add(std::string path, std::string text);
  // Reads a file from disk; nullopt if it cannot be read (the caller reports why).
  std::optional<FileId> load(const std::string& path, std::string* error);
  const SourceFile& get(FileId id) const { return *files_[id.index]; }
  uint32_t size() const { return static_cast<uint32_t>(files_.size()); }

private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Largest input we accept: offsets are 32-bit.
inline constexpr uint64_t kMaxSourceSize = 0xfffffff0u;

} // namespace cairn::base
