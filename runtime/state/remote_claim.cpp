// Claims on a remote state (remote.h, `claim`): who applies to a stack from which state of
// it, so that reconcilers that planned the same change from the same state do not all make
// it. A claim is a commit with an empty tree on `refs/cairn/claims/<stack>` of the remote,
// whose trailers say the base (the stack's tree in the state the plan was read from, `none`
// for a stack without records), the holder and when it expires; each claim's
// parent is the one it replaces, so pushing it without force is a compare-and-swap: of two
// claims made on the same predecessor, the server takes one and refuses the other as not a
// fast-forward.
//
// The invariant, for writers that all claim before applying: a change planned from base B is
// applied at most once. Deciding reads the newest claim first and the remote's `main` after
// it; then
//   - main's stack tree is no longer B: the plan is stale (someone applied since), `Stale`;
//   - the newest claim is on B, by another holder and unexpired: that holder may be applying
//     the same change now (its push of `main` comes after its claim), `Held`;
//   - otherwise ours is pushed on top of the claim read, and lands only if that claim is
//     still the newest.
// So a claim that lands saw every earlier claim's effect: a holder that claimed B before it
// either pushed `main` already (stale for us) or is still the newest claim on B (held), and
// any claim made in between would have been refused the same way. An apply that outlives
// its claim's lifetime keeps it by renewing (claim_lease.h). What is not covered: a stack
// whose tree comes back to an earlier B exactly.
#include "runtime/state/remote.h"
#include "runtime/state/remote_transport.h"
#include "runtime/state/store_impl.h"

#include <ctime>
#include <fmt/core.h>
#include <unistd.h>

namespace cairn::state {

namespace {

struct Held {
  std::string base, by;
  int64_t expires = 0;
};

Held read_claim(git_repository* repo, const git_oid& oid) {
  Held h;
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &oid) != 0) return h;
  CommitPtr commit(c);
  const char* msg = git_commit_message(c);
  for (const auto& [k, v] : message_trailers(msg ? msg : "")) {
    if (k == "Cairn-Claim-Base") h.base = v;
    if (k == "Cairn-Claim-By") h.by = v;
    if (k == "Cairn-Claim-Expires") h.expires = std::strtoll(v.c_str(), nullptr, 10);
  }
  return h;
}

std::optional<git_oid> ref_target(git_repository* repo, const std::string& name) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo, name.c_str()) != 0) return std::nullopt;
  return oid;
}

// The stack's tree in the commit `ref` names, as a claim's base: `none` when the ref, the
// stack or its folder is missing. (Never empty: libgit2 reads a trailer with an empty value
// as the start of a value continued on the next line, which hid the holder of every claim
// on a new stack.)
bool stack_base(git_repository* repo, const std::string& ref, const std::string& stack,
                std::string* out, std::string* why) {
  *out = "none";
  std::optional<git_oid> head = ref_target(repo, ref);
  if (!head) return true;
  TreePtr root = commit_tree(repo, *head, why);
  if (!root) return false;
  std::optional<git_oid> dir;
  if (!find_subtree(repo, root.get(), stack_dir(stack), &dir, why)) return false;
  if (dir) *out = oid_hex(*dir);
  return true;
}

// In the child: fetch the claim, then `main`, decide, make and push ours.
ClaimOutcome claim_here(const std::string& url, const std::string& cache, const std::string& stack,
                        const std::string& planned, const std::string& who, int64_t expires,
                        std::string* holder, std::string* why) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, cache.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    *why = fmt::format("cannot open the state cache `{}`: {}", cache, git_error_text());
    return ClaimOutcome::Failed;
  }
  RepoPtr repo(raw);
  std::string ref = "refs/cairn/claims/" + stack;
  const std::string base = planned.empty() ? "none" : planned;
  // The remote's claim replaces ours: a missing one leaves the old in the cache, so remove it
  // first and fetch (a missing ref fetches nothing, without error).
  git_reference_remove(raw, ref.c_str());
  if (!remote_fetch(raw, url, {"+" + ref + ":" + ref}, why)) return ClaimOutcome::Failed;
  std::optional<git_oid> current = ref_target(raw, ref);
  // Then `main`, after the claim: a holder pushes `main` after its claim landed, so a claim
  // read here whose holder already applied shows in this `main` (module comment).
  const std::string check = "refs/cairn/claim-check/main";
  git_reference_remove(raw, check.c_str());
  if (!remote_fetch(raw, url, {"+refs/heads/main:" + check}, why)) return ClaimOutcome::Failed;
  std::string now_base;
  bool read = stack_base(raw, check, stack, &now_base, why);
  git_reference_remove(raw, check.c_str());
  if (!read) return ClaimOutcome::Failed;
  if (now_base != base) {
    *holder = "another writer";
    return ClaimOutcome::Stale;
  }
  if (current) {
    Held h = read_claim(raw, *current);
    if (h.base == base && h.by != who && h.expires > static_cast<int64_t>(std::time(nullptr))) {
      *holder = h.by;
      return ClaimOutcome::Held;
    }
  }
  git_treebuilder* tb = nullptr;
  git_oid empty, made;
  if (git_treebuilder_new(&tb, raw, nullptr) != 0 || git_treebuilder_write(&empty, tb) != 0) {
    git_treebuilder_free(tb);
    *why = fmt::format("cannot write a claim: {}", git_error_text());
    return ClaimOutcome::Failed;
  }
  git_treebuilder_free(tb);
  git_tree* tree = nullptr;
  git_commit* parent = nullptr;
  if (git_tree_lookup(&tree, raw, &empty) != 0 ||
      (current && git_commit_lookup(&parent, raw, &*current) != 0)) {
    git_tree_free(tree);
    *why = fmt::format("cannot write a claim: {}", git_error_text());
    return ClaimOutcome::Failed;
  }
  TreePtr tree_owner(tree);
  CommitPtr parent_owner(parent);
  SigPtr sig = state_signature(raw);
  std::string message = fmt::format(
      "claim {} from stack tree {}\n\nCairn-Stack: {}\nCairn-Claim-Base: {}\nCairn-Claim-By: {}\n"
      "Cairn-Claim-Expires: {}\n",
      stack, base == "none" ? "none (no records)" : base.substr(0, 12), stack, base, who, expires);
  const git_commit* parents[1] = {parent};
  if (!sig || git_commit_create(&made, raw, nullptr, sig.get(), sig.get(), nullptr, message.c_str(),
                                tree, parent ? 1 : 0, parents) != 0) {
    *why = fmt::format("cannot write a claim: {}", git_error_text());
    return ClaimOutcome::Failed;
  }
  std::string mine = "refs/cairn/claiming/" + stack;
  git_reference* out = nullptr;
  if (git_reference_create(&out, raw, mine.c_str(), &made, 1, "cairn claim") != 0) {
    *why = fmt::format("cannot write a claim: {}", git_error_text());
    return ClaimOutcome::Failed;
  }
  git_reference_free(out);
  std::string path = file_url_path(url);
  PushOutcome pushed;
  if (path.empty()) {
    pushed = remote_push(raw, url, {mine + ":" + ref}, why);
  } else {
    // As for `main` (remote.cpp): send the objects under a ref of their own, then swap.
    std::string incoming = "refs/cairn/incoming/" + oid_hex(made);
    pushed = remote_push(raw, url, {mine + ":" + incoming}, why);
    if (pushed == PushOutcome::Done) pushed = local_compare_and_swap(path, ref, made, current, why);
    git_repository* r = nullptr;
    if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
      git_reference_remove(r, incoming.c_str());
      git_repository_free(r);
    }
  }
  git_reference_remove(raw, mine.c_str());
  if (pushed == PushOutcome::Rejected) {
    *holder = "another writer";
    return ClaimOutcome::Held;
  }
  return pushed == PushOutcome::Done ? ClaimOutcome::Claimed : ClaimOutcome::Failed;
}

} // namespace

ClaimOutcome claim(const std::string& url, const std::string& cache, const std::string& stack,
                   const std::string& base, const std::string& who, int seconds,
                   std::string* holder, std::string* why) {
  int64_t expires = static_cast<int64_t>(std::time(nullptr)) + seconds;
  std::string reply;
  ClaimOutcome outcome = ClaimOutcome::Failed;
  bool ok = run_bounded(
      [&](std::string* text, std::string* err) {
        std::string held;
        ClaimOutcome o = claim_here(url, cache, stack, base, who, expires, &held, err);
        *text = std::to_string(static_cast<int>(o)) + "\n" + held;
        return o != ClaimOutcome::Failed;
      },
      remote_timeout_seconds(), &reply, why);
  if (!ok) {
    *why = scrub_secret(*why, url);
    return ClaimOutcome::Failed;
  }
  size_t nl = reply.find('\n');
  outcome = static_cast<ClaimOutcome>(std::atoi(reply.substr(0, nl).c_str()));
  *holder = nl == std::string::npos ? "" : reply.substr(nl + 1);
  return outcome;
}

} // namespace cairn::state
