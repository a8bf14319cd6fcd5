// Small RAII owners for libgit2 objects and helpers shared by the state store.
//
// Only runtime/state and the release provider (providers/release) include libgit2.
// Every libgit2 object is owned by a `GitPtr` that
// frees it; `git_error_text()` gives the last libgit2 error message. libgit2 is initialized
// once per process by `git_init_once()`.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace cairn::state {

template <typename T, void (*Free)(T*)> struct GitDeleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
template <typename T, void (*Free)(T*)> using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepoPtr = GitPtr<git_repository, git_repository_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using RefPtr = GitPtr<git_reference, git_reference_free>;
using EntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using SigPtr = GitPtr<git_signature, git_signature_free>;
using WalkPtr = GitPtr<git_revwalk, git_revwalk_free>;

void git_init_once();
std::string git_error_text();
std::string oid_hex(const git_oid& oid);
bool oid_parse(const std::string& hex, git_oid* out);

} // namespace cairn::state
