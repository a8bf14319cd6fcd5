// The `local` provider: files and directories on the machine that runs cairn.
//
//   local.File       inputs path (forces replacement), content, mode ("0644"), sensitive
//                    outputs sha256 (hex of the content), id (the path)
//   local.Directory  inputs path (forces replacement), mode ("0755")
//                    outputs id and path
//
// Relative paths are relative to the provider's `root` setting, by default the current
// directory. Files are written atomically (temporary file, then rename). Refresh reads the
// real file, so hand edits and removals show up as drift.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "providers/provider.h"

namespace cairn::providers {

std::unique_ptr<Provider> make_local_provider();

namespace local {

// Implementation pieces shared by local.cpp, file.cpp and directory.cpp.
std::string resolve(const std::string& root, const std::string& path);
// "0644"-style text of a mode, and back (-1 when malformed).
std::string mode_text(unsigned mode);
long parse_mode(const std::string& text);
std::string mode_problem(const Value& v);

OpResult file_write(const std::string& root, const Value& inputs);
// A create must not overwrite a file that cairn does not manage: the error names
// `cairn import`. Directories are not refused: files create their parents, and an existing
// directory is adopted as it is (deleting it removes it only when empty).
std::optional<OpResult> refuse_existing(const std::string& root, const Request& request, const Value& inputs);
ReadResult file_read(const std::string& root, const ObjectState& prior);
OpResult file_delete(const std::string& root, const ObjectState& prior);

OpResult directory_create(const std::string& root, const Value& inputs);
ReadResult directory_read(const std::string& root, const ObjectState& prior);
OpResult directory_delete(const std::string& root, const ObjectState& prior);

} // namespace local
} // namespace cairn::providers
