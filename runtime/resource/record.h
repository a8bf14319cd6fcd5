// What the deployment engine knows about one resource: as recorded in state
// (`ResourceRecord`, one JSON file per resource in the state repository) and its lifecycle
// options.
//
// A record owns plain values; it is copied freely (records are small compared to the cost of
// the provider calls that produce them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/resource/json.h"
#include "runtime/resource/value.h"

namespace cairn::resource {

struct Lifecycle {
  bool prevent_destroy = false;
  bool create_before_destroy = false;
  std::vector<std::string> ignore_changes; // top-level input names
  friend bool operator==(const Lifecycle&, const Lifecycle&) = default;
};

// The sensitive attributes of a record as state stores them: their names in clear, their
// values only as age ciphertext (runtime/state/secrets.h; docs/deploy.md, "Secrets in state").
struct Sealed {
  std::vector<std::string> inputs;  // names of the sealed inputs, sorted
  std::vector<std::string> outputs; // names of the sealed outputs, sorted
  std::string age; // base64 (RFC 4648, padded) of the binary age file of {"inputs": {...}, "outputs": {...}}
  friend bool operator==(const Sealed&, const Sealed&) = default;
};

// One resource in state.
struct ResourceRecord {
  std::string address;
  std::string type;     // "local.File"
  std::string provider; // provider configuration name ("local")
  std::string id;       // the provider's id of the real object
  Value inputs = Value::object();
  Value outputs = Value::object();
  std::vector<std::string> dependencies; // addresses, sorted and unique
  Lifecycle lifecycle;
  // Attributes (inputs and outputs) never to show: the provider's sensitive ones and those
  // computed from sensitive values (docs/deploy.md, "Sensitive values"); sorted.
  std::vector<std::string> sensitive;
  // Set while the sensitive values are sealed: in a record as stored, and in one read without
  // an identity that opens it (its sealed attributes then read as unknowns). Unset once open.
  std::optional<Sealed> sealed;
  friend bool operator==(const ResourceRecord&, const ResourceRecord&) = default;
};

// The JSON document stored for a record, and back (nullopt with `why` when malformed).
Json record_to_json(const ResourceRecord& r);
// The same document written straight to text (what state stores: no JSON tree is built, so a
// record of large values costs one copy of them), members in byte order, ending in a newline.
class JsonWriter;
void write_record(JsonWriter& w, const ResourceRecord& r);
std::string record_text(const ResourceRecord& r);
std::optional<ResourceRecord> record_from_json(const Json& j, std::string* why);

Json lifecycle_to_json(const Lifecycle& l);
Lifecycle lifecycle_from_json(const Json& j);

} // namespace cairn::resource
