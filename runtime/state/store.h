// The state store: deployments recorded in a git repository through libgit2.
//
// Layout of the repository (bare, default `.cairn/state`), on branch `main`:
//   stacks/<stack>/resources/<address>.json   one record per resource (see record.h)
//   stacks/<stack>/outputs.json               the spec's outputs after the last apply (outputs.h)
//   recipients                                who sensitive values are encrypted for (secrets.h)
// Every apply ends in one commit on `main`. While an apply runs, each batch of finished
// actions is first appended to the stack's journal (journal.h), so a crash (even kill -9)
// loses nothing: readers replay the journal over `main` when it exists, and the next apply
// continues from it. The final commit moves `main` by compare-and-swap; when the branch
// moved because another stack was applied meanwhile, the commit is rebuilt on the new head;
// when this stack changed underneath, it fails with a clear error.
//
// Writers (apply, destroy, `state rm|mv`) hold the stack's lock, an flock on
// `<gitdir>/cairn-locks/<stack>.lock`, released by the kernel if the process dies.
// A `Store` is used from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/resource/record.h"

namespace cairn::state {

// Stack names are file and ref name components: [A-Za-z0-9_.-]+, not starting with `.`.
bool valid_stack_name(const std::string& name);

struct Snapshot {
  std::string commit;       // the commit of `main` the stack was read from; empty when none
  // Identifies the stack's content: its tree in that commit (empty when absent), plus
  // `:<journal digest>` when an interrupted apply's journal was replayed over it.
  std::string stack_tree;
  bool interrupted = false; // an interrupted apply's journal was replayed
  std::map<std::string, resource::ResourceRecord> resources; // by address
  resource::Value outputs = resource::Value::object();
  std::vector<std::string> sensitive_outputs; // names in `outputs` marked sensitive, sorted
  // Sensitive outputs no identity opened (their values unknown): name -> ciphertext.
  std::map<std::string, std::string> sealed_outputs;
};

struct LogEntry {
  std::string commit;
  int64_t time = 0; // seconds since the epoch
  std::string message;
};

// The `Key: value` trailers at the end of a commit message, in order (keys repeat, like
// `Cairn-Spec-File`).
std::vector<std::pair<std::string, std::string>> message_trailers(const std::string& message);

// Held while a writer changes a stack.
class Lock {
public:
  explicit Lock(int fd) : fd_(fd) {}
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

private:
  int fd_;
};

class Transaction;

class Store {
public:
  // Opens an existing repository; nullptr with `why` when it cannot be opened. `*missing`
  // is set when nothing exists at `path` (callers treat that as an empty state).
  static std::unique_ptr<Store> open(const std::string& path, bool* missing, std::string* why);
  // Opens the repository, creating a bare one when `path` does not exist.
  static std::unique_ptr<Store> open_or_create(const std::string& path, std::string* why);
  ~Store();

  const std::string& path() const { return path_; }
  // The age identities that open sensitive values when reading (secrets.h); without one,
  // they read as unknowns. Writers seal for the repository's recipients, or for these
  // identities' recipients when the repository has none yet.
  void set_identities(std::vector<std::string> keys) { identities_ = std::move(keys); }
  const std::vector<std::string>& identities() const { return identities_; }
  // The recipients recorded at the root of `main` (empty when none).
  bool recipients(std::vector<std::string>* out, std::string* why);
  // Reads one stack (from the journal when an apply was interrupted).
  bool read(const std::string& stack, Snapshot* out, std::string* why);
  // Takes the stack's lock without waiting; nullptr with `why` naming the holder.
  std::unique_ptr<Lock> lock(const std::string& stack, std::string* why);
  // Folds what an interrupted apply left in the stack's journal into a commit on `main`;
  // the caller holds the stack's lock. Returns the commit, "" when there was nothing to
  // record; nullopt (with `why`) on failure, the journal left as it was.
  std::optional<std::string> recover(const std::string& stack, std::string* why);
  // The stacks on `main`, and those only an interrupted first apply's journal holds, sorted.
  bool stacks(std::vector<std::string>* out, std::string* why);
  // The full hash of the commit `revspec` names (a full or abbreviated hash, `main~2`, any
  // revision libgit2 accepts); nullopt with `why` naming it when there is none.
  std::optional<std::string> resolve(const std::string& revspec, std::string* why);
  // Reads one stack as it was recorded in the commit `revspec` names (no journal: a journal
  // belongs to the branch head). Only reads: works on a repository without write access.
  bool read_at(const std::string& stack, const std::string& revspec, Snapshot* out, std::string* why);
  // Commits of `main` that changed the stack, newest first.
  bool log(const std::string& stack, size_t limit, std::vector<LogEntry>* out, std::string* why);

private:
  friend class Transaction;
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl, std::string path);
  std::unique_ptr<Impl> impl_;
  std::string path_;
  std::vector<std::string> identities_;
};

// A change to one stack: records are staged, checkpointed to the journal, then committed.
class Transaction {
public:
  struct Impl;
  // Starts from the stack's current snapshot; the caller holds the stack's lock.
  static std::unique_ptr<Transaction> begin(Store& store, const std::string& stack,
                                            std::string* why);
  ~Transaction();

  const Snapshot& base() const { return base_; }
  void put(const resource::ResourceRecord& record);
  void remove(const std::string& address);
  // The spec's outputs, `sensitive` naming those never to show (and, in state, stored only
  // encrypted). Without `sensitive`, outputs the base marked sensitive stay so.
  void set_outputs(const resource::Value& outputs, std::vector<std::string> sensitive);
  void set_outputs(const resource::Value& outputs);
  // Appends staged changes to the journal so they survive a crash.
  bool checkpoint(std::string* why);

  // Writing git objects ahead of the commit, while actions run, so the final commit is
  // quick: take the changes whose objects are not written yet, write them (the only step
  // that may run while other threads put records, as long as one thread at a time uses the
  // store), then record what was written.
  struct BlobJob {
    std::string path;
    std::shared_ptr<const std::string> content;
    uint64_t version = 0; // of the staged change it was made from
    std::string oid;      // filled in by write_blobs
  };
  std::vector<BlobJob> blob_jobs() const;
  bool write_blobs(std::vector<BlobJob>& jobs, std::string* why);
  void blobs_written(std::vector<BlobJob> jobs);
  // Ends the transaction with one commit on `main`; returns its id, or an empty string when
  // the stack did not change (no commit is made). The journal is removed either way.
  std::optional<std::string> commit(const std::string& message, std::string* why);

private:
  Transaction(std::unique_ptr<Impl> impl, Snapshot base);
  std::unique_ptr<Impl> impl_;
  Snapshot base_;
};

} // namespace cairn::state

namespace cairn::state {
// The commit of the git checkout holding `path` (a spec file), with "-dirty" appended when
// the checkout has uncommitted changes; nullopt when `path` is not in a git checkout.
std::optional<std::string> source_commit(const std::string& path);
// The checkout holding `dir`, where the spec files `files` (relative to the current folder
// or absolute) live: its HEAD
// commit and whether the deployment is reproducible from it (no tracked file modified, and
// every spec file tracked and unmodified); nullopt when `dir` is not in a git checkout.
struct SourceState {
  std::string commit;
  bool clean = false;
};
std::optional<SourceState> source_state(const std::string& dir, const std::vector<std::string>& files);
} // namespace cairn::state
