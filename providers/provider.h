// The provider interface: how the deployment engine talks to one kind of infrastructure.
//
//   schema()     the resource types it manages and their attributes
//   configure()  settings from the spec's `providers.<name>` record
//   validate()   check desired inputs and fill defaults, before anything runs
//   plan()       what a change needs: changed attributes, attributes forcing a replacement,
//                the outputs expected afterwards (unknown where not known yet)
//   create() read() update() destroy()   act on the real object
//
// Built-in providers implement it in C++ (providers/local, null, postgres...); external
// providers speak the same operations over JSON Lines (providers/protocol). A provider's
// schema is written once, as a contract file in the language (`cairn/<name>.conf`): specs
// import it, so errors in them get spans, and the engine derives the attribute table below
// from the same file (providers/schema/derive.h, docs/providers/schema.md). `validate`
// repeats the checks for specs that do not go through the language (JSON specs) and as a
// safety net. Results carry `Problem`s (kind, attribute path, message), never bare strings.
//
// Thread safety: after `configure`, the engine calls create/read/update/destroy from several
// worker threads at once, never twice at the same time for the same resource.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/resource/value.h"

namespace cairn::providers {

using resource::Value;

enum class AttrType : uint8_t { String, Number, Bool, Record, Array, Any };
std::string_view attr_type_name(AttrType t);

struct Attribute {
  std::string name;
  AttrType type = AttrType::Any;
  bool required = false;
  std::optional<Value> default_value;
  bool force_new = false; // a change replaces the object
  bool sensitive = false; // never printed
  std::string doc;
};

struct ResourceSchema {
  std::string type; // "local.File"
  std::string doc;
  std::vector<Attribute> inputs;
  std::vector<Attribute> outputs;
  const Attribute* input(std::string_view name) const;
  const Attribute* output(std::string_view name) const;
};

struct ProviderSchema {
  std::string name;          // "local"
  std::string contract_path; // "cairn/local.conf"
  std::vector<ResourceSchema> resources;
  std::vector<Attribute> settings; // of `providers.<name>` (the contract's `Settings`)
  const ResourceSchema* find(std::string_view type) const;
};

enum class ProblemKind : uint8_t {
#define CAIRN_PROBLEM(name, text, doc) name,
#include "providers/problem_kind.def"
#undef CAIRN_PROBLEM
};
std::string_view problem_kind_name(ProblemKind k);
// The kind named `text` (protocol replies), Failed when unknown.
ProblemKind problem_kind_from_name(std::string_view text);

// A problem found in inputs or settings, or met acting on the real object: the attribute
// it is about (a dotted path, empty for the whole resource), what is wrong, and its kind.
struct Problem {
  std::string attribute;
  std::string message;
  ProblemKind kind = ProblemKind::Invalid;
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
  // For create: the object replaces the resource's old one, which still exists
  // (create_before_destroy); else a create finds no object of the spec's in place.
  // For destroy: a replacement takes the object's place (before or after).
  bool replacing = false;
};

struct PlannedChange {
  std::vector<std::string> changed; // input attributes that differ from prior (sorted)
  std::vector<std::string> replace; // those of `changed` that force a new object
  Value planned_outputs;            // outputs after the change; Unknown where not known
};

struct OpResult {
  bool ok = false;
  ObjectState state;             // when ok
  std::vector<Problem> problems; // when not ok (at least one)
  // The problems as one line: "attribute: message; ..."
  std::string message() const;
};

struct ReadResult {
  enum class Status : uint8_t { Exists, Gone, Error } status = Status::Error;
  ObjectState state;
  std::vector<Problem> problems; // when Error
  std::string message() const;
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
  // Output attributes never to print (schema-sensitive ones).
  std::vector<std::string> sensitive_outputs(std::string_view type) const;
  // Compares desired inputs with the prior object (nullptr: to be created). The default
  // treats an Unknown as changed and plans every output Unknown unless nothing changed.
  virtual PlannedChange plan(const Request& request, const ObjectState* prior,
                             const Value& desired) const;
  // Whether objects of `type` never change once created (a recorded release): a spec change
  // of their inputs is a replacement the plan refuses (E0629) unless `--replace ADDR` asks
  // for it, while drift (the object changed outside cairn) is put back in place.
  virtual bool immutable(std::string_view type) const;
  // One line saying what a change means, shown in the plan before its summary line, like
  // `release app 1.4.2 (a1b2c3d) -> 1.5.0 (d4e5f6a)`; empty for none (the default). `before`
  // is null for a create, `after` null for a delete; values may hold unknowns.
  virtual std::string change_summary(std::string_view type, const ObjectState* before,
                                     const ObjectState* after) const;
  virtual OpResult create(const Request& request, const Value& inputs) = 0;
  virtual ReadResult read(const Request& request, const ObjectState& prior) = 0;
  virtual OpResult update(const Request& request, const ObjectState& prior, const Value& inputs) = 0;
  virtual OpResult destroy(const Request& request, const ObjectState& prior) = 0;
};

// Checks settings against the schema's `Settings` (unknown names, types) and fills defaults.
void check_settings(const ProviderSchema& schema, Value& settings, std::vector<Problem>& problems);

// A failed result with one problem.
OpResult op_error(std::string message, ProblemKind kind = ProblemKind::Failed,
                  std::string attribute = {});
ReadResult read_error(std::string message, ProblemKind kind = ProblemKind::Failed,
                      std::string attribute = {});
// "attribute: message; ..." of a list of problems.
std::string problems_text(const std::vector<Problem>& problems);

} // namespace cairn::providers
