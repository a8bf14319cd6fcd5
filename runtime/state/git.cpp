// libgit2 helpers; see git.h.
#include "runtime/state/git.h"

#include <mutex>

namespace cairn::state {

void git_init_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Trees we write only reference objects we just wrote: skip libgit2's existence checks.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  });
}

std::string git_error_text() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

bool oid_parse(const std::string& hex, git_oid* out) {
  return hex.size() == GIT_OID_HEXSZ && git_oid_fromstr(out, hex.c_str()) == 0;
}

} // namespace cairn::state

#include <filesystem>

#include "runtime/state/store.h"

namespace cairn::state {

std::vector<std::pair<std::string, std::string>> message_trailers(const std::string& message) {
  std::vector<std::pair<std::string, std::string>> out;
  git_message_trailer_array arr{};
  if (git_message_trailers(&arr, message.c_str()) != 0) return out;
  for (size_t i = 0; i < arr.count; ++i) out.emplace_back(arr.trailers[i].key, arr.trailers[i].value);
  git_message_trailer_array_free(&arr);
  return out;
}

std::optional<SourceState> source_state(const std::string& dir, const std::vector<std::string>& files) {
  git_init_once();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, dir.c_str(), 0, nullptr) != 0) return std::nullopt;
  RepoPtr repo(raw);
  if (git_repository_is_bare(raw)) return std::nullopt;
  git_oid head;
  if (git_reference_name_to_id(&head, raw, "HEAD") != 0) return std::nullopt;
  SourceState out{oid_hex(head), true};
  git_status_options opts;
  git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
  opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* list = nullptr;
  if (git_status_list_new(&list, raw, &opts) != 0) return SourceState{out.commit, false};
  if (git_status_list_entrycount(list) > 0) out.clean = false;
  git_status_list_free(list);
  // An untracked spec file is not in the commit, whatever the rest of the checkout says.
  const char* workdir = git_repository_workdir(raw);
  std::error_code ec;
  auto root = std::filesystem::weakly_canonical(workdir ? workdir : "", ec);
  for (const std::string& f : files) {
    if (!out.clean) break;
    auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(f, ec), ec);
    if (ec) return SourceState{out.commit, false};
    auto rel = abs.lexically_relative(root).generic_string();
    unsigned int flags = 0;
    if (rel.empty() || rel.rfind("..", 0) == 0 || git_status_file(&flags, raw, rel.c_str()) != 0 ||
        flags != GIT_STATUS_CURRENT)
      out.clean = false;
  }
  return out;
}

std::optional<std::string> source_commit(const std::string& path) {
  git_init_once();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path.c_str(), 0, nullptr) != 0) return std::nullopt;
  RepoPtr repo(raw);
  if (git_repository_is_bare(raw)) return std::nullopt;
  git_oid head;
  if (git_reference_name_to_id(&head, raw, "HEAD") != 0) return std::nullopt;
  std::string out = oid_hex(head);
  git_status_options opts;
  git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
  opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* list = nullptr;
  if (git_status_list_new(&list, raw, &opts) == 0) {
    if (git_status_list_entrycount(list) > 0) out += "-dirty";
    git_status_list_free(list);
  }
  return out;
}

} // namespace cairn::state
