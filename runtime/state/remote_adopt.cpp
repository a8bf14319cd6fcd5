// Adopting orphans: what applies that lost the race for the remote's `main` recorded,
// merged into the stack by address (three-way, against each orphan's merge base with
// `main`), and the merge commit that marks them adopted; see remote.h.
#include "runtime/resource/address.h"
#include "runtime/state/remote.h"
#include "runtime/state/store_impl.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <map>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cairn::state {

namespace {

RepoPtr open_repo(Store& store, std::string* why) {
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, store.path().c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) !=
      0) {
    *why = fmt::format("cannot open `{}`: {}", store.path(), git_error_text());
    return nullptr;
  }
  return RepoPtr(r);
}

using Files = std::map<std::string, git_oid>; // record file name -> blob

// The record files of `stack` in the commit `commit` (none when absent).
bool record_files(git_repository* repo, const std::optional<git_oid>& commit,
                  const std::string& stack, Files* out, std::string* why) {
  out->clear();
  if (!commit) return true;
  TreePtr root = commit_tree(repo, *commit, why);
  if (!root) return false;
  std::optional<git_oid> dir;
  if (!find_subtree(repo, root.get(), stack_dir(stack) + "/resources", &dir, why)) return false;
  if (!dir) return true;
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo, &*dir) != 0) {
    *why = damaged_text(repo, fmt::format("the tree of `stacks/{}/resources`", stack));
    return false;
  }
  TreePtr tree(t);
  for (size_t i = 0, n = git_tree_entrycount(t); i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(t, i);
    out->emplace(git_tree_entry_name(e), *git_tree_entry_id(e));
  }
  return true;
}

std::optional<git_oid> find(const Files& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? std::nullopt : std::optional<git_oid>(it->second);
}

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || git_oid_cmp(&*a, &*b) == 0;
}

std::string address_of(const std::string& file) {
  std::string stem = file.size() > 5 ? file.substr(0, file.size() - 5) : file;
  auto a = resource::file_stem_to_address(stem);
  return a ? *a : stem;
}

struct Merge {
  std::optional<git_oid> head;
  std::optional<git_oid> root; // the merged root tree
};

bool merge(git_repository* repo, const std::string& stack,
           const std::vector<std::string>& orphan_commits, Merge* m,
           std::vector<std::string>* notes, std::string* why) {
  if (!resolve_ref(repo, kBranchRef, &m->head, why)) return false;
  Files current;
  if (!record_files(repo, m->head, stack, &current, why)) return false;
  Files start = current;
  for (const std::string& hex : orphan_commits) {
    git_oid o;
    if (!oid_parse(hex, &o)) continue;
    std::optional<git_oid> base;
    git_oid b;
    if (m->head && git_merge_base(&b, repo, &o, &*m->head) == 0) base = b;
    Files before, after;
    if (!record_files(repo, base, stack, &before, why) ||
        !record_files(repo, o, stack, &after, why))
      return false;
    std::map<std::string, bool> names;
    for (const auto& [n, _] : before) names[n] = true;
    for (const auto& [n, _] : after) names[n] = true;
    for (const auto& [name, _] : names) {
      auto was = find(before, name), now = find(after, name), here = find(current, name);
      if (same(was, now) || same(here, now)) continue;
      std::string address = address_of(name);
      if (same(here, was)) {
        if (now)
          current[name] = *now;
        else
          current.erase(name);
        notes->push_back(fmt::format("adopted `{}` ({}) from {}", address,
                                     now ? (was ? "updated" : "created") : "destroyed",
                                     hex.substr(0, 12)));
      } else {
        notes->push_back(fmt::format(
            "kept `{}` as the state has it: both applies changed it ({} holds the other record)",
            address, hex.substr(0, 12)));
      }
    }
  }
  std::vector<git_tree_update> updates;
  std::vector<std::string> paths;
  for (const auto& [name, oid] : current)
    if (!same(find(start, name), oid)) paths.push_back(name);
  for (const auto& [name, _] : start)
    if (!current.count(name)) paths.push_back(name);
  for (std::string& p : paths) p = stack_dir(stack) + "/resources/" + p;
  for (const std::string& p : paths) {
    git_tree_update u{};
    u.path = p.c_str();
    auto it = current.find(p.substr(p.rfind('/') + 1));
    if (it != current.end()) {
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.filemode = GIT_FILEMODE_BLOB;
      u.id = it->second;
    } else {
      u.action = GIT_TREE_UPDATE_REMOVE;
    }
    updates.push_back(u);
  }
  TreePtr root;
  if (m->head) {
    root = commit_tree(repo, *m->head, why);
    if (!root) return false;
  } else {
    git_treebuilder* tb = nullptr;
    git_oid empty;
    git_tree* t = nullptr;
    if (git_treebuilder_new(&tb, repo, nullptr) != 0 || git_treebuilder_write(&empty, tb) != 0 ||
        git_tree_lookup(&t, repo, &empty) != 0) {
      if (tb) git_treebuilder_free(tb);
      *why = git_error_text();
      return false;
    }
    git_treebuilder_free(tb);
    root.reset(t);
  }
  git_oid merged;
  if (git_tree_create_updated(&merged, repo, root.get(), updates.size(), updates.data()) != 0) {
    *why = fmt::format("cannot write the state tree: {}", git_error_text());
    return false;
  }
  m->root = merged;
  return true;
}

} // namespace

bool orphans(Store& store, const std::string& stack, std::vector<std::string>* out,
             std::string* why) {
  out->clear();
  RepoPtr repo = open_repo(store, why);
  if (!repo) return false;
  std::optional<git_oid> head;
  if (!resolve_ref(repo.get(), kBranchRef, &head, why)) return false;
  git_reference_iterator* it = nullptr;
  std::string glob = fmt::format("refs/cairn/orphans/{}/*", stack);
  if (git_reference_iterator_glob_new(&it, repo.get(), glob.c_str()) != 0) return true;
  std::vector<std::pair<int64_t, std::string>> found;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it) == 0) {
    RefPtr owned(ref);
    const git_oid* oid = git_reference_target(ref);
    if (!oid) continue;
    if (head &&
        (git_oid_cmp(oid, &*head) == 0 || git_graph_descendant_of(repo.get(), &*head, oid) == 1))
      continue;
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo.get(), oid) != 0) continue;
    found.emplace_back(git_commit_time(c), oid_hex(*oid));
    git_commit_free(c);
  }
  git_reference_iterator_free(it);
  std::sort(found.begin(), found.end());
  for (auto& f : found) out->push_back(std::move(f.second));
  return true;
}

bool merged_snapshot(Store& store, const std::string& stack,
                     const std::vector<std::string>& orphan_commits, Snapshot* out,
                     std::vector<std::string>* notes, std::string* why) {
  RepoPtr repo = open_repo(store, why);
  if (!repo) return false;
  Merge m;
  if (!merge(repo.get(), stack, orphan_commits, &m, notes, why)) return false;
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo.get(), &*m.root) != 0) {
    *why = git_error_text();
    return false;
  }
  TreePtr root(t);
  *out = Snapshot{};
  out->commit = m.head ? oid_hex(*m.head) : "";
  return read_stack(repo.get(), root.get(), stack, out, why);
}

std::optional<std::string> adopt(Store& store, const std::string& stack,
                                 std::vector<std::string>* notes, std::string* why) {
  std::vector<std::string> found;
  if (!orphans(store, stack, &found, why)) return std::nullopt;
  if (found.empty()) return std::string();
  RepoPtr repo = open_repo(store, why);
  if (!repo) return std::nullopt;
  git_repository* r = repo.get();
  // The same lock Transaction::commit takes to move `main`.
  std::string dir = std::string(git_repository_path(r)) + "cairn-locks";
  mkdir(dir.c_str(), 0755);
  int fd = ::open((dir + "/.branch.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *why = fmt::format("cannot open the lock file in `{}`: {}", dir, std::strerror(errno));
    return std::nullopt;
  }
  while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  Merge m;
  if (!merge(r, stack, found, &m, notes, why)) return std::nullopt;
  std::vector<CommitPtr> owned;
  std::vector<const git_commit*> parents;
  std::vector<std::optional<git_oid>> ids;
  if (m.head) ids.push_back(m.head);
  for (const std::string& hex : found) {
    git_oid o;
    if (oid_parse(hex, &o)) ids.push_back(o);
  }
  for (const auto& id : ids) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, r, &*id) != 0) {
      *why = damaged_text(r, fmt::format("commit {}", oid_hex(*id)));
      return std::nullopt;
    }
    owned.emplace_back(c);
    parents.push_back(c);
  }
  std::string message = fmt::format("adopt the records of {} apply{} that lost a race\n\n",
                                    found.size(), found.size() == 1 ? "" : "s");
  for (const std::string& n : *notes) message += n + "\n";
  message += fmt::format("\nCairn-Stack: {}\n", stack);
  for (const std::string& hex : found) message += fmt::format("Cairn-Adopted: {}\n", hex);
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, r, &*m.root) != 0) {
    *why = git_error_text();
    return std::nullopt;
  }
  TreePtr tree(t);
  SigPtr sig = state_signature(r);
  git_oid commit;
  if (git_commit_create(&commit, r, nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(), t,
                        parents.size(), parents.data()) != 0) {
    *why = fmt::format("cannot write a state commit: {}", git_error_text());
    return std::nullopt;
  }
  git_reference* ref = nullptr;
  int rc = m.head ? git_reference_create_matching(&ref, r, kBranchRef, &commit, 1, &*m.head,
                                                  "cairn adopt")
                  : git_reference_create(&ref, r, kBranchRef, &commit, 0, "cairn adopt");
  if (rc != 0) {
    *why = fmt::format("cannot move the state branch: {}", git_error_text());
    return std::nullopt;
  }
  git_reference_free(ref);
  return oid_hex(commit);
}

} // namespace cairn::state
