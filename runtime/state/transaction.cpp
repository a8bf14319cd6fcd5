// Changing a stack: staging records, journal checkpoints, the final compare-and-swap commit;
// see store.h for the protocol and journal.h for the journal.
#include <unistd.h>

#include <map>

#include <fmt/core.h>

#include "runtime/resource/address.h"
#include "runtime/state/journal.h"
#include "runtime/state/store_impl.h"

namespace cairn::state {

struct Transaction::Impl {
  Store* store = nullptr;
  std::string stack;
  std::string journal;                          // the journal file
  std::optional<git_oid> branch_root;           // root tree of `main` at begin
  std::optional<git_oid> branch_stack_at_begin; // the stack's tree on `main` at begin
  // Every change since `main` (journal replayed included): path -> content, nullopt = remove.
  std::map<std::string, std::optional<std::string>> changes;
  std::string pending; // journal lines not written yet
  // Objects already written for changes: path -> (content, oid).
  std::map<std::string, std::pair<std::string, git_oid>> written;
  int journal_fd = -1;

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
    const std::map<std::string, std::optional<std::string>>& changes,
    const std::map<std::string, std::pair<std::string, git_oid>>& written, std::string* why) {
  TreePtr tree = lookup_tree(repo, base, why);
  if (!tree) return std::nullopt;
  std::vector<git_tree_update> updates;
  updates.reserve(changes.size());
  for (const auto& [path, content] : changes) {
    git_tree_update u{};
    u.path = path.c_str();
    if (content) {
      auto w = written.find(path);
      if (w != written.end() && w->second.first == *content) {
        u.id = w->second.second;
      } else if (git_blob_create_from_buffer(&u.id, repo, content->data(), content->size()) != 0) {
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

std::optional<std::string> outputs_content(const resource::Value& outputs) {
  if (outputs.is_object() && outputs.as_object().empty()) return std::nullopt;
  return resource::to_json(outputs).dump(2, ' ', false, resource::Json::error_handler_t::replace) + "\n";
}

std::string record_content(const resource::ResourceRecord& r) {
  return resource::record_to_json(r).dump(2, ' ', false, resource::Json::error_handler_t::replace) + "\n";
}

void stage(Transaction::Impl& impl, const JournalEntry& e) {
  switch (e.kind) {
  case JournalEntry::Kind::Put: impl.changes[record_path(impl.stack, e.record.address)] = record_content(e.record); break;
  case JournalEntry::Kind::Remove: impl.changes[record_path(impl.stack, e.address)] = std::nullopt; break;
  case JournalEntry::Kind::Outputs: impl.changes[stack_dir(impl.stack) + "/outputs.json"] = outputs_content(e.outputs); break;
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
  JournalEntry e;
  e.kind = JournalEntry::Kind::Outputs;
  e.outputs = outputs;
  stage(*impl_, e);
  impl_->pending += journal_line(e);
}

bool Transaction::checkpoint(std::string* why) {
  if (impl_->pending.empty()) return true;
  if (!append_journal(impl_->journal, &impl_->journal_fd, impl_->pending, why)) return false;
  impl_->pending.clear();
  return true;
}

std::vector<Transaction::BlobJob> Transaction::blob_jobs() const {
  std::vector<BlobJob> jobs;
  for (const auto& [path, content] : impl_->changes) {
    if (!content) continue;
    auto w = impl_->written.find(path);
    if (w != impl_->written.end() && w->second.first == *content) continue;
    jobs.push_back({path, *content, {}});
  }
  return jobs;
}

bool Transaction::write_blobs(std::vector<BlobJob>& jobs, std::string* why) {
  for (BlobJob& j : jobs) {
    git_oid oid;
    if (git_blob_create_from_buffer(&oid, impl_->repo(), j.content.data(), j.content.size()) != 0) {
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
    impl_->written[j.path] = {std::move(j.content), oid};
  }
}

std::optional<std::string> Transaction::commit(const std::string& message, std::string* why) {
  git_repository* repo = impl_->repo();
  auto root = update_tree(repo, impl_->branch_root, impl_->changes, impl_->written, why);
  if (!root) return std::nullopt;
  TreePtr final_tree = lookup_tree(repo, root, why);
  if (!final_tree) return std::nullopt;
  std::optional<git_oid> ours = subtree_oid(repo, final_tree.get(), stack_dir(impl_->stack));
  auto done = [&](std::string id) -> std::optional<std::string> {
    if (impl_->journal_fd >= 0) ::close(impl_->journal_fd);
    impl_->journal_fd = -1;
    ::unlink(impl_->journal.c_str());
    impl_->changes.clear();
    impl_->pending.clear();
    return id;
  };
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::optional<git_oid> head;
    if (!resolve_ref(repo, kBranchRef, &head, why)) return std::nullopt;
    std::optional<git_oid> head_root;
    std::optional<git_oid> theirs;
    if (head) {
      TreePtr t = commit_tree(repo, *head, why);
      if (!t) return std::nullopt;
      head_root = *git_tree_id(t.get());
      theirs = subtree_oid(repo, t.get(), stack_dir(impl_->stack));
    }
    if (!same(theirs, impl_->branch_stack_at_begin)) {
      // Keep what finished in the journal: the next reader replays it.
      checkpoint(why);
      *why = fmt::format("the state of stack `{}` was changed by another writer during this "
                         "apply; the finished actions are kept in the journal",
                         impl_->stack);
      return std::nullopt;
    }
    if (same(ours, theirs)) return done(std::string());
    TreePtr base = lookup_tree(repo, head_root, why);
    if (!base) return std::nullopt;
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
    git_oid new_root;
    if (git_tree_create_updated(&new_root, repo, base.get(), 1, &u) != 0) {
      *why = fmt::format("cannot write the state tree: {}", git_error_text());
      return std::nullopt;
    }
    auto commit = make_commit(repo, new_root, head, message, why);
    if (!commit) return std::nullopt;
    git_reference* ref = nullptr;
    int rc = head ? git_reference_create_matching(&ref, repo, kBranchRef, &*commit, 1, &*head,
                                                  "cairn apply")
                  : git_reference_create(&ref, repo, kBranchRef, &*commit, 0, "cairn apply");
    if (rc == 0) {
      git_reference_free(ref);
      return done(oid_hex(*commit));
    }
    if (rc != GIT_EMODIFIED && rc != GIT_EEXISTS && rc != GIT_ELOCKED) {
      *why = fmt::format("cannot move the state branch: {}", git_error_text());
      return std::nullopt;
    }
    // Another stack's commit landed first: rebuild on the new head.
  }
  *why = "the state branch kept moving; gave up after 50 attempts";
  return std::nullopt;
}

} // namespace cairn::state
