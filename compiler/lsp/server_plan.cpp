// The deployment-aware requests: code lenses with what the last background plan would do
// to each resource, `workspace/executeCommand cairn.showPlan` with the whole plan, and
// what the hover of a resource adds (its planned action and what state records). The plan
// comes from the Evaluation seam (cli/lsp_plan.cpp); here it is only placed on the text.
#include "compiler/lsp/features.h"
#include "compiler/lsp/server.h"

#include <algorithm>
#include <stdexcept>

namespace cairn::lsp {

namespace {

constexpr const char* kShowPlan = "cairn.showPlan";

} // namespace

// The planned resource whose name is at `offset`, in the document's last plan.
const ResourcePlan* Server::resource_plan_at(const std::string& path, Analysis& a, uint32_t offset) {
  Doc* d = doc_of(path);
  if (!d || !d->plan || !d->plan->planned) return nullptr;
  std::vector<std::string> fp = field_path_at(a, offset);
  if (fp.size() < 2 || fp[0] != "resources") return nullptr;
  fp.erase(fp.begin());
  for (const ResourcePlan& r : d->plan->resources)
    if (r.path == fp) return &r;
  return nullptr;
}

json Server::on_CodeLens(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  const workspace::Document* doc = workspace_.document(path);
  json out = json::array();
  if (!d || !doc || !d->plan || !d->plan->planned) return out;
  Analysis a(workspace_.unit(path));
  const std::string& text = doc->text;
  bool same_text = d->plan_version == d->version;
  json command_args = json::array({d->uri});
  std::vector<std::pair<base::Span, const std::string*>> lenses;
  auto lens = [&](base::Span span, const std::string& title) { lenses.push_back({span, &title}); };
  // The summary on the `resources` field (or the first line), then one per resource.
  std::optional<base::Span> top = field_span(a, {"resources"});
  lens(top ? *top : base::Span{0, 0}, d->plan->summary);
  for (const ResourcePlan& r : d->plan->resources) {
    std::vector<std::string> fp{"resources"};
    fp.insert(fp.end(), r.path.begin(), r.path.end());
    std::optional<base::Span> span = field_span(a, fp);
    if (!span && same_text && r.end > r.begin && r.end <= text.size()) span = base::Span{r.begin, r.end};
    if (span) lens(*span, r.action);
  }
  // In the order of the text (the plan's is by address).
  std::stable_sort(lenses.begin(), lenses.end(), [](const auto& x, const auto& y) { return x.first.begin < y.first.begin; });
  LineIndex index(text);
  for (const auto& [span, title] : lenses)
    out.push_back({{"range", Range{index.position(span.begin), index.position(span.end)}},
                   {"command", {{"title", *title}, {"command", kShowPlan}, {"arguments", command_args}}}});
  return out;
}

json Server::on_ExecuteCommand(const json& params) {
  std::string command = params.at("command").get<std::string>();
  if (command != kShowPlan) throw std::invalid_argument("unknown command `" + command + "`");
  json args = params.value("arguments", json::array());
  // The document named, else the one planned last.
  Doc* d = nullptr;
  if (args.is_array() && !args.empty() && args[0].is_string()) {
    d = doc_of(workspace::Workspace::normalize(uri_to_path(args[0].get<std::string>())));
    if (!d) throw std::invalid_argument("the document is not open");
  } else {
    for (auto& [p, doc] : docs_)
      if (doc.plan && doc.plan->planned) d = &doc;
  }
  if (!d || !d->plan) return "No plan yet: the document has errors, or is still being evaluated.";
  if (!d->plan->planned) return "This file is not a deployment spec (it has no `resources`).";
  std::string out = d->plan->plan_text;
  if (d->plan_version != d->version) out = "(planned from an earlier version of the document)\n\n" + out;
  return out;
}

} // namespace cairn::lsp
