// Keeping the cache in step with the remote: fetch, fast-forward, publish by
// compare-and-swap, rebuild on the winner's head or set aside as an orphan; see remote.h.
#include "runtime/state/remote.h"

#include "runtime/state/remote_transport.h"
#include "runtime/state/store_impl.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <cstdlib>

#include <fmt/core.h>
#include <random>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace cairn::state {

namespace {

constexpr const char* kRemoteMain = "refs/cairn/remote/main";
constexpr int kAttempts = 12;

struct FileLock {
  int fd = -1;
  ~FileLock() {
    if (fd >= 0) ::close(fd);
  }
  bool take(const std::string& gitdir, const char* name, std::string* why) {
    std::string dir = gitdir + "cairn-locks";
    mkdir(dir.c_str(), 0755);
    std::string path = dir + "/" + name;
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      *why = fmt::format("cannot open the lock file `{}`: {}", path, std::strerror(errno));
      return false;
    }
    while (flock(fd, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      *why = fmt::format("cannot lock `{}`: {}", path, std::strerror(errno));
      return false;
    }
    return true;
  }
};

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || git_oid_cmp(&*a, &*b) == 0;
}

// Whether `a` is `b` or an ancestor of it.
bool reaches(git_repository* repo, const git_oid& a, const git_oid& b) {
  return git_oid_cmp(&a, &b) == 0 || git_graph_descendant_of(repo, &b, &a) == 1;
}

// Moves `name` from `expected` (absent when nullopt) to `to` in the cache.
bool move_ref(git_repository* repo, const char* name, const git_oid& to,
              const std::optional<git_oid>& expected, std::string* why) {
  git_reference* ref = nullptr;
  int rc = expected
               ? git_reference_create_matching(&ref, repo, name, &to, 1, &*expected, "cairn sync")
               : git_reference_create(&ref, repo, name, &to, 0, "cairn sync");
  if (rc != 0) {
    *why = fmt::format("cannot move `{}` in the state cache: {}", name, git_error_text());
    return false;
  }
  git_reference_free(ref);
  return true;
}

CommitPtr lookup_commit(git_repository* repo, const git_oid& oid, std::string* why) {
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &oid) != 0) {
    *why = damaged_text(repo, fmt::format("commit {}", oid_hex(oid)));
    return nullptr;
  }
  return CommitPtr(c);
}

// The stacks named by the Cairn-Stack trailers of the commits from `tip` back to (not
// including) the first one `base` reaches, along first parents.
bool touched_stacks(git_repository* repo, const git_oid& tip, const git_oid& base,
                    std::set<std::string>* out, std::string* why) {
  std::optional<git_oid> cur = tip;
  while (cur && !reaches(repo, *cur, base)) {
    CommitPtr c = lookup_commit(repo, *cur, why);
    if (!c) return false;
    for (const auto& [k, v] :
         message_trailers(git_commit_message(c.get()) ? git_commit_message(c.get()) : ""))
      if (k == "Cairn-Stack" && valid_stack_name(v)) out->insert(v);
    cur.reset();
    if (git_commit_parentcount(c.get()) > 0) cur = *git_commit_parent_id(c.get(), 0);
  }
  return true;
}

void pause(int attempt) {
  thread_local std::mt19937 rng(std::random_device{}());
  double ms = std::min(2000.0, 20.0 * static_cast<double>(1u << std::min(attempt, 7)));
  ms *= std::uniform_real_distribution<double>(0.5, 1.5)(rng);
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(ms * 1000)));
}

// Pushes the cache's `main` (at `local`) as the remote's, expecting the remote at `remote`.
PushOutcome publish(git_repository* repo, const std::string& url, const git_oid& local,
                    const std::optional<git_oid>& remote, std::string* why) {
  std::string path = file_url_path(url);
  if (path.empty())
    return remote_push(repo, url, {std::string("refs/heads/main:") + kBranchRef}, why);
  // libgit2's local transport overwrites refs: send the objects under a ref of their own,
  // then swap the branch on the repository itself.
  std::string incoming = "refs/cairn/incoming/" + oid_hex(local);
  PushOutcome sent = remote_push(repo, url, {"refs/heads/main:" + incoming}, why);
  if (sent != PushOutcome::Done) return sent;
  PushOutcome swapped = local_compare_and_swap(path, kBranchRef, local, remote, why);
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
    git_reference_remove(r, incoming.c_str());
    git_repository_free(r);
  }
  return swapped;
}

bool sync_here(const std::string& url, const std::string& cache, SyncMode mode, SyncResult* out,
               std::string* why) {
  *out = SyncResult{};
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, cache.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    *why = fmt::format("cannot open the state cache `{}`: {}", cache, git_error_text());
    return false;
  }
  RepoPtr repo(raw);
  FileLock lock;
  if (!lock.take(git_repository_path(raw), ".sync.lock", why)) return false;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) pause(attempt);
    if (!remote_fetch(raw, url,
                      {std::string("+") + kBranchRef + ":" + kRemoteMain,
                       "+refs/cairn/orphans/*:refs/cairn/orphans/*"},
                      why))
      return false;
    std::optional<git_oid> r, l;
    if (!resolve_ref(raw, kRemoteMain, &r, why) || !resolve_ref(raw, kBranchRef, &l, why))
      return false;
    out->remote_head = r ? oid_hex(*r) : "";
    if (same(l, r)) return true;
    if (!l || (r && reaches(raw, *l, *r))) return move_ref(raw, kBranchRef, *r, l, why);
    bool fast = !r || reaches(raw, *r, *l);
    if (mode == SyncMode::Pull) {
      out->ahead = true;
      out->diverged = !fast;
      return true;
    }
    // Pushes `tip` as the remote's main, expected at `r`; nullopt when refused (fetch again).
    auto push_tip = [&](const git_oid& tip) -> std::optional<bool> {
      PushOutcome p = publish(raw, url, tip, r, why);
      if (p == PushOutcome::Failed) return false;
      if (p == PushOutcome::Rejected) return std::nullopt; // moved on meanwhile
      out->pushed = oid_hex(tip);
      out->remote_head = out->pushed;
      out->retries = static_cast<uint32_t>(attempt);
      git_reference* tracking = nullptr;
      if (git_reference_create(&tracking, raw, kRemoteMain, &tip, 1, "cairn push") == 0)
        git_reference_free(tracking);
      return true;
    };
    if (fast) {
      if (auto done = push_tip(*l)) return *done;
      continue;
    }
    // Diverged: rebuild on the remote's head what touches stacks it did not change; what
    // touches stacks it changed becomes an orphan of each such stack.
    git_oid base;
    std::optional<git_oid> base_root;
    if (git_merge_base(&base, raw, &*l, &*r) == 0) {
      TreePtr t = commit_tree(raw, base, why);
      if (!t) return false;
      base_root = *git_tree_id(t.get());
    } else {
      git_oid_fromstr(&base, "0000000000000000000000000000000000000000");
    }
    std::set<std::string> stacks;
    if (!touched_stacks(raw, *l, base, &stacks, why)) return false;
    TreePtr lt = commit_tree(raw, *l, why), rt = commit_tree(raw, *r, why);
    if (!lt || !rt) return false;
    TreePtr bt;
    git_tree* btr = nullptr;
    if (base_root) git_tree_lookup(&btr, raw, &*base_root);
    bt.reset(btr);
    std::vector<git_tree_update> updates;
    std::vector<std::string> paths;
    std::vector<std::string> orphan_refs;
    for (const std::string& stack : stacks) {
      std::string dir = stack_dir(stack);
      auto sl = subtree_oid(raw, lt.get(), dir), sr = subtree_oid(raw, rt.get(), dir);
      auto sb = bt ? subtree_oid(raw, bt.get(), dir) : std::nullopt;
      if (same(sl, sr)) continue;
      if (same(sr, sb)) {
        paths.push_back(dir);
        git_tree_update u{};
        if (sl) {
          u.action = GIT_TREE_UPDATE_UPSERT;
          u.filemode = GIT_FILEMODE_TREE;
          u.id = *sl;
        } else {
          u.action = GIT_TREE_UPDATE_REMOVE;
        }
        updates.push_back(u);
        continue;
      }
      orphan_refs.push_back(fmt::format("refs/cairn/orphans/{}/{}", stack, oid_hex(*l)));
    }
    for (size_t i = 0; i < updates.size(); ++i) updates[i].path = paths[i].c_str();
    for (const std::string& ref : orphan_refs) {
      git_reference* made = nullptr;
      if (git_reference_create(&made, raw, ref.c_str(), &*l, 1, "cairn orphan") != 0) {
        *why = fmt::format("cannot record `{}` in the state cache: {}", ref, git_error_text());
        return false;
      }
      git_reference_free(made);
      if (remote_push(raw, url, {ref + ":" + ref}, why) != PushOutcome::Done) return false;
      out->orphaned_refs.push_back(ref);
    }
    git_oid next = *r;
    if (!updates.empty()) {
      git_oid root;
      if (git_tree_create_updated(&root, raw, rt.get(), updates.size(), updates.data()) != 0) {
        *why = fmt::format("cannot write the state tree: {}", git_error_text());
        return false;
      }
      CommitPtr lc = lookup_commit(raw, *l, why);
      CommitPtr rc = lookup_commit(raw, *r, why);
      if (!lc || !rc) return false;
      git_tree* tree = nullptr;
      if (git_tree_lookup(&tree, raw, &root) != 0) {
        *why = git_error_text();
        return false;
      }
      TreePtr owned(tree);
      const git_commit* parents[1] = {rc.get()};
      SigPtr sig = state_signature(raw);
      if (git_commit_create(&next, raw, nullptr, sig.get(), sig.get(), "UTF-8",
                            git_commit_message(lc.get()), tree, 1, parents) != 0) {
        *why = fmt::format("cannot write a state commit: {}", git_error_text());
        return false;
      }
    }
    if (!move_ref(raw, kBranchRef, next, l, why)) return false;
    // Push the rebuilt commit at once: fetching again first would only widen the window in
    // which another writer moves main (under load, a feedback loop of retries).
    if (git_oid_cmp(&next, &*r) != 0)
      if (auto done = push_tip(next)) return *done;
  }
  *why = fmt::format("the remote `{}` kept moving: gave up after {} attempts", redact_url(url),
                     kAttempts);
  return false;
}

std::string encode(const SyncResult& r) {
  std::string text = fmt::format("head {}\npushed {}\nahead {}\ndiverged {}\nretries {}\n", r.remote_head,
                                 r.pushed, r.ahead ? 1 : 0, r.diverged ? 1 : 0, r.retries);
  for (const std::string& ref : r.orphaned_refs) text += "orphan " + ref + "\n";
  return text;
}

void decode(const std::string& text, SyncResult* r) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    size_t sp = line.find(' ');
    if (sp == std::string::npos) continue;
    std::string key = line.substr(0, sp), value = line.substr(sp + 1);
    if (key == "head")
      r->remote_head = value;
    else if (key == "pushed")
      r->pushed = value;
    else if (key == "retries")
      r->retries = static_cast<uint32_t>(std::strtoul(value.c_str(), nullptr, 10));
    else if (key == "ahead")
      r->ahead = value == "1";
    else if (key == "diverged")
      r->diverged = value == "1";
    else if (key == "orphan")
      r->orphaned_refs.push_back(value);
  }
}

} // namespace

bool sync(const std::string& url, const std::string& cache, SyncMode mode, SyncResult* out,
          std::string* why) {
  *out = SyncResult{};
  if (!Store::open_or_create(cache, why)) return false;
  std::string reply;
  int seconds = remote_timeout_seconds();
  bool ok = run_bounded(
      [&](std::string* text, std::string* err) {
        SyncResult r;
        if (!sync_here(url, cache, mode, &r, err)) return false;
        *text = encode(r);
        return true;
      },
      seconds, &reply, why);
  if (!ok) {
    if (why->rfind("no answer", 0) == 0) *why = fmt::format("`{}` gave {}", redact_url(url), *why);
    *why = scrub_secret(*why, url);
    return false;
  }
  decode(reply, out);
  return true;
}

} // namespace cairn::state
