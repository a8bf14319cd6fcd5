// The background evaluation and plan of `cairn lsp`; see lsp_plan.h.
#include "cli/lsp_plan.h"

#include <algorithm>

#include <fmt/core.h>

#include "runtime/front/front_end.h"
#include "runtime/graph/conf_spec.h"
#include "runtime/resource/address.h"
#include "runtime/state/secrets.h"

namespace cairn::cli {

namespace {

// A deployment spec names `resources` (the spec evaluator reports what else is wrong).
bool is_spec(const std::string& text) { return text.find("resources") != std::string::npos; }

// Diagnostics located in the file (or in a file it imports) become the document's; the
// others (about the state, not the text) are returned as plain lines for the plan's text.
void convert(const base::SourceMap& sources, base::FileId file, const std::vector<diag::Diagnostic>& found,
             std::vector<lsp::EvalDiagnostic>* out, std::vector<std::string>* unplaced) {
  for (const diag::Diagnostic& d : found) {
    lsp::EvalDiagnostic e;
    e.severity = d.severity == diag::Severity::Error ? 1 : 2;
    e.code = std::string(diag::kind_code(d.kind));
    e.message = d.message;
    if (!d.primary_label.empty()) e.message += " (" + d.primary_label + ")";
    for (const std::string& n : d.notes) e.message += "\nnote: " + n;
    for (const std::string& h : d.helps) e.message += "\nhelp: " + h;
    if (d.loc.valid() && d.loc.file.index == file.index) {
      e.begin = d.loc.span.begin;
      e.end = d.loc.span.end;
    } else if (d.loc.valid()) {
      e.message = "in `" + sources.get(d.loc.file).path() + "`: " + e.message;
    } else if (unplaced) {
      unplaced->push_back(std::string(d.severity == diag::Severity::Error ? "error" : "warning") + "[" + e.code +
                          "]: " + e.message);
      continue;
    }
    out->push_back(std::move(e));
  }
}

std::string shortened(const resource::Value& v) {
  std::string s = resource::to_display(v);
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// What state records of a resource, as markdown (sensitive values never shown).
std::string state_markdown(const resource::ResourceRecord& r, const std::string& stack) {
  auto hidden = [&](const std::string& name) {
    if (std::find(r.sensitive.begin(), r.sensitive.end(), name) != r.sensitive.end()) return true;
    if (r.sealed) {
      const auto& s = *r.sealed;
      return std::find(s.inputs.begin(), s.inputs.end(), name) != s.inputs.end() ||
             std::find(s.outputs.begin(), s.outputs.end(), name) != s.outputs.end();
    }
    if (const resource::Value* flag = r.inputs.get("sensitive"))
      return name == "content" && flag->kind() == resource::ValueKind::Bool && flag->as_bool();
    return false;
  };
  std::string out = fmt::format("in state (stack `{}`): `{}` id `{}`\n\n```\n", stack, r.type, r.id);
  size_t width = 2, shown = 0;
  for (const auto* v : {&r.inputs, &r.outputs})
    for (const resource::Member& m : v->as_object()) width = std::max(width, m.first.size());
  for (const auto* v : {&r.inputs, &r.outputs}) {
    bool outputs = v == &r.outputs;
    for (const resource::Member& m : v->as_object()) {
      if (outputs && r.inputs.get(m.first)) continue;
      if (++shown > 40) break;
      std::string value = hidden(m.first) ? "(sensitive value)" : shortened(m.second);
      out += fmt::format("{}{:<{}} = {}\n", outputs ? "# output " : "", m.first, width, value);
    }
  }
  out += "```\n";
  return out;
}

} // namespace

std::string action_title(const plan::ResourceChange& c) {
  auto names = [](const std::vector<std::string>& list) {
    std::string out;
    for (size_t i = 0; i < list.size() && i < 3; ++i) out += (i ? ", " : "") + list[i];
    if (list.size() > 3) out += fmt::format(", +{}", list.size() - 3);
    return out.empty() ? "" : " (" + out + ")";
  };
  switch (c.action) {
  case plan::ActionKind::NoOp: return c.import_id.empty() ? "no changes" : "<= import";
  case plan::ActionKind::Create: return "+ create";
  case plan::ActionKind::Update: return "~ update" + names(c.changed);
  case plan::ActionKind::Replace:
    return std::string(c.create_before_destroy ? "+/-" : "-/+") + " replace" +
           (c.replace_requested && c.replace_paths.empty() ? " (requested)"
                                                           : names(c.replace_paths.empty() ? c.changed : c.replace_paths));
  case plan::ActionKind::Delete: return "- delete";
  }
  return "";
}

lsp::EvalResult RuntimeEvaluation::evaluate(const std::string& path, const std::string& text,
                                            const lsp::Documents& documents, unsigned timeout_seconds,
                                            size_t max_memory) {
  try {
    if (is_spec(text)) return plan_spec(path, text, documents, timeout_seconds, max_memory);
    base::SourceMap sources;
    base::Names names;
    diag::CollectingConsumer sink;
    diag::Diagnostics diags(&sink);
    base::FileId file = sources.add(path, text);
    eval::EvaluatorOptions o;
    o.include_dirs = include_dirs_;
    o.max_seconds = timeout_seconds;
    o.max_memory = max_memory;
    // Types are the workspace's to report (the server's front end); this is evaluation only.
    front::FrontEnd fe(sources, names, diags, o, false);
    for (const auto& [p, t] : documents) fe.workspace()->set(p, t, 0);
    eval::DeepOptions deep;
    fe.run(file, &deep);
    lsp::EvalResult out;
    convert(sources, file, sink.diagnostics, &out.diagnostics, nullptr);
    return out;
  } catch (const std::exception& e) {
    lsp::EvalResult out;
    out.diagnostics.push_back({0, 0, 1, "E0002", std::string("the evaluation failed: ") + e.what()});
    return out;
  }
}

lsp::EvalResult RuntimeEvaluation::plan_spec(const std::string& path, const std::string& text,
                                             const lsp::Documents& documents, unsigned timeout_seconds,
                                             size_t max_memory) {
  lsp::EvalResult out;
  out.planned = true;
  Driver driver;
  diag::CollectingConsumer sink;
  driver.diags.set_consumer(&sink);
  base::FileId file = driver.sources.add(path, text);
  graph::ConfSpecEvaluator spec(driver.sources, driver.names, file, include_dirs_);
  spec.set_limits(timeout_seconds, max_memory);
  spec.set_documents(documents);
  std::unique_ptr<state::Store> store;
  state::Snapshot snapshot;
  std::vector<std::string> unplaced;
  std::optional<plan::Plan> plan;
  if (read_state(driver, state_, &store, &snapshot)) {
    providers::Registry registry;
    PlanFlags flags;
    flags.refresh = false;
    plan = make_plan(driver, &spec, {path}, snapshot, registry, flags, state_);
  } else {
    spec.evaluate_values({}, driver.diags); // the spec's own errors, without a state
  }
  convert(driver.sources, file, sink.diagnostics, &out.diagnostics, &unplaced);
  std::string notes;
  for (const std::string& u : unplaced) notes += u + "\n";
  if (!plan) {
    out.summary = unplaced.empty() ? "No plan: the spec has errors." : "No plan: " + unplaced.front();
    out.plan_text = notes.empty() ? out.summary + "\n" : notes;
    return out;
  }
  out.summary = plan::summary_line(*plan);
  if (!plan->has_changes()) out.summary = "No changes.";
  out.plan_text = (notes.empty() ? "" : notes + "\n") + plan::render_text(*plan, false);
  for (const plan::ResourceChange& c : plan->changes) {
    lsp::ResourcePlan r;
    std::string why;
    if (auto segments = resource::parse_address(c.address, &why)) r.path = *segments;
    else r.path = {c.address};
    r.address = c.address;
    r.action = action_title(c);
    if (c.loc.valid() && c.loc.file.index == file.index) {
      r.begin = c.loc.span.begin;
      r.end = c.loc.span.end;
    }
    if (auto it = snapshot.resources.find(c.address); it != snapshot.resources.end())
      r.state = state_markdown(it->second, state_.stack);
    out.resources.push_back(std::move(r));
  }
  return out;
}

} // namespace cairn::cli
