// Specs in the language, evaluated by runtime/eval behind the SpecEvaluator seam.
//
// The files are loaded, parsed, checked and lowered once, through the evaluating front end
// (runtime/front/front_end.h); each evaluation (every round of a plan or an apply) uses a
// fresh machine over that program (its arena is freed with it):
//   1. evaluate the file and walk `resources` down to the records that have a `type` field
//      (forcing only the structure, never inputs): the resources and their addresses. When
//      that fails, walk again with every resource's outputs unknown: if the failure came
//      from reading outputs, the set of resources depends on them (E0607 naming them);
//   2. merge `{ resources.<address>.outputs = ... }` for every resource: a tracked record of
//      the known outputs (reads are reported to an observer), or an unknown value carrying the
//      resource's id when nothing is known;
//   3. walk the merged spec again (the structure must not have changed), then force each
//      field of each resource with unknowns allowed, noting which resources' outputs were
//      read, and convert it to plain data;
//   4. the same for `outputs` (reads noted) and `providers`.
// Diagnostics are collected and forwarded at the end; an error located in a provider's
// contract file (a contract broken by an input) is moved to the input in the spec, which
// the first walk located (after merging, literal positions are no longer known).
// The provider contracts (`import "cairn/local.conf"`) are registered as embedded files.
#pragma once

#include "compiler/base/names.h"
#include <memory>
#include "runtime/graph/spec.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cairn::graph {

// Registers the built-in providers' contract files as embedded files (idempotent), so any
// evaluation can `import "cairn/local.conf"`.
void register_provider_contracts();

// `path = value` given on the command line (`cairn plan spec.conf -- params.domain='"x.org"'`):
// the value is an expression of the language, in a file of its own (so its errors point into
// the argument), merged into the spec with `force` priority, like Nickel's customize mode.
struct FieldOverride {
  std::vector<std::string> path;
  base::FileId value;
};

class ConfSpecEvaluator final : public SpecEvaluator {
public:
  // `sources` and `names` must outlive the evaluator; the files must be loaded in `sources`.
  ConfSpecEvaluator(base::SourceMap& sources, base::Names& names, base::FileId file,
                    std::vector<std::string> include_dirs = {});
  // Several files merged like `cairn eval a b`, then the overrides.
  ConfSpecEvaluator(base::SourceMap& sources, base::Names& names, std::vector<base::FileId> files,
                    std::vector<FieldOverride> overrides, std::vector<std::string> include_dirs = {});
  ~ConfSpecEvaluator() override;
  // The budget of each evaluation entry point (eval::EvaluatorOptions' max_seconds and
  // max_memory; the defaults are theirs); the language server's plans set a small one.
  void set_limits(unsigned max_seconds, size_t max_memory);
  // Texts (by absolute path) read instead of the disk when the spec imports them: the
  // language server's open documents.
  void set_documents(std::map<std::string, std::string> documents);
  // The first call runs the edge pass (every output unknown, in edge mode), whose reads are
  // every resource's complete edges; each evaluation's reads include them.
  std::optional<Spec> evaluate(const OutputsMap& known, diag::Diagnostics& diags) override;
  std::optional<Spec> evaluate_values(const OutputsMap& known, diag::Diagnostics& diags) override;
  bool reads_outputs() const override { return true; }
  // SHA-256 of the spec files and overrides (imported files are not included).
  std::string content_hash() const override;
  struct Session;

private:
  base::SourceMap& sources_;
  base::Names& names_;
  std::vector<base::FileId> files_;
  std::vector<FieldOverride> overrides_;
  std::vector<std::string> include_dirs_;
  std::optional<std::map<std::string, std::vector<std::string>>> edges_; // by address
  std::unique_ptr<Session> session_; // the loaded program (see conf_spec.cpp)
  std::vector<std::string> outputs_edges_;
  // Inputs (by address) and outputs computed from sensitive values, from the edge passes.
  std::map<std::string, std::vector<std::string>> taint_;
  std::vector<std::string> outputs_taint_;
  bool taint(const Spec& first, diag::Diagnostics& diags);
  void apply_taint(Spec& spec) const;
};

} // namespace cairn::graph
