// Remote state: the state repository on a git server (`file://`, `git://`, `ssh://`,
// `http(s)://`), reached through libgit2, with a local bare repository as its cache.
//
// The cache (`.cairn/cache/<hash of the URL>`, or under CAIRN_STATE_CACHE) is an ordinary state
// repository (store.h): readers read it, writers lock and commit in it. `sync` moves it in step
// with the remote:
//   refs/cairn/remote/main       the remote's `main` as last fetched
//   refs/heads/main              the cache's branch; ahead of the remote while unpushed
//   refs/cairn/orphans/<stack>/<commit>
//                                an apply that lost the race for the remote's `main`: its
//                                commit, pushed to the remote too, so nothing it did is lost
// Pushing `main` is the compare-and-swap between machines: the server takes it only as a
// fast-forward of what we fetched. A refused push is retried on the new head when the other
// writer changed other stacks; when it changed the same stack, this commit becomes an
// orphan and the cache's `main` takes the winner's. The next writer adopts orphans: a merge
// commit (parents: main and the orphans) whose stack holds what each orphan changed since
// its merge base on addresses `main` did not change meanwhile.
//
// Credentials come from the ssh agent and git's credential helpers (`git credential fill`)
// and are never written anywhere; URLs are shown without their password.
#pragma once

#include "runtime/state/store.h"

#include <optional>
#include <string>
#include <vector>

namespace cairn::state {

// Whether `--state` names a remote (a URL with a scheme) rather than a local path.
bool is_remote_location(const std::string& location);
// The URL without its password (`https://user:pw@host/x` -> `https://user@host/x`).
std::string redact_url(const std::string& url);
// The cache folder for a remote: `<dir>/<first 16 hex digits of SHA-256(URL without
// its password)>`; `dir` is CAIRN_STATE_CACHE or `.cairn/cache`.
std::string cache_path(const std::string& url, const std::string& dir);

enum class SyncMode : uint8_t {
  Pull,    // fetch and fast-forward the cache; local commits stay unpushed
  Publish, // also push local commits (rebuilt on the remote head, or made orphans)
};

struct SyncResult {
  std::string remote_head; // the remote's `main` after the sync ("" when it has none)
  std::string pushed;      // the commit pushed as the remote's `main`, if any
  std::vector<std::string> orphaned_refs; // side refs made for commits the remote refused
  bool ahead = false;                     // Pull: the cache holds commits the remote does not
  bool diverged = false;                  // Pull: ... and the remote moved on
  uint32_t retries = 0; // Publish: pushes refused because the remote moved meanwhile, before it landed
};

// Brings the cache at `cache` (created when missing) in step with the remote `url`.
bool sync(const std::string& url, const std::string& cache, SyncMode mode, SyncResult* out,
          std::string* why);

// The orphans of `stack` that `main` of `store` has not adopted, oldest first.
bool orphans(Store& store, const std::string& stack, std::vector<std::string>* out,
             std::string* why);
// The stack as `main` holds it with the orphans' changes merged in; `notes` says what was
// adopted and what was kept from `main` because both changed it. The snapshot's stack_tree
// is the merged tree, the one `adopt` commits.
bool merged_snapshot(Store& store, const std::string& stack,
                     const std::vector<std::string>& orphan_commits, Snapshot* out,
                     std::vector<std::string>* notes, std::string* why);
// Commits the merge on `main` (the caller holds the stack's lock); the commit, "" when
// there was nothing to adopt.
std::optional<std::string> adopt(Store& store, const std::string& stack,
                                 std::vector<std::string>* notes, std::string* why);

// Claiming the right to apply to `stack` from `base`, the stack's content as the plan read it
// (Snapshot::stack_tree, which other stacks' commits leave as it is; "" for no records;
// remote_claim.cpp): `Stale` when the remote's `main`, fetched after the newest claim, no
// longer holds the stack as `base` (someone applied since: plan again); `Held` (with
// `*holder`) when a reconciler other than `who` holds an unexpired claim on the same base,
// or won the race to claim it; a claim lasts `seconds`. Reconcilers claim before applying,
// so a change planned by several from one state of the stack is made once.
//   refs/cairn/claims/<stack>    the newest claim; older ones are its ancestors
enum class ClaimOutcome : uint8_t { Claimed, Held, Stale, Failed };
ClaimOutcome claim(const std::string& url, const std::string& cache, const std::string& stack,
                   const std::string& base, const std::string& who, int seconds,
                   std::string* holder, std::string* why);

} // namespace cairn::state
