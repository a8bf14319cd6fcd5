// The planner: from a spec and the state, the actions that make the real world match.
//
//   plan::make_plan(PlanInput, Diagnostics&) -> std::optional<Plan>
//
// Steps: evaluate the spec with the outputs recorded in state; refresh (providers read the
// real objects, unless `refresh` is off); validate inputs with each resource's provider;
// build the graph; diff desired inputs against the refreshed records (no-op, create, update,
// replace, delete; `lifecycle` honoured); when a changing resource's outputs are read by
// others, evaluate again with those outputs unknown until the outputs settle; order the
// actions into a DAG. A `Plan` is plain data: rendered for humans (render_text.cpp), as
// Terraform-shaped JSON and as a plan file (plan_json.cpp), and executed by runtime/apply.
//
// Invariants of a Plan: `changes` is sorted by address and holds one entry per resource of
// the spec or the state, no-ops included; `waits_for[i]` holds indices into `changes` of the
// actions change i must wait for; values known in a plan are final (apply checks this).
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/box.h"
#include "compiler/diag/diagnostic.h"
#include "providers/registry.h"
#include "runtime/graph/spec.h"
#include "runtime/resource/record.h"
#include "runtime/state/store.h"

namespace cairn::plan {

using resource::Value;

enum class ActionKind : uint8_t {
#define CAIRN_ACTION(Name, Spelling) Name,
#include "runtime/plan/action_kind.def"
};
std::string_view action_spelling(ActionKind k);
std::optional<ActionKind> action_from_spelling(std::string_view s);

struct ResourceChange {
  std::string address;
  std::string type;
  std::string provider;
  ActionKind action = ActionKind::NoOp;
  bool create_before_destroy = false; // for Replace: create the new object first
  bool replace_requested = false;     // `--replace ADDR`
  base::Box<resource::ResourceRecord> prior; // the refreshed record, when in state
  Value after_inputs = Value::object();          // planned inputs (may hold unknowns)
  Value after_outputs = Value::object();         // planned outputs (may hold unknowns)
  std::vector<std::string> changed;              // input attributes that change
  std::vector<std::string> replace_paths;        // those forcing a replacement
  std::vector<std::string> sensitive;            // input attributes never shown
  std::vector<std::string> dependencies;         // addresses the new record depends on
  resource::Lifecycle lifecycle;
  std::string drift; // what refresh found changed outside cairn, empty when nothing
  // The provider's one-line account of the change (Provider::change_summary), empty if none.
  std::string summary;
  // Adopted by this plan (`cairn import`, `--import ADDR=ID`): the provider's id of the
  // existing object, which `prior` holds as read; empty otherwise.
  std::string import_id;
  // With drift: the record as state held it before refresh read the real object.
  base::Box<resource::ResourceRecord> recorded;
  base::Loc loc;     // where the resource is defined (invalid for deletes)
};

struct OutputChange {
  std::string name;
  std::optional<Value> before;
  std::optional<Value> after;
  bool sensitive = false; // marked `| Sensitive` in the spec (or recorded so): never shown
};

struct Plan {
  std::string stack = "default";
  std::vector<std::string> sensitive_outputs; // the spec's outputs never shown (sorted)
  std::string base_commit;     // the state commit the plan was made from
  std::string base_stack_tree; // the stack's tree in that commit
  std::string spec_path;                  // the first of `spec_files`
  std::vector<std::string> spec_files;    // the spec's files, merged in order
  std::vector<std::string> overrides;     // `path=value` field overrides, in order
  std::string spec_hash;                  // over the files and the overrides
  bool refresh = true;
  bool destroy = false;
  std::vector<std::string> targets;
  std::vector<ResourceChange> changes;
  std::vector<std::vector<uint32_t>> waits_for;
  std::vector<uint32_t> wave; // 1-based wave of each change (0 for no-ops)
  Value prior_outputs = Value::object();
  Value outputs = Value::object(); // the spec's outputs as planned (may hold unknowns)
  std::vector<OutputChange> output_changes;
  std::map<std::string, Value> providers; // provider settings from the spec, by name
  // Records refreshed in state without any action (drift that matches the spec).
  bool state_only_changes = false;

  uint32_t count(ActionKind k) const;
  uint32_t imports() const; // changes that adopt an existing object
  bool has_changes() const; // any action other than no-op, or changed outputs
};

struct PlanOptions {
  bool refresh = true;
  bool destroy = false;
  std::vector<std::string> targets; // normalized addresses or group prefixes
  std::vector<std::string> replace; // normalized addresses
  // Existing objects to adopt: (normalized address, provider id).
  std::vector<std::pair<std::string, std::string>> imports;
};

struct PlanInput {
  graph::SpecEvaluator* spec = nullptr; // may be null for a destroy of what state holds
  const state::Snapshot* state = nullptr;
  providers::Registry* providers = nullptr;
  PlanOptions options;
  std::string stack = "default";
  std::vector<std::string> spec_files;
  std::vector<std::string> overrides;
};

std::optional<Plan> make_plan(PlanInput& input, diag::Diagnostics& diags);

// Human output in Terraform's style (`+ create`, `~ update`, `-/+ replace`, `- delete`,
// attribute diffs, sensitive values masked, the summary line).
std::string render_text(const Plan& plan, bool color);
// The same text handed to `drain` as it is rendered, a megabyte or more at a time (a plan of
// large files shows every line of them, as Terraform's does): `drain` consumes the string
// and clears it.
using TextDrain = std::function<void(std::string&)>;
void render_text(const Plan& plan, bool color, const TextDrain& drain);
std::string summary_line(const Plan& plan);

// The plan as JSON in the shape of `terraform show -json`, with cairn's own section (the
// plan file format) last. `read_plan_json` takes a plan file back.
std::string render_json(const Plan& plan);
// The plan file `cairn plan -o` writes: the same document without the Terraform part (its
// views repeat every value up to four times), so a plan file is about the size of the data.
// `cairn show PLAN --json` renders the Terraform part again from it.
std::string render_plan_file(const Plan& plan);
// The same bytes written to `os` as they are rendered (a megabyte at a time, hashed on the
// way), so a large plan is never held whole as text; false when writing failed.
bool write_plan_file(const Plan& plan, std::ostream& os);
// The SHA-256 (hex) of the plan file `write_plan_file` would write, computed as it is
// rendered: what apply commits name as the plan it ran.
std::string plan_file_sha256(const Plan& plan);
std::optional<Plan> read_plan_json(std::string_view text, std::string* why);

} // namespace cairn::plan
