// The state store: opening, reading, locking, history; see store.h. Changes are in
// transaction.cpp.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/core.h>

#include "runtime/resource/address.h"
#include "runtime/state/journal.h"
#include "runtime/state/outputs.h"
#include "runtime/state/secrets.h"
#include "runtime/state/store_impl.h"

namespace cairn::state {

bool valid_stack_name(const std::string& name) {
  if (name.empty() || name[0] == '.' || name.size() > 100) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string::npos && name.back() != '.';
}

std::string stack_dir(const std::string& stack) { return "stacks/" + stack; }

bool resolve_ref(git_repository* repo, const std::string& name, std::optional<git_oid>* out,
                 std::string* why) {
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo, name.c_str());
  if (rc == GIT_ENOTFOUND) {
    out->reset();
    return true;
  }
  if (rc != 0) {
    *why = fmt::format("cannot read `{}`: {}", name, git_error_text());
    return false;
  }
  *out = oid;
  return true;
}

bool find_subtree(git_repository* repo, git_tree* root, const std::string& path, std::optional<git_oid>* out,
                  std::string* why) {
  out->reset();
  if (!root) return true;
  // One component at a time, so an absent entry (nullopt) and a missing object (an error
  // naming it) are told apart: a damaged repository never reads as an empty stack.
  TreePtr owned;
  git_tree* tree = root;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string name = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    const git_tree_entry* e = git_tree_entry_byname(tree, name.c_str());
    if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) return true;
    git_oid id = *git_tree_entry_id(e);
    std::string here = path.substr(0, slash);
    if (slash == std::string::npos) {
      // The last tree must be readable too.
      git_tree* last = nullptr;
      if (git_tree_lookup(&last, repo, &id) != 0) {
        *why = damaged_text(repo, fmt::format("the tree of `{}` (object {})", here, oid_hex(id)));
        return false;
      }
      git_tree_free(last);
      *out = id;
      return true;
    }
    git_tree* next = nullptr;
    if (git_tree_lookup(&next, repo, &id) != 0) {
      *why = damaged_text(repo, fmt::format("the tree of `{}` (object {})", here, oid_hex(id)));
      return false;
    }
    owned.reset(next);
    tree = next;
    start = slash + 1;
  }
  return true;
}

std::optional<git_oid> subtree_oid(git_repository* repo, git_tree* root, const std::string& path) {
  std::optional<git_oid> out;
  std::string why;
  if (!find_subtree(repo, root, path, &out, &why)) return std::nullopt;
  return out;
}

std::string damaged_text(git_repository* repo, const std::string& what) {
  const char* dir = git_repository_path(repo);
  return fmt::format("the state repository `{}` is damaged: {} is missing or unreadable ({})", dir ? dir : "?", what,
                     git_error_text());
}

TreePtr commit_tree(git_repository* repo, const git_oid& commit, std::string* why) {
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &commit) != 0) {
    *why = damaged_text(repo, fmt::format("commit {}", oid_hex(commit)));
    return nullptr;
  }
  CommitPtr owned(c);
  git_tree* t = nullptr;
  if (git_commit_tree(&t, c) != 0) {
    *why = damaged_text(repo, fmt::format("the root tree of commit {}", oid_hex(commit)));
    return nullptr;
  }
  return TreePtr(t);
}

namespace {

bool read_blob_text(git_repository* repo, const git_oid& oid, std::string* out, std::string* why) {
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo, &oid) != 0) {
    *why = damaged_text(repo, fmt::format("object {}", oid_hex(oid)));
    return false;
  }
  BlobPtr blob(b);
  out->assign(static_cast<const char*>(git_blob_rawcontent(b)),
              static_cast<size_t>(git_blob_rawsize(b)));
  return true;
}

} // namespace

bool read_stack(git_repository* repo, git_tree* root, const std::string& stack, Snapshot* out,
                std::string* why) {
  out->resources.clear();
  out->outputs = resource::Value::object();
  out->sensitive_outputs.clear();
  out->sealed_outputs.clear();
  std::optional<git_oid> dir, res;
  if (!find_subtree(repo, root, stack_dir(stack), &dir, why)) return false;
  out->stack_tree = dir ? oid_hex(*dir) : "";
  if (!dir) return true;
  if (!find_subtree(repo, root, stack_dir(stack) + "/resources", &res, why)) return false;
  if (res) {
    git_tree* t = nullptr;
    if (git_tree_lookup(&t, repo, &*res) != 0) {
      *why = damaged_text(repo, fmt::format("the tree of `stacks/{}/resources`", stack));
      return false;
    }
    TreePtr tree(t);
    size_t n = git_tree_entrycount(t);
    std::string text;
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(t, i);
      std::string name = git_tree_entry_name(e);
      if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
      auto address = resource::file_stem_to_address(name.substr(0, name.size() - 5));
      std::string what;
      if (!read_blob_text(repo, *git_tree_entry_id(e), &text, &what)) {
        *why = damaged_text(repo, fmt::format("`stacks/{}/resources/{}` (object {})", stack, name,
                                              oid_hex(*git_tree_entry_id(e))));
        return false;
      }
      auto json = resource::parse_json_text(text, &what);
      auto record = json ? resource::record_from_json(*json, &what) : std::nullopt;
      if (!record) {
        *why = fmt::format("`stacks/{}/resources/{}` in state is malformed: {}", stack, name, what);
        return false;
      }
      if (!address || *address != record->address) {
        *why = fmt::format("`stacks/{}/resources/{}` in state records address `{}`", stack, name,
                           record->address);
        return false;
      }
      out->resources.emplace(record->address, std::move(*record));
    }
  }
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, root, (stack_dir(stack) + "/outputs.json").c_str()) == 0) {
    EntryPtr entry(raw);
    std::string text, what;
    if (!read_blob_text(repo, *git_tree_entry_id(raw), &text, &what)) {
      *why = damaged_text(repo, fmt::format("`stacks/{}/outputs.json` (object {})", stack,
                                            oid_hex(*git_tree_entry_id(raw))));
      return false;
    }
    auto json = resource::parse_json_text(text, &what);
    auto stored = json ? outputs_from_json(*json, &what) : std::nullopt;
    if (!stored || !stored->values.is_object()) {
      *why = fmt::format("the outputs of stack `{}` in state are malformed: {}", stack, what);
      return false;
    }
    out->outputs = std::move(stored->values);
    out->sensitive_outputs = std::move(stored->sensitive);
    out->sealed_outputs = std::move(stored->sealed);
  }
  return true;
}

SigPtr state_signature(git_repository* repo) {
  git_signature* s = nullptr;
  if (git_signature_default(&s, repo) == 0) return SigPtr(s);
  git_signature_now(&s, "cairn", "cairn@localhost");
  return SigPtr(s);
}

Store::Store(std::unique_ptr<Impl> impl, std::string path)
    : impl_(std::move(impl)), path_(std::move(path)) {}
Store::~Store() = default;

namespace {

bool empty_directory(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec) && std::filesystem::is_empty(path, ec) && !ec;
}

} // namespace

std::unique_ptr<Store> Store::open(const std::string& path, bool* missing, std::string* why) {
  git_init_once();
  *missing = false;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || empty_directory(path)) {
    *missing = true;
    *why = fmt::format("no state repository at `{}`", path);
    return nullptr;
  }
  // Repositories appear whole (open_or_create renames them into place), so there is no
  // half-made one to wait for.
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    *why = fmt::format("`{}` is not a git repository: {}", path, git_error_text());
    return nullptr;
  }
  RepoPtr repo(r);
  if (!git_repository_is_bare(r)) {
    // Committing into a checkout would leave its work tree and index behind the branch.
    *why = fmt::format("`{}` is a git checkout with a work tree, not a state repository (cairn keeps state "
                       "in a bare repository, `.cairn/state` by default)",
                       path);
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->gitdir = git_repository_path(r);
  impl->repo = std::move(repo);
  return std::unique_ptr<Store>(new Store(std::move(impl), path));
}

std::unique_ptr<Store> Store::open_or_create(const std::string& path, std::string* why) {
  git_init_once();
  bool missing = false;
  auto store = open(path, &missing, why);
  if (store || !missing) return store;
  // Made in a folder of its own beside `path`, then renamed into place: concurrent first
  // applies never see (or write into) a half-made repository, and exactly one rename wins.
  std::error_code ec;
  std::filesystem::path target = std::filesystem::absolute(path, ec);
  if (!ec && target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  std::string tmp = fmt::format("{}.cairn-tmp-{}-{}-{:08x}", target.string(), getpid(), counter++, rd());
  git_repository* r = nullptr;
  git_repository_init_options opts;
  git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = "main";
  opts.description = "cairn deployment state";
  if (git_repository_init_ext(&r, tmp.c_str(), &opts) != 0) {
    *why = fmt::format("cannot create a state repository at `{}`: {}", path, git_error_text());
    std::filesystem::remove_all(tmp, ec);
    return nullptr;
  }
  git_repository_free(r);
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int err = errno;
    std::filesystem::remove_all(tmp, ec);
    if (err != ENOTEMPTY && err != EEXIST) {
      *why = fmt::format("cannot create a state repository at `{}`: {}", path, std::strerror(err));
      return nullptr;
    }
    // Another process created it first: use theirs.
  }
  return open(path, &missing, why);
}

namespace {

// Opens what `identities` can of a snapshot's sealed records and outputs (secrets.h).
void open_secrets(Snapshot& s, const std::vector<std::string>& identities) {
  for (auto& [address, r] : s.resources) unseal_record(r, identities);
  if (s.sealed_outputs.empty()) return;
  StoredOutputs o{std::move(s.outputs), s.sensitive_outputs, std::move(s.sealed_outputs)};
  open_outputs(o, identities);
  s.outputs = std::move(o.values);
  s.sealed_outputs = std::move(o.sealed);
}

} // namespace

bool Store::read(const std::string& stack, Snapshot* out, std::string* why) {
  git_repository* repo = impl_->repo.get();
  std::optional<git_oid> head;
  if (!resolve_ref(repo, kBranchRef, &head, why)) return false;
  *out = Snapshot{};
  if (head) {
    out->commit = oid_hex(*head);
    TreePtr root = commit_tree(repo, *head, why);
    if (!root || !read_stack(repo, root.get(), stack, out, why)) return false;
  }
  std::vector<JournalEntry> entries;
  std::string digest;
  if (!read_journal(journal_path(impl_->gitdir, stack), &entries, &digest, why)) return false;
  if (!entries.empty()) {
    replay(entries, *out);
    out->interrupted = true;
    out->stack_tree += ":" + digest;
  }
  // Sensitive values are opened here, after the journal: both hold them sealed.
  open_secrets(*out, identities_);
  return true;
}

bool Store::recipients(std::vector<std::string>* out, std::string* why) {
  out->clear();
  git_repository* repo = impl_->repo.get();
  std::optional<git_oid> head;
  if (!resolve_ref(repo, kBranchRef, &head, why)) return false;
  if (!head) return true;
  TreePtr root = commit_tree(repo, *head, why);
  if (!root) return false;
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, root.get(), "recipients") != 0) return true;
  EntryPtr entry(raw);
  std::string text, what;
  if (!read_blob_text(repo, *git_tree_entry_id(raw), &text, &what)) {
    *why = damaged_text(repo, "`recipients`");
    return false;
  }
  if (!parse_recipients(text, out, &what)) {
    *why = fmt::format("the state repository's {}", what);
    return false;
  }
  return true;
}

std::optional<std::string> Store::resolve(const std::string& revspec, std::string* why) {
  git_repository* repo = impl_->repo.get();
  git_object* obj = nullptr;
  if (revspec.empty() || git_revparse_single(&obj, repo, revspec.c_str()) != 0) {
    *why = fmt::format("`{}` is not a commit of the state repository `{}` ({})", revspec, path_, git_error_text());
    return std::nullopt;
  }
  git_object* peeled = nullptr;
  int rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
  git_object_free(obj);
  if (rc != 0) {
    *why = fmt::format("`{}` does not name a commit of the state repository `{}`", revspec, path_);
    return std::nullopt;
  }
  std::string hex = oid_hex(*git_object_id(peeled));
  git_object_free(peeled);
  return hex;
}

bool Store::read_at(const std::string& stack, const std::string& revspec, Snapshot* out, std::string* why) {
  auto hex = resolve(revspec, why);
  if (!hex) return false;
  git_oid oid;
  oid_parse(*hex, &oid);
  *out = Snapshot{};
  out->commit = *hex;
  TreePtr root = commit_tree(impl_->repo.get(), oid, why);
  if (!root || !read_stack(impl_->repo.get(), root.get(), stack, out, why)) return false;
  open_secrets(*out, identities_);
  return true;
}

Lock::~Lock() {
  if (fd_ >= 0) close(fd_);
}

std::unique_ptr<Lock> Store::lock(const std::string& stack, std::string* why) {
  std::string dir = impl_->gitdir + "cairn-locks";
  mkdir(dir.c_str(), 0755);
  std::string path = dir + "/" + stack + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *why = fmt::format("cannot open the lock file `{}`: {}", path, std::strerror(errno));
    return nullptr;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[64] = {};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "another process";
    close(fd);
    *why = fmt::format("stack `{}` is locked by {} (an apply or state change is running)", stack,
                       holder);
    return nullptr;
  }
  std::string me = fmt::format("process {}", getpid());
  if (ftruncate(fd, 0) == 0 && pwrite(fd, me.data(), me.size(), 0) < 0) {
    // The holder's name is only informative.
  }
  return std::make_unique<Lock>(fd);
}

bool Store::stacks(std::vector<std::string>* out, std::string* why) {
  git_repository* repo = impl_->repo.get();
  out->clear();
  std::optional<git_oid> head;
  if (!resolve_ref(repo, kBranchRef, &head, why)) return false;
  if (head) {
    TreePtr root = commit_tree(repo, *head, why);
    if (!root) return false;
    std::optional<git_oid> dir;
    if (!find_subtree(repo, root.get(), "stacks", &dir, why)) return false;
    if (dir) {
      git_tree* t = nullptr;
      if (git_tree_lookup(&t, repo, &*dir) != 0) {
        *why = damaged_text(repo, "the tree of `stacks`");
        return false;
      }
      TreePtr tree(t);
      for (size_t i = 0, n = git_tree_entrycount(t); i < n; ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(t, i);
        if (git_tree_entry_type(e) == GIT_OBJECT_TREE) out->push_back(git_tree_entry_name(e));
      }
    }
  }
  std::error_code ec;
  for (std::filesystem::directory_iterator it(impl_->gitdir + "cairn-journal", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0) out->push_back(name.substr(0, name.size() - 6));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return true;
}

bool Store::log(const std::string& stack, size_t limit, std::vector<LogEntry>* out,
                std::string* why) {
  git_repository* repo = impl_->repo.get();
  std::optional<git_oid> head;
  if (!resolve_ref(repo, kBranchRef, &head, why)) return false;
  out->clear();
  std::optional<git_oid> cur = head;
  while (cur && out->size() < limit) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo, &*cur) != 0) {
      *why = git_error_text();
      return false;
    }
    CommitPtr commit(c);
    TreePtr tree = commit_tree(repo, *cur, why);
    if (!tree) return false;
    auto mine = subtree_oid(repo, tree.get(), stack_dir(stack));
    std::optional<git_oid> parent;
    std::optional<git_oid> theirs;
    if (git_commit_parentcount(c) > 0) {
      parent = *git_commit_parent_id(c, 0);
      TreePtr ptree = commit_tree(repo, *parent, why);
      if (!ptree) return false;
      theirs = subtree_oid(repo, ptree.get(), stack_dir(stack));
    }
    bool changed = mine.has_value() != theirs.has_value() ||
                   (mine && git_oid_cmp(&*mine, &*theirs) != 0);
    if (changed) {
      out->push_back({oid_hex(*cur), static_cast<int64_t>(git_commit_time(c)),
                      git_commit_message(c) ? git_commit_message(c) : ""});
    }
    cur = parent;
  }
  return true;
}

} // namespace cairn::state
