// Internals shared by store.cpp and transaction.cpp: the repository handle and helpers to
// find the branch head, the journal, a stack's tree, and to read a stack from a tree.
#pragma once

#include <optional>
#include <string>

#include "runtime/state/git.h"
#include "runtime/state/store.h"

namespace cairn::state {

inline constexpr const char* kBranchRef = "refs/heads/main";

struct Store::Impl {
  RepoPtr repo;
  std::string gitdir; // with a trailing slash
};

std::string stack_dir(const std::string& stack);

// The commit a ref points to; nullopt when the ref does not exist; false on other errors.
bool resolve_ref(git_repository* repo, const std::string& name, std::optional<git_oid>* out,
                 std::string* why);
// The oid of the tree at `path` in `root`: nullopt in `*out` when absent; false (with `why`
// naming the damage) when a tree on the way is missing from the repository.
bool find_subtree(git_repository* repo, git_tree* root, const std::string& path, std::optional<git_oid>* out,
                  std::string* why);
// find_subtree for callers that already read the same trees successfully (nullopt on error).
std::optional<git_oid> subtree_oid(git_repository* repo, git_tree* root, const std::string& path);
// "the state repository `...` is damaged: <what> is missing or unreadable (...)"
std::string damaged_text(git_repository* repo, const std::string& what);
// Reads a stack's records and outputs from a root tree.
bool read_stack(git_repository* repo, git_tree* root, const std::string& stack, Snapshot* out,
                std::string* why);
// The root tree of a commit.
TreePtr commit_tree(git_repository* repo, const git_oid& commit, std::string* why);
// The author and committer of state commits.
SigPtr state_signature(git_repository* repo);

} // namespace cairn::state
