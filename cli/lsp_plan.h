// The language server's runtime side (`cairn lsp`): lsp::Evaluation implemented on the
// evaluator and the planner, so compiler/lsp never depends on runtime/.
//
// A deployment spec (a file naming `resources`) is planned as `cairn plan --refresh=false`
// would plan it: against the stack's state where `cairn plan` finds it by default
// (`--state`, else $CAIRN_STATE, else `.cairn/state` in the server's working directory),
// reading no real object, within the evaluation's time and memory budget. The result gives
// the evaluation and validation errors, each resource's planned action and state record,
// and the whole plan's text. Any other file is evaluated and forced deeply. Imports that are
// open documents are read from their (unsaved) texts.
#pragma once

#include <string>
#include <vector>

#include "cli/deploy_common.h"
#include "compiler/lsp/server.h"

namespace cairn::cli {

class RuntimeEvaluation : public lsp::Evaluation {
public:
  RuntimeEvaluation(std::vector<std::string> include_dirs, StateOptions state)
      : include_dirs_(std::move(include_dirs)), state_(std::move(state)) {}
  lsp::EvalResult evaluate(const std::string& path, const std::string& text, const lsp::Documents& documents,
                           unsigned timeout_seconds, size_t max_memory) override;

private:
  lsp::EvalResult plan_spec(const std::string& path, const std::string& text, const lsp::Documents& documents,
                            unsigned timeout_seconds, size_t max_memory);
  std::vector<std::string> include_dirs_;
  StateOptions state_;
};

// The lens text of a planned change: "+ create", "~ update (content)", "-/+ replace (path)",
// "no changes"...
std::string action_title(const plan::ResourceChange& c);

} // namespace cairn::cli
