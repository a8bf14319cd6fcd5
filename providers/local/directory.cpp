// `local.Directory`: creating, reading back and removing directories. See local.h.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

#include "providers/local/local.h"

namespace cairn::providers::local {

namespace {
const std::string& path_of(const Value& inputs) {
  static const std::string kEmpty;
  const Value* v = inputs.get("path");
  return v && v->is_string() ? v->as_string() : kEmpty;
}

Value outputs_for(const std::string& path) {
  return Value::object({{"id", Value::string(path)}, {"path", Value::string(path)}});
}
} // namespace

OpResult directory_create(const std::string& root, const Value& inputs) {
  const std::string& path = path_of(inputs);
  std::string full = resolve(root, path);
  const Value* mode_v = inputs.get("mode");
  long mode = mode_v && mode_v->is_string() ? parse_mode(mode_v->as_string()) : 0755;
  if (mode < 0) mode = 0755;
  std::error_code ec;
  std::filesystem::create_directories(full, ec);
  if (ec) return op_error(fmt::format("cannot create directory `{}`: {}", path, ec.message()));
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return op_error(fmt::format("cannot create directory `{}`: a file is in the way", path));
  if (::chmod(full.c_str(), static_cast<mode_t>(mode)) != 0)
    return op_error(fmt::format("cannot set the mode of `{}`: {}", path, std::strerror(errno)));
  OpResult r;
  r.ok = true;
  r.state.id = path;
  r.state.inputs = inputs;
  r.state.outputs = outputs_for(path);
  return r;
}

ReadResult directory_read(const std::string& root, const ObjectState& prior) {
  ReadResult r;
  const std::string& path = path_of(prior.inputs);
  struct stat st {};
  if (::stat(resolve(root, path).c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      r.status = ReadResult::Status::Gone;
      return r;
    }
    return read_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    r.status = ReadResult::Status::Gone;
    return r;
  }
  r.status = ReadResult::Status::Exists;
  r.state.id = prior.id;
  r.state.inputs = prior.inputs;
  r.state.inputs.set("mode", Value::string(mode_text(st.st_mode)));
  r.state.outputs = outputs_for(path);
  return r;
}

namespace {

// Removes the temporary files (`NAME.cairn-tmp-PID-N`, local.File writes them and renames
// them into place) that a process killed mid-write left in `dir`: their process is gone.
// Returns whether one was removed.
bool remove_stale_temporaries(const std::string& dir) {
  bool removed = false;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    size_t at = name.rfind(".cairn-tmp-");
    if (at == std::string::npos) continue;
    long pid = std::strtol(name.c_str() + at + 11, nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue; // still running
    removed = ::unlink(it->path().c_str()) == 0 || removed;
  }
  return removed;
}

} // namespace

OpResult directory_delete(const std::string& root, const ObjectState& prior) {
  const std::string& path = path_of(prior.inputs);
  std::string full = resolve(root, path);
  if (::rmdir(full.c_str()) != 0 && (errno == ENOTEMPTY || errno == EEXIST) && remove_stale_temporaries(full)) {
    // Left by a killed apply: cleaned, try again.
  }
  if (::rmdir(full.c_str()) != 0 && errno != ENOENT) {
    if (errno == ENOTEMPTY || errno == EEXIST)
      return op_error(fmt::format("cannot delete directory `{}`: it is not empty (files in it "
                                  "that cairn manages should depend on it)",
                                  path));
    return op_error(fmt::format("cannot delete directory `{}`: {}", path, std::strerror(errno)));
  }
  OpResult r;
  r.ok = true;
  return r;
}

} // namespace cairn::providers::local
