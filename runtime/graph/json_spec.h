// Specs written in JSON: `{"resources": {...}, "outputs": {...}, "providers": {...}}` with
// the same meaning as in the language. Inputs are plain values (they cannot read other
// resources' outputs; ordering comes from `depends_on`), so evaluating again always gives
// the same spec. Errors point into the JSON file.
#pragma once

#include "runtime/graph/spec.h"

namespace cairn::graph {

class JsonSpecEvaluator final : public SpecEvaluator {
public:
  // The file must stay in `sources` for as long as the evaluator is used.
  JsonSpecEvaluator(const base::SourceMap& sources, base::FileId file);
  std::optional<Spec> evaluate(const OutputsMap& known, diag::Diagnostics& diags) override;
  bool reads_outputs() const override { return false; }
  std::string content_hash() const override;

private:
  const base::SourceMap& sources_;
  base::FileId file_;
};

} // namespace cairn::graph
