// `local.File`: writing, reading back and deleting files; and the path and mode helpers of
// the `local` provider. See local.h.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

#include "compiler/base/quote.h"
#include "providers/local/local.h"
#include "compiler/base/sha256.h"

namespace cairn::providers::local {

namespace {

std::string errno_text() { return std::strerror(errno); }

const std::string& str_input(const Value& inputs, const char* name) {
  static const std::string kEmpty;
  const Value* v = inputs.get(name);
  return v && v->is_string() ? v->as_string() : kEmpty;
}

// Creates the missing parents of `file`.
bool make_parents(const std::string& file, std::string* why) {
  std::filesystem::path parent = std::filesystem::path(file).parent_path();
  if (parent.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    *why = fmt::format("cannot create directory `{}`: {}", parent.string(), ec.message());
    return false;
  }
  return true;
}

bool read_all(int fd, std::string* out) {
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
  }
}

} // namespace

std::string resolve(const std::string& root, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  if (root.empty() || root == ".") return path;
  return root + "/" + path;
}

std::string mode_text(unsigned mode) { return fmt::format("{:04o}", mode & 07777u); }

long parse_mode(const std::string& text) {
  if (text.empty() || text.size() > 4) return -1;
  long m = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return -1;
    m = m * 8 + (c - '0');
  }
  return m;
}

std::string mode_problem(const Value& v) {
  if (parse_mode(v.as_string()) < 0)
    return fmt::format("`mode` must be octal permission bits like \"0644\", not {}",
                       base::quoted(v.as_string()));
  return {};
}

OpResult file_write(const std::string& root, const Value& inputs) {
  const std::string& path = str_input(inputs, "path");
  const std::string& content = str_input(inputs, "content");
  long mode = parse_mode(str_input(inputs, "mode"));
  if (mode < 0) mode = 0644;
  std::string full = resolve(root, path);
  std::string why;
  if (!make_parents(full, &why)) return op_error(why);
  static std::atomic<unsigned> counter{0};
  std::string tmp = fmt::format("{}.cairn-tmp-{}-{}", full, getpid(), counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return op_error(fmt::format("cannot write `{}`: {}", path, errno_text()));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string e = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      return op_error(fmt::format("cannot write `{}`: {}", path, e));
    }
    done += static_cast<size_t>(n);
  }
  if (fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::close(fd) != 0) {
    std::string e = errno_text();
    ::unlink(tmp.c_str());
    return op_error(fmt::format("cannot write `{}`: {}", path, e));
  }
  struct stat st {};
  if (::stat(full.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    ::unlink(tmp.c_str());
    return op_error(fmt::format("cannot write `{}`: it is a directory", path));
  }
  if (::rename(tmp.c_str(), full.c_str()) != 0) {
    std::string e = errno_text();
    ::unlink(tmp.c_str());
    return op_error(fmt::format("cannot write `{}`: {}", path, e));
  }
  OpResult r;
  r.ok = true;
  r.state.id = path;
  r.state.inputs = inputs;
  r.state.outputs = Value::object({{"id", Value::string(path)},
                                   {"sha256", Value::string(base::sha256_hex(content))}});
  return r;
}

std::optional<OpResult> refuse_existing(const std::string& root, const Request& request, const Value& inputs) {
  if (request.type != "local.File") return std::nullopt;
  const std::string& path = str_input(inputs, "path");
  struct stat st {};
  if (::lstat(resolve(root, path).c_str(), &st) != 0) return std::nullopt;
  return op_error(fmt::format("`{}` already exists and is not in state; cairn does not overwrite it. Adopt it with "
                              "`cairn import {} {} SPEC`, or remove it",
                              path, request.address, path),
                  ProblemKind::Conflict, "path");
}

ReadResult file_read(const std::string& root, const ObjectState& prior) {
  ReadResult r;
  const std::string& path = str_input(prior.inputs, "path");
  std::string full = resolve(root, path);
  int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      r.status = ReadResult::Status::Gone;
      return r;
    }
    return read_error(fmt::format("cannot read `{}`: {}", path, errno_text()));
  }
  struct stat st {};
  std::string content;
  bool ok = fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode) && read_all(fd, &content);
  ::close(fd);
  if (!ok) {
    // A directory where the file was: the file is gone.
    if (S_ISDIR(st.st_mode)) {
      r.status = ReadResult::Status::Gone;
      return r;
    }
    return read_error(fmt::format("cannot read `{}`: {}", path, errno_text()));
  }
  r.status = ReadResult::Status::Exists;
  r.state.id = prior.id;
  r.state.inputs = prior.inputs;
  // Unchanged content keeps the recorded string (shared), so a refresh of large files does
  // not hold every file twice.
  const Value* recorded = prior.inputs.is_object() ? prior.inputs.get("content") : nullptr;
  if (!recorded || !recorded->is_string() || recorded->as_string() != content)
    r.state.inputs.set("content", Value::string(std::move(content)));
  r.state.inputs.set("mode", Value::string(mode_text(st.st_mode)));
  r.state.outputs = Value::object({{"id", Value::string(path)},
                                   {"sha256", Value::string(base::sha256_hex(str_input(r.state.inputs, "content")))}});
  return r;
}

OpResult file_delete(const std::string& root, const ObjectState& prior) {
  const std::string& path = str_input(prior.inputs, "path");
  std::string full = resolve(root, path);
  if (::unlink(full.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR)
    return op_error(fmt::format("cannot delete `{}`: {}", path, errno_text()));
  OpResult r;
  r.ok = true;
  return r;
}

} // namespace cairn::providers::local
