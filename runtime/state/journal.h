// The journal of an apply in progress: an append-only file of JSON lines in the state
// repository, `<gitdir>/cairn-journal/<stack>.jsonl`, one line per finished change:
//   {"put": <record>}   {"remove": "<address>"}   {"outputs": <outputs document, outputs.h>}
// Appending a batch is one write(2), so checkpoints cost microseconds whatever the size of
// the state, and a killed process leaves whole lines (a torn last line is ignored). Readers
// Records and sensitive outputs are journaled sealed, as in commits (secrets.h). Readers
// replay the journal over the stack as committed on `main`; the apply that finishes (or the
// next one) folds it into one commit and removes the file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/resource/record.h"

namespace cairn::state {

struct Snapshot;

struct JournalEntry {
  enum class Kind : uint8_t { Put, Remove, Outputs } kind = Kind::Put;
  resource::ResourceRecord record; // Put
  std::string address;             // Remove
  resource::Value outputs;         // Outputs
  std::vector<std::string> sensitive_outputs; // Outputs: sorted
  std::map<std::string, std::string> sealed_outputs; // Outputs: name -> ciphertext
};

std::string journal_path(const std::string& gitdir, const std::string& stack);
std::string journal_line(const JournalEntry& e);
// Reads a journal; false (with `why`) when it exists but cannot be read. A missing file
// gives no entries; `*digest` identifies the content (empty when there is none).
bool read_journal(const std::string& path, std::vector<JournalEntry>* out, std::string* digest,
                  std::string* why);
// Appends lines with one write to the journal at `path`, opening it into `*fd` (kept open
// for the next appends; the caller closes it) when `*fd` is negative; false (with `why`) on
// failure.
bool append_journal(const std::string& path, int* fd, const std::string& lines, std::string* why);
// Applies journal entries to a snapshot.
void replay(const std::vector<JournalEntry>& entries, Snapshot& snapshot);

} // namespace cairn::state
