// The releases repository through libgit2; see release.h. Writes never touch a work tree:
// each builds the new tree from the branch's tip in an in-memory index, commits it and moves
// the branch by compare-and-swap, under an flock on `<gitdir>/cairn-release.lock` (threads
// of this process and other processes alike), so no commit is lost.
#include "providers/release/release.h"
#include "runtime/state/git.h"

#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <mutex>
#include <sys/file.h>
#include <unistd.h>

namespace cairn::providers::release {

namespace {

using state::BlobPtr;
using state::CommitPtr;
using state::git_error_text;
using state::RepoPtr;
using state::SigPtr;
using state::TreePtr;
using IndexPtr = state::GitPtr<git_index, git_index_free>;
using ObjPtr = state::GitPtr<git_object, git_object_free>;

std::mutex& write_mutex() {
  static std::mutex m;
  return m;
}

// An flock held for the life of the object.
class FileLock {
public:
  explicit FileLock(const std::string& path)
      : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool ok() const { return fd_ >= 0; }

private:
  int fd_;
};

// The repository at `path`; with `create`, made bare with HEAD on `branch` when missing.
// A new repository is made in a temporary folder beside it and renamed into place, so other
// processes see none or a whole one; when another process won the rename, its is opened.
RepoPtr open_repo(const std::string& path, bool create, std::string* why, const std::string& branch = {}) {
  state::git_init_once();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) return RepoPtr(r);
  if (!create) return RepoPtr();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
    *why = fmt::format("`{}` exists and is not a git repository", path);
    return RepoPtr();
  }
  fs::path target = fs::path(path).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::string tmp = fmt::format("{}.cairn-new-{}", target.string(), ::getpid());
  fs::remove_all(tmp, ec);
  git_repository_init_options opts;
  git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = branch.c_str();
  if (git_repository_init_ext(&r, tmp.c_str(), &opts) != 0) {
    *why = fmt::format("cannot create the releases repository `{}`: {}", path, git_error_text());
    return RepoPtr();
  }
  git_repository_free(r);
  if (fs::exists(target, ec) && fs::is_empty(target, ec)) fs::remove(target, ec);
  fs::rename(tmp, target, ec); // fails when another process made it first: use theirs
  fs::remove_all(tmp, ec);
  if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    *why = fmt::format("cannot open the releases repository `{}`: {}", path, git_error_text());
    return RepoPtr();
  }
  return RepoPtr(r);
}

CommitPtr tip(git_repository* repo, const std::string& ref, git_oid* oid) {
  if (git_reference_name_to_id(oid, repo, ref.c_str()) != 0) return CommitPtr();
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, oid) != 0) return CommitPtr();
  return CommitPtr(c);
}

// The blob id of `file` in `commit`'s tree; false when absent.
bool entry_id(git_commit* commit, const std::string& file, git_oid* out) {
  git_tree* t = nullptr;
  if (git_commit_tree(&t, commit) != 0) return false;
  TreePtr tree(t);
  git_tree_entry* e = nullptr;
  if (git_tree_entry_bypath(&e, tree.get(), file.c_str()) != 0) return false;
  *out = *git_tree_entry_id(e);
  git_tree_entry_free(e);
  return true;
}

} // namespace

std::optional<std::string> Repo::read(const std::string& file, std::string* why) const {
  std::lock_guard<std::mutex> guard(write_mutex()); // never a repository half created
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return std::nullopt; // nothing recorded yet
  RepoPtr repo = open_repo(path_, false, why);
  if (!repo) {
    *why = fmt::format("cannot open the releases repository `{}`: {}", path_, git_error_text());
    return std::nullopt;
  }
  git_oid head;
  CommitPtr c = tip(repo.get(), "refs/heads/" + branch_, &head);
  git_oid id;
  if (!c || !entry_id(c.get(), file, &id)) return std::nullopt;
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo.get(), &id) != 0) {
    *why = fmt::format("cannot read `{}` in `{}`: {}", file, path_, git_error_text());
    return std::nullopt;
  }
  BlobPtr blob(b);
  return std::string(static_cast<const char*>(git_blob_rawcontent(b)),
                     static_cast<size_t>(git_blob_rawsize(b)));
}

std::optional<std::string> Repo::write(const std::string& file, const std::string* text,
                                       const std::string& message, std::string* why,
                                       bool* conflict) const {
  std::lock_guard<std::mutex> guard(write_mutex());
  RepoPtr repo = open_repo(path_, true, why, branch_);
  if (!repo) return std::nullopt;
  FileLock lock(std::string(git_repository_path(repo.get())) + "cairn-release.lock");
  if (!lock.ok()) {
    *why = fmt::format("cannot lock the releases repository `{}`", path_);
    return std::nullopt;
  }
  const std::string ref = "refs/heads/" + branch_;
  git_oid head{};
  CommitPtr parent = tip(repo.get(), ref, &head);
  git_index* ix = nullptr;
  if (git_index_new(&ix) != 0) return *why = git_error_text(), std::nullopt;
  IndexPtr index(ix);
  if (parent) {
    git_tree* t = nullptr;
    if (git_commit_tree(&t, parent.get()) != 0 || git_index_read_tree(ix, t) != 0) {
      git_tree_free(t);
      return *why = fmt::format("cannot read the tip of `{}` in `{}`: {}", branch_, path_,
                                git_error_text()),
             std::nullopt;
    }
    git_tree_free(t);
  }
  git_oid old_blob{};
  bool had = parent && entry_id(parent.get(), file, &old_blob);
  if (text) {
    git_oid blob;
    if (git_blob_create_from_buffer(&blob, repo.get(), text->data(), text->size()) != 0)
      return *why = git_error_text(), std::nullopt;
    if (had && git_oid_equal(&blob, &old_blob)) return state::oid_hex(head);
    if (had && conflict) return *conflict = true, std::nullopt;
    git_index_entry e{};
    e.mode = GIT_FILEMODE_BLOB;
    e.id = blob;
    e.path = file.c_str();
    if (git_index_add(ix, &e) != 0) return *why = git_error_text(), std::nullopt;
  } else {
    if (!had) return parent ? state::oid_hex(head) : std::string();
    if (git_index_remove_bypath(ix, file.c_str()) != 0)
      return *why = git_error_text(), std::nullopt;
  }
  git_oid tree_id;
  if (git_index_write_tree_to(&tree_id, ix, repo.get()) != 0)
    return *why = git_error_text(), std::nullopt;
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo.get(), &tree_id) != 0) return *why = git_error_text(), std::nullopt;
  TreePtr tree(t);
  git_signature* s = nullptr;
  if (git_signature_default(&s, repo.get()) != 0) git_signature_now(&s, "cairn", "cairn@localhost");
  SigPtr sig(s);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit;
  if (git_commit_create(&commit, repo.get(), nullptr, sig.get(), sig.get(), "UTF-8",
                        message.c_str(), tree.get(), parent ? 1 : 0, parents) != 0)
    return *why = git_error_text(), std::nullopt;
  git_reference* out = nullptr;
  int rc = parent
               ? git_reference_create_matching(&out, repo.get(), ref.c_str(), &commit, 1, &head,
                                               message.c_str())
               : git_reference_create(&out, repo.get(), ref.c_str(), &commit, 0, message.c_str());
  if (rc != 0)
    return *why = fmt::format("cannot move `{}` in `{}` (moved by another writer?): {}", branch_,
                              path_, git_error_text()),
           std::nullopt;
  git_reference_free(out);
  return state::oid_hex(commit);
}

std::string Repo::last_commit(const std::string& file, std::string* why) const {
  std::lock_guard<std::mutex> guard(write_mutex());
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return {};
  RepoPtr repo = open_repo(path_, false, why);
  if (!repo) return {};
  git_oid head;
  CommitPtr c = tip(repo.get(), "refs/heads/" + branch_, &head);
  git_oid want;
  if (!c || !entry_id(c.get(), file, &want)) return {};
  // First-parent history: the newest commit whose parent holds another blob (or none).
  while (c) {
    git_commit* p = nullptr;
    if (git_commit_parentcount(c.get()) == 0 || git_commit_parent(&p, c.get(), 0) != 0)
      return state::oid_hex(*git_commit_id(c.get()));
    CommitPtr parent(p);
    git_oid before;
    if (!entry_id(p, file, &before) || !git_oid_equal(&before, &want))
      return state::oid_hex(*git_commit_id(c.get()));
    c = std::move(parent);
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> Repo::list(const std::string& dir,
                                                            std::string* why) const {
  std::lock_guard<std::mutex> guard(write_mutex());
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return out;
  RepoPtr repo = open_repo(path_, false, why);
  if (!repo) return out;
  git_oid head;
  CommitPtr c = tip(repo.get(), "refs/heads/" + branch_, &head);
  git_tree* root = nullptr;
  if (!c || git_commit_tree(&root, c.get()) != 0) return out;
  TreePtr root_tree(root);
  git_tree_entry* e = nullptr;
  if (git_tree_entry_bypath(&e, root, dir.c_str()) != 0) return out;
  state::EntryPtr entry(e);
  git_tree* t = nullptr;
  if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
      git_tree_lookup(&t, repo.get(), git_tree_entry_id(e)) != 0)
    return out;
  TreePtr tree(t);
  for (size_t i = 0, n = git_tree_entrycount(t); i < n; ++i) {
    const git_tree_entry* f = git_tree_entry_byindex(t, i);
    if (git_tree_entry_type(f) != GIT_OBJECT_BLOB) continue;
    git_blob* b = nullptr;
    if (git_blob_lookup(&b, repo.get(), git_tree_entry_id(f)) != 0) continue;
    BlobPtr blob(b);
    out.emplace_back(git_tree_entry_name(f),
                     std::string(static_cast<const char*>(git_blob_rawcontent(b)),
                                 static_cast<size_t>(git_blob_rawsize(b))));
  }
  return out;
}

} // namespace cairn::providers::release
