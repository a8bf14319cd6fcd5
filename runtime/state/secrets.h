// Secrets in state: the sensitive values of records and outputs are stored only as age
// ciphertext (age-encryption.org/v1, providers/secret/age.h) for the state repository's
// recipients, and opened with the user's identity when state is read.
//
//   recipients  the file `recipients` at the root of the state repository's tree on `main`:
//               one `age1...` per line (`#` comments); written by the first apply that finds
//               none, with the recipient of the identity in use.
//   identity    CAIRN_AGE_IDENTITY (an `AGE-SECRET-KEY-1...` string, or the path of a key
//               file as age-keygen writes it); else the default key file `age-identity.txt`
//               in the folder holding the state repository (`.cairn/age-identity.txt` for
//               the default `.cairn/state`), created with mode 0600 by the first writer.
//
// A record's sealed attributes (record.h, `Sealed`) are those of its `sensitive` list; an
// output's sealed value is `{"sensitive": true, "age": "<base64>"}` (outputs.h). Reading
// without an identity that opens them leaves the values unknown (`Value::unknown`) and the
// ciphertext in place, so the record can be written back unchanged; unsealing never fails.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/resource/record.h"

namespace cairn::state {

struct Identity {
  std::vector<std::string> keys; // AGE-SECRET-KEY-1... (none when not configured)
  std::string origin;            // "CAIRN_AGE_IDENTITY" or the key file, for messages
  std::string default_file;      // the default key file for this state repository
};

// The identity for the state repository at `state_path`: CAIRN_AGE_IDENTITY, else the
// default key file (created when `create` and missing). False (with `why`) when the variable
// or the file holds no valid identity, or the file cannot be created.
bool load_identity(const std::string& state_path, bool create, Identity* out, std::string* why);

// `age1...` lines of a recipients file (comments and blank lines skipped); false (with
// `why`) on a line that is not a recipient.
bool parse_recipients(const std::string& text, std::vector<std::string>* out, std::string* why);

// Seals `r` for writing: moves the values of its sensitive inputs and outputs into
// `r.sealed`. A record whose sensitive values are unknown (read without an identity) keeps
// the ciphertext it was read with. False (with `why`) when there are no recipients, or when
// some sealed values are unknown and others changed (they cannot be sealed together).
bool seal_record(resource::ResourceRecord& r, const std::vector<std::string>& recipients, std::string* why);
// Opens `r.sealed` with `identities`: the values are put back and `sealed` cleared; when no
// identity opens it (or it is damaged), the sealed attributes read as unknowns and `sealed`
// stays.
void unseal_record(resource::ResourceRecord& r, const std::vector<std::string>& identities);
// Whether `r` holds sealed values it could not open.
inline bool locked(const resource::ResourceRecord& r) { return r.sealed.has_value(); }

// One value as base64 of an age file, and back (nullopt when no identity opens it).
std::optional<std::string> seal_text(const std::string& plaintext, const std::vector<std::string>& recipients,
                                     std::string* why);
std::optional<std::string> unseal_text(const std::string& sealed, const std::vector<std::string>& identities);

// "set CAIRN_AGE_IDENTITY ..." advice for errors about values that cannot be opened.
std::string identity_help(const std::vector<std::string>& identities);

} // namespace cairn::state
