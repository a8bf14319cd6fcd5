// The planner's entry point; see plan.h for the steps. The evaluation rounds: the first
// evaluation uses the outputs recorded in state. A resource whose outputs will change makes
// every resource that read them (transitively) suspect, so the second round evaluates with
// all of those outputs unknown; later rounds put back what turned out known (planned outputs
// of updates, ids known from inputs) until the injected outputs stop changing. Every round
// after the first injects only true outputs or unknowns, so stopping early only leaves more
// `(known after apply)`, never a wrong value.
#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "compiler/resolve/resolve.h"
#include "runtime/graph/graph.h"
#include "runtime/plan/diff.h"
#include "runtime/plan/order.h"
#include "runtime/plan/plan.h"
#include "runtime/plan/refresh.h"
#include "runtime/plan/validate.h"

namespace cairn::plan {

namespace {

constexpr int kMaxRounds = 6;

bool under(const std::string& address, const std::string& target) {
  return address == target ||
         (address.size() > target.size() && address.compare(0, target.size(), target) == 0 &&
          address[target.size()] == '.');
}

bool targeted(const std::string& address, const std::vector<std::string>& targets) {
  for (const std::string& t : targets)
    if (under(address, t)) return true;
  return false;
}

// Resources in the spec selected by `--target`, with everything they depend on.
std::vector<bool> target_closure(const graph::Spec& spec, const graph::Graph& g,
                                 const std::vector<std::string>& targets) {
  std::vector<bool> in(spec.resources.size(), false);
  std::vector<uint32_t> work;
  for (uint32_t i = 0; i < spec.resources.size(); ++i)
    if (targeted(spec.resources[i].address, targets)) {
      in[i] = true;
      work.push_back(i);
    }
  while (!work.empty()) {
    uint32_t v = work.back();
    work.pop_back();
    for (uint32_t d : g.deps[v])
      if (!in[d]) {
        in[d] = true;
        work.push_back(d);
      }
  }
  return in;
}

// Every `--target` must name a resource (or a group) of the spec or of the state.
bool check_targets(const std::vector<std::string>& targets, const graph::Spec* spec,
                   const std::map<std::string, resource::ResourceRecord>& state, diag::Diagnostics& diags) {
  std::set<std::string> addresses;
  for (const auto& [address, r] : state) addresses.insert(address);
  if (spec)
    for (const graph::DesiredResource& d : spec->resources) addresses.insert(d.address);
  bool ok = true;
  for (const std::string& t : targets) {
    bool found = false;
    for (const std::string& a : addresses) found = found || under(a, t);
    if (found) continue;
    // Resources and the groups holding them.
    std::set<std::string> names = addresses;
    for (const std::string& a : addresses)
      for (size_t dot = a.find('.'); dot != std::string::npos; dot = a.find('.', dot + 1)) names.insert(a.substr(0, dot));
    std::vector<std::string_view> candidates(names.begin(), names.end());
    auto b = diags.error(diag::DiagKind::TargetNotFound, {},
                         fmt::format("`--target {}` matches no resource of the spec or the state", t));
    if (std::optional<std::string_view> best = resolve::closest_name(t, candidates))
      b.help(fmt::format("did you mean `{}`?", *best));
    else
      b.help("a target is a resource's address or a group of them, as `cairn graph` and `cairn state list` show");
    ok = false;
  }
  return ok;
}

void check_prevent_destroy(const Plan& plan, diag::Diagnostics& diags, bool* ok) {
  for (const ResourceChange& c : plan.changes) {
    bool destroys = c.action == ActionKind::Delete || c.action == ActionKind::Replace;
    if (!destroys || !c.lifecycle.prevent_destroy) continue;
    diags.error(diag::DiagKind::PreventDestroy, c.loc,
                fmt::format("`{}` has `lifecycle.prevent_destroy` set, but this plan would {} it",
                            c.address, c.action == ActionKind::Delete ? "destroy" : "replace"))
        .help("remove `prevent_destroy` first if destroying it is really intended");
    *ok = false;
  }
}

// Objects of an immutable type (Provider::immutable) never change in place: a spec that
// changes one's inputs from what state recorded asks for a replacement, refused unless
// `--replace ADDR` names it; when only drift differs (edited outside cairn, the spec as
// recorded), the update puts the recorded object back.
void check_immutable(Plan& plan, const state::Snapshot& state, providers::Registry& registry,
                     diag::Diagnostics& diags, bool* ok) {
  for (ResourceChange& c : plan.changes) {
    if (c.action != ActionKind::Update && c.action != ActionKind::Replace) continue;
    if (c.replace_requested) continue;
    providers::Provider* p = registry.get(c.provider);
    if (!p || !p->immutable(c.type)) continue;
    auto rec = state.resources.find(c.address);
    if (rec == state.resources.end()) continue;
    const resource::ResourceRecord& r = rec->second;
    std::vector<std::string> edits;
    if (r.type != c.type) edits.push_back("type");
    std::set<std::string> names;
    for (const Value* v : {static_cast<const Value*>(&r.inputs), static_cast<const Value*>(&c.after_inputs)})
      if (v->is_object())
        for (const resource::Member& m : v->as_object()) names.insert(m.first);
    for (const std::string& n : names) {
      const Value* before = r.inputs.get(n);
      const Value* after = c.after_inputs.get(n);
      if (!before || !after || *before != *after || after->has_unknown()) edits.push_back(n);
    }
    if (edits.empty()) {
      c.action = ActionKind::Update; // drift only: write the recorded object back
      c.replace_paths.clear();
      continue;
    }
    std::string list;
    for (const std::string& e : edits) list += (list.empty() ? "`" : ", `") + e + "`";
    diags.error(diag::DiagKind::ImmutableChanged, c.loc,
                fmt::format("`{}` ({} `{}`) is immutable once recorded, but the spec changes {}: that would replace it",
                            c.address, c.type, r.id, list))
        .help(fmt::format("record the change as a new one (a new version) instead; if the recorded one is really "
                          "wrong, `--replace {}` rewrites it",
                          c.address));
    *ok = false;
  }
}

// The providers' one-line accounts of the changes (Provider::change_summary), and of
// objects without an action whose outputs refresh found changed (a channel that moved).
void summarize(Plan& plan, const state::Snapshot& state, providers::Registry& registry) {
  for (ResourceChange& c : plan.changes) {
    const resource::ResourceRecord* recorded = nullptr;
    if (c.action == ActionKind::NoOp) {
      auto it = state.resources.find(c.address);
      if (!c.prior || it == state.resources.end() || it->second.outputs == c.prior->outputs) continue;
      recorded = &it->second;
    }
    providers::Provider* p = registry.get(c.provider);
    if (!p) continue;
    std::optional<providers::ObjectState> before, after;
    if (recorded) before = providers::ObjectState{recorded->id, recorded->inputs, recorded->outputs};
    else if (c.prior) before = providers::ObjectState{c.prior->id, c.prior->inputs, c.prior->outputs};
    if (c.action != ActionKind::Delete) after = providers::ObjectState{{}, c.after_inputs, c.after_outputs};
    c.summary = p->change_summary(c.type, before ? &*before : nullptr, after ? &*after : nullptr);
  }
}

void plan_outputs(Plan& plan, const graph::Spec* spec) {
  std::set<std::string> names;
  for (const resource::Member& m : plan.prior_outputs.as_object()) names.insert(m.first);
  if (spec)
    for (const resource::Member& m : spec->outputs.as_object()) names.insert(m.first);
  plan.outputs = spec && !plan.destroy ? spec->outputs : Value::object();
  for (const std::string& n : names) {
    OutputChange oc;
    oc.name = n;
    if (const Value* b = plan.prior_outputs.get(n)) oc.before = *b;
    if (const Value* a = plan.outputs.get(n)) oc.after = *a;
    bool same = oc.before && oc.after && *oc.before == *oc.after && !oc.after->has_unknown();
    // A sensitive output sealed in state that no identity opened (unknown) compares as unchanged.
    if (oc.before && oc.before->has_unknown() && oc.after) same = true;
    oc.sensitive = std::binary_search(plan.sensitive_outputs.begin(), plan.sensitive_outputs.end(), n);
    if (!same) plan.output_changes.push_back(std::move(oc));
  }
}

// An output computed from a sensitive value must say so (`| Sensitive`), as Terraform asks:
// else the plan is refused. The spec's sensitive outputs are recorded in the plan.
bool check_sensitive_outputs(Plan& plan, const graph::Spec& spec, diag::Diagnostics& diags) {
  std::set<std::string> marked(spec.marked_outputs.begin(), spec.marked_outputs.end());
  bool ok = true;
  for (const std::string& name : spec.sensitive_outputs) {
    if (marked.count(name)) continue;
    auto it = spec.output_locs.find(name);
    diags
        .error(diag::DiagKind::SensitiveOutput, it != spec.output_locs.end() ? it->second : spec.outputs_loc,
               fmt::format("the output `{}` would show a sensitive value", name))
        .primary("computed from a sensitive input or output")
        .help(fmt::format("mark it sensitive: `outputs.{} | schema.Sensitive = ...` with "
                          "`let schema = import \"cairn/schema.conf\" in`, and it is never shown",
                          name));
    ok = false;
  }
  marked.insert(spec.sensitive_outputs.begin(), spec.sensitive_outputs.end());
  plan.sensitive_outputs.assign(marked.begin(), marked.end());
  return ok;
}

// Reads each object to adopt through its provider into `records`, as if state held it:
// the address must be a resource of the spec and not yet in state.
bool read_imports(const std::vector<std::pair<std::string, std::string>>& imports, const graph::Spec& spec,
                  const std::map<std::string, resource::ResourceRecord>& state, providers::Registry& registry,
                  std::map<std::string, resource::ResourceRecord>* records, diag::Diagnostics& diags) {
  bool ok = true;
  for (const auto& [address, id] : imports) {
    const graph::DesiredResource* d = graph::find_resource(spec, address);
    if (!d) {
      std::vector<std::string_view> candidates;
      for (const graph::DesiredResource& r : spec.resources) candidates.push_back(r.address);
      auto b = diags.error(diag::DiagKind::ImportFailed, {},
                           fmt::format("cannot import into `{}`: the spec has no such resource", address));
      const std::string prefix = "resources.";
      if (address.rfind(prefix, 0) == 0 && graph::find_resource(spec, address.substr(prefix.size())))
        b.help(fmt::format("addresses leave out `resources.`: did you mean `{}`?", address.substr(prefix.size())));
      else if (std::optional<std::string_view> best = resolve::closest_name(address, candidates))
        b.help(fmt::format("did you mean `{}`?", *best));
      else
        b.help("write the resource in the spec first; the import adopts an object for it");
      ok = false;
      continue;
    }
    if (state.count(address)) {
      diags.error(diag::DiagKind::ImportFailed, d->loc,
                  fmt::format("cannot import into `{}`: it is already in state (id `{}`)", address,
                              state.at(address).id))
          .help(fmt::format("`cairn state rm {}` forgets it first, if another object should take its place",
                            address));
      ok = false;
      continue;
    }
    std::string pname = provider_name(*d);
    providers::Provider* provider = registry.get(pname);
    if (!provider) continue; // validate_spec names the missing provider
    providers::ObjectState probe;
    probe.id = id;
    providers::ReadResult r = provider->read({address, d->type}, probe);
    if (r.status != providers::ReadResult::Status::Exists) {
      std::string why = r.status == providers::ReadResult::Status::Gone
                            ? fmt::format("{} finds no object with id `{}`", pname, id)
                            : r.message();
      diags.error(diag::DiagKind::ImportFailed, d->loc, fmt::format("cannot import `{}`: {}", address, why))
          .help("the id is the provider's: `cairn providers schema` and docs/providers/ say what it is per type");
      ok = false;
      continue;
    }
    resource::ResourceRecord rec;
    rec.address = address;
    rec.type = d->type;
    rec.provider = pname;
    rec.id = r.state.id.empty() ? id : r.state.id;
    rec.inputs = std::move(r.state.inputs);
    const providers::ResourceSchema* schema = provider->schema().find(d->type);
    // The record holds what the spec manages, as a create would: an attribute the spec
    // leaves out and the schema gives no default (a database's `lc_collate`) is not
    // recorded, so it is not compared, rather than planned back to null as a replacement.
    if (rec.inputs.is_object() && d->inputs.is_object()) {
      Value kept = Value::object();
      for (const resource::Member& m : rec.inputs.as_object()) {
        bool defaulted = false;
        if (schema)
          for (const providers::Attribute& a : schema->inputs)
            if (a.name == m.first && a.default_value) defaulted = true;
        if (defaulted || d->inputs.get(m.first)) kept.set(m.first, m.second);
      }
      rec.inputs = std::move(kept);
    }
    // Inputs a provider cannot read back (cairn's own, like `sensitive`) take their defaults.
    if (schema && rec.inputs.is_object())
      for (const providers::Attribute& a : schema->inputs)
        if (a.default_value && !rec.inputs.get(a.name)) rec.inputs.set(a.name, *a.default_value);
    rec.outputs = std::move(r.state.outputs);
    (*records)[address] = std::move(rec);
  }
  return ok;
}

// Whether some leaf of `v` is known (an empty record or array counts as known).
bool has_known_leaf(const Value& v) {
  std::vector<const Value*> work{&v};
  while (!work.empty()) {
    const Value* x = work.back();
    work.pop_back();
    if (x->is_unknown()) continue;
    if (x->is_object()) {
      if (x->as_object().empty()) return true;
      for (const resource::Member& m : x->as_object()) work.push_back(&m.second);
    } else if (x->kind() == resource::ValueKind::Array) {
      if (x->as_array().empty()) return true;
      for (const Value& e : x->as_array()) work.push_back(&e);
    } else {
      return true;
    }
  }
  return false;
}

// The outputs each resource will have, for the next evaluation round. Outputs without any
// known leaf are left out: injecting them would only turn reads into the same unknowns
// (with no more known than before), and costs a whole round on large specs.
graph::OutputsMap planned_outputs(const std::vector<ResourceChange>& changes) {
  graph::OutputsMap out;
  for (const ResourceChange& c : changes)
    if (c.action != ActionKind::Delete && has_known_leaf(c.after_outputs)) out[c.address] = c.after_outputs;
  return out;
}

// Addresses whose injected outputs differ between two rounds.
std::set<std::string> differing(const graph::OutputsMap& a, const graph::OutputsMap& b) {
  std::set<std::string> out;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || it->second != v) out.insert(k);
  }
  for (const auto& [k, v] : b)
    if (!a.count(k)) out.insert(k);
  return out;
}

} // namespace

std::optional<Plan> make_plan(PlanInput& in, diag::Diagnostics& diags) {
  Plan plan;
  plan.stack = in.stack;
  plan.base_commit = in.state->commit;
  plan.base_stack_tree = in.state->stack_tree;
  plan.spec_files = in.spec_files;
  plan.overrides = in.overrides;
  if (!in.spec_files.empty()) plan.spec_path = in.spec_files[0];
  plan.refresh = in.options.refresh;
  plan.destroy = in.options.destroy;
  plan.targets = in.options.targets;
  plan.prior_outputs = in.state->outputs;
  if (in.spec) plan.spec_hash = in.spec->content_hash();

  graph::OutputsMap known;
  for (const auto& [address, r] : in.state->resources) known[address] = r.outputs;
  std::optional<graph::Spec> spec;
  if (in.spec) {
    spec = in.spec->evaluate(known, diags);
    if (!spec) return std::nullopt;
    if (!configure_providers(*spec, *in.providers, diags)) return std::nullopt;
    plan.providers = spec->providers;
  }

  Refreshed refreshed;
  if (in.options.refresh) {
    if (!refresh(in.state->resources, *in.providers, &refreshed, diags)) return std::nullopt;
  } else {
    refreshed.records = in.state->resources;
  }
  if (!in.options.imports.empty() && (!spec || in.options.destroy)) {
    diags.error(diag::DiagKind::UsageError, {}, "an import needs a spec, and a destroy imports nothing");
    return std::nullopt;
  }
  if (spec && !read_imports(in.options.imports, *spec, in.state->resources, *in.providers, &refreshed.records, diags))
    return std::nullopt;
  const auto& prior = refreshed.records;
  if (!check_targets(in.options.targets, spec ? &*spec : nullptr, in.state->resources, diags)) return std::nullopt;

  if (in.options.destroy) {
    std::set<std::string> doomed;
    for (const auto& [address, r] : prior)
      if (in.options.targets.empty() || targeted(address, in.options.targets)) doomed.insert(address);
    // Destroying a resource destroys what depends on it.
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [address, r] : prior)
        if (!doomed.count(address))
          for (const std::string& d : r.dependencies)
            if (doomed.count(d) && doomed.insert(address).second) grew = true;
    }
    for (const std::string& address : doomed) {
      ResourceChange c = delete_change(prior.at(address), in.providers->get(prior.at(address).provider));
      if (spec)
        if (const graph::DesiredResource* d = graph::find_resource(*spec, address)) {
          c.lifecycle.prevent_destroy = c.lifecycle.prevent_destroy || d->lifecycle.prevent_destroy;
          c.loc = d->loc;
        }
      auto it = refreshed.drift.find(address);
      if (it != refreshed.drift.end()) {
        c.drift = it->second;
        if (auto rec = in.state->resources.find(address); rec != in.state->resources.end()) c.recorded = rec->second;
      }
      plan.changes.push_back(std::move(c));
    }
    bool ok = true;
    check_prevent_destroy(plan, diags, &ok);
    if (!ok) return std::nullopt;
    summarize(plan, *in.state, *in.providers);
    order_actions(plan, nullptr, nullptr);
    if (in.options.targets.empty()) plan_outputs(plan, nullptr);
    return plan;
  }

  if (!spec) {
    diags.error(diag::DiagKind::UsageError, {}, "a plan needs a spec unless it destroys");
    return std::nullopt;
  }
  // The first round reads the refreshed outputs.
  graph::OutputsMap injected;
  for (const auto& [address, r] : prior) injected[address] = r.outputs;
  if (in.spec->reads_outputs() && injected != known) {
    spec = in.spec->evaluate(injected, diags);
    if (!spec) return std::nullopt;
  }

  std::vector<ResourceChange> changes;
  std::optional<graph::Graph> g;
  for (int round = 1;; ++round) {
    if (!validate_spec(*spec, *in.providers, diags)) return std::nullopt;
    g = graph::build_graph(*spec, diags);
    if (!g) return std::nullopt;
    changes.clear();
    // Room for the deletes too, so that moving the changes into the plan never copies them.
    changes.reserve(spec->resources.size() + in.state->resources.size());
    std::set<std::string> sealed_records;
    for (const auto& [address, r] : in.state->resources)
      if (r.sealed) sealed_records.insert(address);
    for (uint32_t i = 0; i < spec->resources.size(); ++i) {
      const graph::DesiredResource& d = spec->resources[i];
      std::string pname = provider_name(d);
      auto it = prior.find(d.address);
      std::vector<std::string> deps;
      for (uint32_t j : g->deps[i]) deps.push_back(spec->resources[j].address);
      bool replace = std::find(in.options.replace.begin(), in.options.replace.end(), d.address) !=
                     in.options.replace.end();
      changes.push_back(diff_resource(d, it == prior.end() ? nullptr : &it->second,
                                      *in.providers->get(pname), pname, std::move(deps), replace,
                                      sealed_records));
    }
    if (!in.spec->reads_outputs() || round == kMaxRounds) break;

    graph::OutputsMap next = planned_outputs(changes);
    std::set<std::string> moved = differing(injected, next);
    if (round == 1 && !moved.empty()) {
      // Everything downstream of a changing output was evaluated with stale values.
      std::vector<uint32_t> work;
      std::vector<bool> seen(spec->resources.size(), false);
      for (uint32_t i = 0; i < spec->resources.size(); ++i)
        if (moved.count(spec->resources[i].address)) work.push_back(i);
      while (!work.empty()) {
        uint32_t v = work.back();
        work.pop_back();
        for (uint32_t w : g->dependents[v]) {
          if (seen[w]) continue;
          seen[w] = true;
          next.erase(spec->resources[w].address);
          work.push_back(w);
        }
      }
      moved = differing(injected, next);
    }
    // Another round only matters when someone reads an output that moved.
    bool read = false;
    for (const graph::DesiredResource& d : spec->resources)
      for (const std::string& a : d.reads) read = read || moved.count(a);
    for (const std::string& a : spec->outputs_reads) read = read || moved.count(a);
    if (!read) break;
    injected = std::move(next);
    spec = in.spec->evaluate(injected, diags);
    if (!spec) return std::nullopt;
  }

  if (!check_sensitive_outputs(plan, *spec, diags)) return std::nullopt;
  // Outputs state holds sensitive stay hidden while the plan still shows them: those the
  // spec dropped, and all of them when a targeted plan keeps the recorded outputs.
  for (const std::string& name : in.state->sensitive_outputs)
    if (!in.options.targets.empty() || !spec->outputs.get(name)) plan.sensitive_outputs.push_back(name);
  std::sort(plan.sensitive_outputs.begin(), plan.sensitive_outputs.end());
  plan.sensitive_outputs.erase(std::unique(plan.sensitive_outputs.begin(), plan.sensitive_outputs.end()),
                               plan.sensitive_outputs.end());
  std::vector<bool> selected;
  if (!in.options.targets.empty()) selected = target_closure(*spec, *g, in.options.targets);
  for (const std::string& r : in.options.replace) {
    if (!graph::find_resource(*spec, r)) {
      diags.error(diag::DiagKind::TargetNotFound, {},
                  fmt::format("`--replace {}` names no resource of the spec", r));
      return std::nullopt;
    }
  }
  // The changes move into the plan in place (a second vector would hold two copies at once:
  // 100,000 changes are tens of megabytes), dropping those outside --target.
  uint32_t kept = 0;
  for (uint32_t i = 0; i < changes.size(); ++i) {
    if (!selected.empty() && !selected[i]) continue;
    ResourceChange& c = changes[i];
    auto it = refreshed.drift.find(c.address);
    if (it != refreshed.drift.end()) {
      c.drift = it->second;
      if (auto rec = in.state->resources.find(c.address); rec != in.state->resources.end()) c.recorded = rec->second;
    }
    for (const auto& [address, id] : in.options.imports)
      if (address == c.address) c.import_id = id;
    if (kept != i) changes[kept] = std::move(c);
    ++kept;
  }
  changes.resize(kept);
  plan.changes = std::move(changes);
  for (const auto& [address, r] : in.state->resources) {
    if (graph::find_resource(*spec, address)) continue;
    if (!in.options.targets.empty() && !targeted(address, in.options.targets)) continue;
    // Deleted outside cairn too: the delete only cleans up state (providers accept deleting
    // what is gone).
    auto it = prior.find(address);
    const resource::ResourceRecord& record = it == prior.end() ? r : it->second;
    ResourceChange c = delete_change(record, in.providers->get(r.provider));
    auto drift = refreshed.drift.find(address);
    if (drift != refreshed.drift.end()) {
      c.drift = drift->second;
      c.recorded = r;
    }
    plan.changes.push_back(std::move(c));
  }
  std::sort(plan.changes.begin(), plan.changes.end(),
            [](const ResourceChange& a, const ResourceChange& b) { return a.address < b.address; });
  bool ok = true;
  check_immutable(plan, *in.state, *in.providers, diags, &ok);
  check_prevent_destroy(plan, diags, &ok);
  if (!ok) return std::nullopt;
  summarize(plan, *in.state, *in.providers);
  order_actions(plan, &*spec, &*g);
  if (in.options.targets.empty()) plan_outputs(plan, &*spec);
  else plan.outputs = plan.prior_outputs;
  // Records to clean or refresh in state without touching real objects.
  for (const auto& [address, r] : in.state->resources) {
    auto it = prior.find(address);
    if (it == prior.end() || !(it->second == r)) plan.state_only_changes = true;
  }
  return plan;
}

} // namespace cairn::plan
