// Changing a stack: staging records, journal checkpoints, the final compare-and-swap commit;
// see store.h for the protocol and journal.h for the journal.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <thread>

#include <fmt/core.h>

#include "providers/secret/age.h"
#include "runtime/resource/address.h"
#include "runtime/resource/json_writer.h"
#include "runtime/state/journal.h"
#include "runtime/state/outputs.h"
#include "runtime/state/secrets.h"
#include "runtime/state/store_impl.h"

namespace cairn::state {

struct Transaction::Impl {
  Store* store = nullptr;
  std::string stack;
  std::string journal;                          // the journal file
  std::optional<git_oid> branch_root;           // root tree of `main` at begin
  std::optional<git_oid> branch_stack_at_begin; // the stack's tree on `main` at begin
  // Every change since `main` (journal replayed included), by path. Once a change's blob is
  // written its text is dropped (the object holds it), so a large record is kept once.
  struct Change {
    bool remove = false;
    std::shared_ptr<const std::string> content;
    uint64_t version = 0; // which staging of the path the blob was written for
    std::optional<git_oid> blob;
  };
  std::map<std::string, Change> changes;
  uint64_t versions = 0;
  std::string pending; // journal lines not written yet
  int journal_fd = -1;
  // Who sensitive values are sealed for; `recipients_file` is the `recipients` file to add
  // at the root when the repository has none yet (secrets.h).
  std::vector<std::string> recipients;
  std::optional<std::string> recipients_file;
  std::string seal_error; // the first record or output that could not be sealed

  ~Impl() {
    if (journal_fd >= 0) ::close(journal_fd);
  }

  git_repository* repo() const { return store->impl_->repo.get(); }
};

namespace {

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || git_oid_cmp(&*a, &*b) == 0;
}

TreePtr lookup_tree(git_repository* repo, const std::optional<git_oid>& oid, std::string* why) {
  git_tree* t = nullptr;
  if (oid) {
    if (git_tree_lookup(&t, repo, &*oid) != 0) {
      *why = git_error_text();
      return nullptr;
    }
    return TreePtr(t);
  }
  git_treebuilder* b = nullptr;
  git_oid empty;
  if (git_treebuilder_new(&b, repo, nullptr) != 0 || git_treebuilder_write(&empty, b) != 0) {
    if (b) git_treebuilder_free(b);
    *why = git_error_text();
    return nullptr;
  }
  git_treebuilder_free(b);
  if (git_tree_lookup(&t, repo, &empty) != 0) {
    *why = git_error_text();
    return nullptr;
  }
  return TreePtr(t);
}

bool has_path(git_tree* tree, const std::string& path) {
  git_tree_entry* e = nullptr;
  if (git_tree_entry_bypath(&e, tree, path.c_str()) != 0) return false;
  git_tree_entry_free(e);
  return true;
}

// Applies path updates (file contents, or removal) to a tree; returns the new tree's oid.
std::optional<git_oid> update_tree(
    git_repository* repo, const std::optional<git_oid>& base,
    const std::map<std::string, Transaction::Impl::Change>& changes, std::string* why) {
  TreePtr tree = lookup_tree(repo, base, why);
  if (!tree) return std::nullopt;
  std::vector<git_tree_update> updates;
  updates.reserve(changes.size());
  for (const auto& [path, change] : changes) {
    git_tree_update u{};
    u.path = path.c_str();
    if (!change.remove) {
      if (change.blob) {
        u.id = *change.blob;
      } else if (git_blob_create_from_buffer(&u.id, repo, change.content->data(), change.content->size()) != 0) {
        *why = fmt::format("cannot write `{}` to state: {}", path, git_error_text());
        return std::nullopt;
      }
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.filemode = GIT_FILEMODE_BLOB;
    } else {
      if (!has_path(tree.get(), path)) continue;
      u.action = GIT_TREE_UPDATE_REMOVE;
    }
    updates.push_back(u);
  }
  git_oid out;
  if (git_tree_create_updated(&out, repo, tree.get(), updates.size(), updates.data()) != 0) {
    *why = fmt::format("cannot write the state tree: {}", git_error_text());
    return std::nullopt;
  }
  return out;
}

std::optional<git_oid> make_commit(git_repository* repo, const git_oid& tree_oid,
                                   const std::optional<git_oid>& parent, const std::string& message,
                                   std::string* why) {
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo, &tree_oid) != 0) {
    *why = git_error_text();
    return std::nullopt;
  }
  TreePtr tree(t);
  CommitPtr parent_commit;
  const git_commit* parents[1] = {nullptr};
  if (parent) {
    git_commit* p = nullptr;
    if (git_commit_lookup(&p, repo, &*parent) != 0) {
      *why = git_error_text();
      return std::nullopt;
    }
    parent_commit.reset(p);
    parents[0] = p;
  }
  SigPtr sig = state_signature(repo);
  git_oid out;
  if (git_commit_create(&out, repo, nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(), t,
                        parent ? 1 : 0, parents) != 0) {
    *why = fmt::format("cannot write a state commit: {}", git_error_text());
    return std::nullopt;
  }
  return out;
}

std::string record_path(const std::string& stack, const std::string& address) {
  return fmt::format("{}/resources/{}.json", stack_dir(stack), resource::address_to_file_stem(address));
}

std::optional<std::string> outputs_content(const resource::Value& outputs, const std::vector<std::string>& sensitive,
                                           const std::map<std::string, std::string>& sealed) {
  if (outputs.is_object() && outputs.as_object().empty()) return std::nullopt;
  std::string out;
  resource::JsonWriter w(out);
  write_outputs(w, outputs, sensitive, sealed);
  out += '\n';
  return out;
}

std::string record_content(const resource::ResourceRecord& r) {
  return resource::record_text(r);
}

void set_change(Transaction::Impl& impl, const std::string& path, std::optional<std::string> content) {
  Transaction::Impl::Change& c = impl.changes[path];
  c.remove = !content;
  c.content = content ? std::make_shared<const std::string>(std::move(*content)) : nullptr;
  c.version = ++impl.versions;
  c.blob.reset();
}

void stage(Transaction::Impl& impl, const JournalEntry& e) {
  switch (e.kind) {
  case JournalEntry::Kind::Put: set_change(impl, record_path(impl.stack, e.record.address), record_content(e.record)); break;
  case JournalEntry::Kind::Remove: set_change(impl, record_path(impl.stack, e.address), std::nullopt); break;
  case JournalEntry::Kind::Outputs: set_change(impl, stack_dir(impl.stack) + "/outputs.json", outputs_content(e.outputs, e.sensitive_outputs, e.sealed_outputs)); break;
  }
}

} // namespace

Transaction::Transaction(std::unique_ptr<Impl> impl, Snapshot base)
    : impl_(std::move(impl)), base_(std::move(base)) {}
Transaction::~Transaction() = default;

std::unique_ptr<Transaction> Transaction::begin(Store& store, const std::string& stack,
                                                std::string* why) {
  auto impl = std::make_unique<Impl>();
  impl->store = &store;
  impl->stack = stack;
  impl->journal = journal_path(store.impl_->gitdir, stack);
  git_repository* repo = impl->repo();
  Snapshot base;
  if (!store.read(stack, &base, why)) return nullptr;
  std::optional<git_oid> branch;
  if (!resolve_ref(repo, kBranchRef, &branch, why)) return nullptr;
  if (branch) {
    TreePtr t = commit_tree(repo, *branch, why);
    if (!t) return nullptr;
    impl->branch_root = *git_tree_id(t.get());
    impl->branch_stack_at_begin = subtree_oid(repo, t.get(), stack_dir(stack));
  }
  if (!store.recipients(&impl->recipients, why)) return nullptr;
  if (impl->recipients.empty()) {
    std::string file = "# age recipients of the sensitive values in this state repository (one age1... per line)\n";
    for (const std::string& key : store.identities())
      if (auto r = age::recipient_of(key)) {
        impl->recipients.push_back(*r);
        file += *r + "\n";
      }
    if (!impl->recipients.empty()) impl->recipients_file = std::move(file);
  }
  // What an interrupted apply journaled becomes part of this transaction's commit.
  std::vector<JournalEntry> entries;
  std::string digest;
  if (!read_journal(impl->journal, &entries, &digest, why)) return nullptr;
  for (const JournalEntry& e : entries) stage(*impl, e);
  return std::unique_ptr<Transaction>(new Transaction(std::move(impl), std::move(base)));
}

void Transaction::put(const resource::ResourceRecord& record) {
  JournalEntry e;
  e.kind = JournalEntry::Kind::Put;
  e.record = record;
  // Plans never carry ciphertext: a record whose sealed values were not opened takes it back
  // from the state this transaction started from.
  if (!e.record.sealed)
    if (auto it = base_.resources.find(record.address); it != base_.resources.end() && it->second.sealed)
      e.record.sealed = it->second.sealed;
  std::string why;
  if (!seal_record(e.record, impl_->recipients, &why)) {
    if (impl_->seal_error.empty()) impl_->seal_error = why;
    return;
  }
  stage(*impl_, e);
  impl_->pending += journal_line(e);
}

void Transaction::remove(const std::string& address) {
  JournalEntry e;
  e.kind = JournalEntry::Kind::Remove;
  e.address = address;
  stage(*impl_, e);
  impl_->pending += journal_line(e);
}

void Transaction::set_outputs(const resource::Value& outputs) {
  std::vector<std::string> kept;
  for (const std::string& name : base_.sensitive_outputs)
    if (outputs.is_object() && outputs.get(name)) kept.push_back(name);
  set_outputs(outputs, std::move(kept));
}

void Transaction::set_outputs(const resource::Value& outputs, std::vector<std::string> sensitive) {
  std::sort(sensitive.begin(), sensitive.end());
  sensitive.erase(std::unique(sensitive.begin(), sensitive.end()), sensitive.end());
  std::erase_if(sensitive, [&](const std::string& n) { return !outputs.is_object() || !outputs.get(n); });
  JournalEntry e;
  e.kind = JournalEntry::Kind::Outputs;
  e.outputs = outputs;
  e.sensitive_outputs = std::move(sensitive);
  std::string why;
  if (!seal_outputs(outputs, e.sensitive_outputs, impl_->recipients, base_.sealed_outputs, &e.sealed_outputs, &why)) {
    if (impl_->seal_error.empty()) impl_->seal_error = why;
    return;
  }
  stage(*impl_, e);
  impl_->pending += journal_line(e);
}

bool Transaction::checkpoint(std::string* why) {
  if (!impl_->seal_error.empty()) {
    *why = impl_->seal_error;
    return false;
  }
  if (impl_->pending.empty()) return true;
  if (!append_journal(impl_->journal, &impl_->journal_fd, impl_->pending, why)) return false;
  impl_->pending.clear();
  return true;
}

std::vector<Transaction::BlobJob> Transaction::blob_jobs() const {
  std::vector<BlobJob> jobs;
  for (const auto& [path, change] : impl_->changes) {
    if (change.remove || change.blob) continue;
    jobs.push_back({path, change.content, change.version, {}});
  }
  return jobs;
}

bool Transaction::write_blobs(std::vector<BlobJob>& jobs, std::string* why) {
  for (BlobJob& j : jobs) {
    git_oid oid;
    if (git_blob_create_from_buffer(&oid, impl_->repo(), j.content->data(), j.content->size()) != 0) {
      *why = fmt::format("cannot write `{}` to state: {}", j.path, git_error_text());
      return false;
    }
    j.oid = oid_hex(oid);
  }
  return true;
}

void Transaction::blobs_written(std::vector<BlobJob> jobs) {
  for (BlobJob& j : jobs) {
    git_oid oid;
    if (!oid_parse(j.oid, &oid)) continue;
    auto c = impl_->changes.find(j.path);
    if (c == impl_->changes.end() || c->second.version != j.version) continue; // staged again since
    c->second.blob = oid;
    c->second.content.reset();
  }
}

namespace {

// Serializes moves of `main` among cairn processes. libgit2 checks that a ref it creates
// does not exist before it takes the ref's own lock, so two first commits could both
// "create" `main` and one would be left dangling; under this flock the check and the write
// are one step. Held for the few milliseconds of a commit; released by the kernel if the
// process dies. Not a valid stack name, so no stack's lock file can collide with it.
class BranchLock {
public:
  ~BranchLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool take(const std::string& gitdir, std::string* why) {
    std::string dir = gitdir + "cairn-locks";
    mkdir(dir.c_str(), 0755);
    std::string path = dir + "/.branch.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      *why = fmt::format("cannot open the lock file `{}`: {}", path, std::strerror(errno));
      return false;
    }
    while (flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      *why = fmt::format("cannot lock `{}`: {}", path, std::strerror(errno));
      return false;
    }
    return true;
  }

private:
  int fd_ = -1;
};

// Sleeps before retry `attempt` (0-based): exponential from 2 ms up to 1 s, with jitter so
// writers that collided do not collide again.
void backoff(int attempt) {
  thread_local std::mt19937 rng(std::random_device{}());
  double base = 2.0 * static_cast<double>(1u << std::min(attempt, 9));
  double ms = std::min(1000.0, base) * std::uniform_real_distribution<double>(0.5, 1.5)(rng);
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(ms * 1000)));
}

// A `refs/heads/main.lock` left by a process killed while moving the branch blocks every
// later move; under the branch lock no cairn process is writing it, so an old one is stale.
void remove_stale_ref_lock(const std::string& gitdir) {
  std::string path = gitdir + kBranchRef + std::string(".lock");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && std::time(nullptr) - st.st_mtime > 10) ::unlink(path.c_str());
}

constexpr int kCommitSeconds = 300; // how long a commit keeps retrying before giving up

} // namespace

std::optional<std::string> Transaction::commit(const std::string& message, std::string* why) {
  git_repository* repo = impl_->repo();
  const std::string kept = "; the finished actions are kept in the journal and the next apply records them";
  // Everything staged is in the journal before the branch is touched: whatever happens
  // next, nothing finished is lost.
  if (!checkpoint(why)) return std::nullopt;
  auto fail = [&](std::string m) -> std::optional<std::string> {
    *why = m + kept;
    return std::nullopt;
  };
  auto root = update_tree(repo, impl_->branch_root, impl_->changes, why);
  if (!root) return fail(*why);
  TreePtr final_tree = lookup_tree(repo, root, why);
  if (!final_tree) return fail(*why);
  std::optional<git_oid> ours;
  if (!find_subtree(repo, final_tree.get(), stack_dir(impl_->stack), &ours, why)) return fail(*why);
  auto done = [&](std::string id) -> std::optional<std::string> {
    if (impl_->journal_fd >= 0) ::close(impl_->journal_fd);
    impl_->journal_fd = -1;
    ::unlink(impl_->journal.c_str());
    impl_->changes.clear();
    impl_->pending.clear();
    return id;
  };
  std::optional<git_oid> recipients_blob;
  if (impl_->recipients_file) {
    git_oid oid;
    if (git_blob_create_from_buffer(&oid, repo, impl_->recipients_file->data(), impl_->recipients_file->size()) != 0)
      return fail(fmt::format("cannot write `recipients` to state: {}", git_error_text()));
    recipients_blob = oid;
  }
  BranchLock branch_lock;
  if (!branch_lock.take(impl_->store->impl_->gitdir, why)) return fail(*why);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kCommitSeconds);
  for (int attempt = 0;; ++attempt) {
    std::optional<git_oid> head;
    if (!resolve_ref(repo, kBranchRef, &head, why)) return fail(*why);
    std::optional<git_oid> head_root;
    std::optional<git_oid> theirs;
    if (head) {
      TreePtr t = commit_tree(repo, *head, why);
      if (!t) return fail(*why);
      head_root = *git_tree_id(t.get());
      if (!find_subtree(repo, t.get(), stack_dir(impl_->stack), &theirs, why)) return fail(*why);
    }
    if (!same(theirs, impl_->branch_stack_at_begin))
      return fail(fmt::format("the state of stack `{}` was changed by another writer during this apply",
                              impl_->stack));
    if (same(ours, theirs)) return done(std::string());
    TreePtr base = lookup_tree(repo, head_root, why);
    if (!base) return fail(*why);
    git_tree_update u{};
    std::string path = stack_dir(impl_->stack);
    u.path = path.c_str();
    if (ours) {
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.filemode = GIT_FILEMODE_TREE;
      u.id = *ours;
    } else {
      u.action = GIT_TREE_UPDATE_REMOVE;
    }
    git_tree_update updates[2] = {u, {}};
    size_t n_updates = 1;
    // The first writer records the recipients (unless another writer did meanwhile).
    if (recipients_blob && !has_path(base.get(), "recipients")) {
      updates[1].action = GIT_TREE_UPDATE_UPSERT;
      updates[1].filemode = GIT_FILEMODE_BLOB;
      updates[1].id = *recipients_blob;
      updates[1].path = "recipients";
      n_updates = 2;
    }
    git_oid new_root;
    if (git_tree_create_updated(&new_root, repo, base.get(), n_updates, updates) != 0)
      return fail(fmt::format("cannot write the state tree: {}", git_error_text()));
    auto commit = make_commit(repo, new_root, head, message, why);
    if (!commit) return fail(*why);
    git_reference* ref = nullptr;
    int rc = head ? git_reference_create_matching(&ref, repo, kBranchRef, &*commit, 1, &*head,
                                                  "cairn apply")
                  : git_reference_create(&ref, repo, kBranchRef, &*commit, 0, "cairn apply");
    if (rc == 0) {
      git_reference_free(ref);
      return done(oid_hex(*commit));
    }
    if (rc != GIT_EMODIFIED && rc != GIT_EEXISTS && rc != GIT_ELOCKED)
      return fail(fmt::format("cannot move the state branch: {}", git_error_text()));
    // Someone outside cairn moved or locked the branch: retry on the new head.
    if (rc == GIT_ELOCKED) remove_stale_ref_lock(impl_->store->impl_->gitdir);
    if (std::chrono::steady_clock::now() > deadline)
      return fail(fmt::format("the state branch stayed locked or kept moving for {} seconds", kCommitSeconds));
    backoff(attempt);
  }
}

std::optional<std::string> Store::recover(const std::string& stack, std::string* why) {
  std::vector<JournalEntry> entries;
  std::string digest;
  if (!read_journal(journal_path(impl_->gitdir, stack), &entries, &digest, why)) return std::nullopt;
  if (entries.empty()) return std::string();
  auto tx = Transaction::begin(*this, stack, why);
  if (!tx) return std::nullopt;
  return tx->commit(fmt::format("record an interrupted apply\n\nCairn-Stack: {}\n", stack), why);
}

} // namespace cairn::state
