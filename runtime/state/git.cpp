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

#include "runtime/state/store.h"

namespace cairn::state {

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
