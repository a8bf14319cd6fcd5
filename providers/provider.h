// The provider interface: how the deployment engine talks to one kind of infrastructure.
//
//   schema()     the resource types it manages and their attributes
//   configure()  settings from the spec's `providers.<name>` record
//   validate()   check desired inputs and fill defaults, before anything runs
//   plan()       what a change needs: changed attributes, attributes forcing a replacement,
//                the outputs expected afterwards (unknown where not known yet)
//   create() read() update() destroy()   act on the real object
//
// Built-in providers implement it in C++ (providers/local, providers/null); external
// providers will speak the same operations over JSON Lines (providers/protocol, later).
// The language-side schema of each provider is a contract file shipped in the binary
// (`import "cairn/<name>.conf"`), so errors in specs get spans; `validate` repeats the checks
// for specs that do not go through the language (JSON specs) and as a safety net.
//
// Thread safety: after `configure`, the engine calls create/read/update/destroy from several
// worker threads at once, never twice at the same time for the same resource.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/resource/value.h"

namespace cairn::providers {

using resource::Value;

enum class AttrType : uint8_t { String, Number, Bool, Record, Any };
std::string_view attr_type_name(AttrType t);

struct Attribute {
  std::string name;
  AttrType type = AttrType::Any;
  bool required = false;
  std::optional<Value> default_value;
  bool force_new = false; // a change replaces the object
  bool sensitive = false; // never printed
  std::string doc;
  // Further check of a known value: empty when fine, else what is wrong.
  std::function<std::string(const Value&)> check;
};

struct ResourceSchema {
  std::string type; // "local.File"
  std::string doc;
  std::vector<Attribute> inputs;
  std::vector<Attribute> outputs;
  const Attribute* input(std::string_view name) const;
};

struct ProviderSchema {
  std::string name;          // "local"
  std::string contract_path; // "cairn/local.conf"
  std::vector<ResourceSchema> resources;
  const ResourceSchema* find(std::string_view type) const;
};

// A problem found in inputs or settings: the attribute it is about and what is wrong.
struct Problem {
  std::string attribute; // empty for the whole record
  std::string message;
};

// What the real object looks like, as recorded in state.
struct ObjectState {
  std::string id;
  Value inputs = Value::object();
  Value outputs = Value::object();
};

struct Request {
  std::string_view address;
  std::string_view type;
};

struct PlannedChange {
  std::vector<std::string> changed; // input attributes that differ from prior (sorted)
  std::vector<std::string> replace; // those of `changed` that force a new object
  Value planned_outputs;            // outputs after the change; Unknown where not known
};

struct OpResult {
  bool ok = false;
  ObjectState state; // when ok
  std::string error; // when not ok
};

struct ReadResult {
  enum class Status : uint8_t { Exists, Gone, Error } status = Status::Error;
  ObjectState state;
  std::string error;
};

class Provider {
public:
  virtual ~Provider() = default;
  virtual const ProviderSchema& schema() const = 0;
  virtual void configure(const Value& settings, std::vector<Problem>& problems);
  // Checks desired inputs of `type` against the schema and fills defaults in place.
  virtual void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const;
  // Input attributes never to print for these inputs (schema-sensitive ones by default).
  virtual std::vector<std::string> sensitive_attributes(std::string_view type,
                                                        const Value& inputs) const;
  // Compares desired inputs with the prior object (nullptr: to be created). The default
  // treats an Unknown as changed and plans every output Unknown unless nothing changed.
  virtual PlannedChange plan(const Request& request, const ObjectState* prior,
                             const Value& desired) const;
  virtual OpResult create(const Request& request, const Value& inputs) = 0;
  virtual ReadResult read(const Request& request, const ObjectState& prior) = 0;
  virtual OpResult update(const Request& request, const ObjectState& prior, const Value& inputs) = 0;
  virtual OpResult destroy(const Request& request, const ObjectState& prior) = 0;
};

// An error result with a message.
OpResult op_error(std::string message);

} // namespace cairn::providers
