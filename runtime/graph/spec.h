// A spec as the deployment engine sees it, and the seam to whatever evaluates specs.
//
// `SpecEvaluator` is the only way the engine gets at a spec: evaluate it with some resources'
// outputs known (merged into `resources.<addr>.outputs`; every resource not in the map has
// unknown outputs) and get back plain data, a `Spec`. Two implementations exist: specs
// written as JSON (json_spec.h; their inputs cannot read outputs) and specs in the language
// (through runtime/eval). The planner calls `evaluate` a few times with more outputs known or
// unknown; apply calls it again once outputs become known.
//
// A resource's `reads` are the addresses whose outputs evaluating its inputs touched; with
// `depends_on` they make the edges of the graph (graph.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"
#include "runtime/resource/record.h"
#include "runtime/resource/value.h"

namespace cairn::graph {

using resource::Value;

// The meta fields of a resource; every other field is an input.
inline constexpr const char* kMetaFields[] = {"type", "depends_on", "lifecycle", "provider",
                                              "outputs"};
bool is_meta_field(std::string_view name);

// The top-level fields of a spec: what to deploy, what to show, provider settings, the
// spec's parameters (overridable on the command line) and values shared by resources.
inline constexpr const char* kSpecFields[] = {"resources", "outputs", "providers", "params", "locals"};
// An unknown top-level field is an error (with a suggestion when it looks like a misspelling
// of one); false then.
bool check_spec_field(std::string_view name, base::Loc loc, diag::Diagnostics& diags);

struct DesiredResource {
  std::string address;
  std::string type;
  std::string provider; // provider configuration name; the type's prefix when not given
  Value inputs = Value::object();
  std::vector<std::string> depends_on; // normalized addresses, as written
  std::vector<std::string> reads;      // addresses whose outputs the inputs read (sorted)
  std::vector<std::string> sensitive;  // inputs computed from sensitive values (sorted)
  resource::Lifecycle lifecycle;
  base::Loc loc;                                            // the resource's definition
  std::vector<std::pair<std::string, base::Loc>> field_locs; // where fields are defined
  // Where a field is defined, else where the resource is.
  base::Loc field_loc(std::string_view name) const;
};

struct Spec {
  std::vector<DesiredResource> resources; // sorted by address
  Value outputs = Value::object();        // the spec's `outputs`, possibly with unknowns
  std::vector<std::string> outputs_reads; // addresses whose outputs `outputs` read (sorted)
  std::vector<std::string> sensitive_outputs; // outputs computed from sensitive values
  std::vector<std::string> marked_outputs;    // outputs marked `| Sensitive`
  std::map<std::string, base::Loc> output_locs;
  std::map<std::string, Value> providers; // provider settings by configuration name
  std::map<std::string, base::Loc> provider_locs;
  base::Loc outputs_loc;
};

// Outputs to merge into the spec, by address; a resource that is absent has unknown outputs.
using OutputsMap = std::map<std::string, Value>;

class SpecEvaluator {
public:
  virtual ~SpecEvaluator() = default;
  // Evaluates the spec with `known` outputs; reports problems to `diags` and returns nullopt
  // when the spec is wrong.
  // Every resource's `reads` are complete: they cover whatever evaluating its inputs could
  // read, whichever values the outputs turn out to have (docs/deploy.md, "Edges").
  virtual std::optional<Spec> evaluate(const OutputsMap& known, diag::Diagnostics& diags) = 0;
  // The same values; `reads` may be only what this evaluation met (apply's re-evaluations,
  // which follow the plan's edges).
  virtual std::optional<Spec> evaluate_values(const OutputsMap& known, diag::Diagnostics& diags) {
    return evaluate(known, diags);
  }
  // False when inputs cannot read outputs (evaluating again gives the same spec).
  virtual bool reads_outputs() const = 0;
  // SHA-256 of the spec's sources, recorded in plans to detect a changed spec.
  virtual std::string content_hash() const = 0;
};

// Index of a resource by address in a sorted spec; nullptr when absent.
const DesiredResource* find_resource(const Spec& spec, const std::string& address);

} // namespace cairn::graph
