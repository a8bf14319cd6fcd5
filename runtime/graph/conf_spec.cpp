// Specs in the language; see conf_spec.h for the steps.
#include "runtime/graph/conf_spec.h"

#include "compiler/resolve/program.h"
#include "providers/registry.h"
#include "providers/schema/derive.h"
#include "runtime/graph/conf_convert.h"
#include "runtime/graph/conf_discover.h"
#include "runtime/graph/conf_sensitive.h"
#include "runtime/front/front_end.h"
#include "runtime/graph/meta.h"
#include "compiler/base/sha256.h"
#include "compiler/resolve/resolve.h"
#include "runtime/resource/address.h"

#include <fmt/core.h>
#include <set>

namespace cairn::graph {

struct ConfSpecEvaluator::Session {
  std::unique_ptr<front::FrontEnd> front; // the loaded and checked program, and its evaluator
  std::vector<uint32_t> modules; // the spec's files
  std::vector<uint32_t> values;  // the overrides' values
  unsigned max_seconds = eval::EvaluatorOptions{}.max_seconds; // set_limits
  size_t max_memory = eval::EvaluatorOptions{}.max_memory;
  std::map<std::string, std::string> documents; // set_documents
};

namespace {

// Diagnostics are collected, then forwarded: a retry may replace them, and errors located
// in a provider's contract file are moved to the input of the spec they are about.
struct Buffer {
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags{&consumer};
  size_t mark() const { return consumer.diagnostics.size(); }
};

bool in_provider_contract(const base::SourceMap& sources, base::Loc loc) {
  if (!loc.valid()) return false;
  const std::string& path = sources.get(loc.file).path();
  return path.rfind("cairn/", 0) == 0 && resolve::find_embedded(path).has_value();
}

// Diagnostics from `from` on that point into a provider contract now point at `loc`, the
// input in the spec; the contract's place stays as a label.
void relocate(const base::SourceMap& sources, Buffer& b, size_t from, base::Loc loc,
              const std::string& what) {
  if (!loc.valid()) return;
  for (size_t i = from; i < b.consumer.diagnostics.size(); ++i) {
    diag::Diagnostic& d = b.consumer.diagnostics[i];
    if (!in_provider_contract(sources, d.loc)) continue;
    base::Loc old = d.loc;
    bool labelled = false; // the contract file is shown already
    for (const diag::Label& l : d.labels) labelled = labelled || l.loc.file == old.file;
    d.loc = loc;
    if (d.primary_label.empty()) d.primary_label = what;
    if (!labelled) d.labels.push_back({old, "in this part of the provider's contract"});
  }
}

void forward(Buffer& b, diag::Diagnostics& diags) {
  for (diag::Diagnostic& d : b.consumer.diagnostics) diags.report(std::move(d));
  b.consumer.diagnostics.clear();
}

void register_contracts() { providers::register_builtin_contracts(); }

base::Loc loc_in(const Found& f, const std::string& name) {
  for (const auto& [n, l] : f.field_locs)
    if (n == name) return l;
  return f.loc;
}

// A required input the resource does not give: reported at the resource in the spec, with
// the contract that requires it as a label.
void missing_input(diag::Diagnostics& diags, const Found& f, const std::string& name, base::Loc declared,
                   const std::string& doc) {
  auto b = diags.error(diag::DiagKind::InvalidInput, f.loc,
                       fmt::format("`resources.{}` is missing the required input `{}`", f.address, name));
  b.primary(fmt::format("this resource has no `{}`", name));
  if (declared.valid()) b.label(declared, "required by this contract");
  if (!doc.empty()) b.note(fmt::format("`{}`: {}", name, doc));
  b.help(fmt::format("give the resource a `{} = ...`", name));
}

struct Input {
  base::SourceMap& sources;
  base::Names& names;
  const std::vector<base::FileId>& files;
  const std::vector<FieldOverride>& overrides;
  const std::vector<std::string>& include_dirs;
  // The edge pass: every output unknown, the evaluator in edge mode (runtime/eval/speculate.h),
  // so the unknowns in each resource's inputs name every resource they could read.
  bool edges = false;
  // The program, loaded and checked once, kept across evaluations (each gets a fresh
  // machine); empty until the first evaluation succeeds in loading it.
  ConfSpecEvaluator::Session* session = nullptr;
  // The second edge pass: inputs (by address) overridden with unknowns that depend on the
  // resources they read and on kSensitiveDep (conf_sensitive.h).
  const std::map<std::string, std::map<std::string, std::vector<std::string>>>* tainted = nullptr;
};

// The field a `--` override sets must exist in the spec: else the override is a misspelling.
bool check_override_path(eval::Evaluator& ev, eval::Value top, const FieldOverride& o, base::Loc at,
                         diag::Diagnostics& diags) {
  eval::Value record = top;
  for (size_t i = 0; i < o.path.size(); ++i) {
    std::vector<std::string> names = ev.field_names(record);
    if (std::find(names.begin(), names.end(), o.path[i]) == names.end()) {
      std::vector<std::string_view> candidates(names.begin(), names.end());
      std::string prefix;
      for (size_t k = 0; k < i; ++k) prefix += o.path[k] + ".";
      auto b = diags.error(diag::DiagKind::SpecShape, at,
                           fmt::format("the override sets `{}{}`, which is not a field of the spec", prefix, o.path[i]));
      b.primary("the value given for it");
      if (std::optional<std::string_view> best = resolve::closest_name(o.path[i], candidates))
        b.help(fmt::format("did you mean `{}{}`?", prefix, *best));
      return false;
    }
    if (i + 1 == o.path.size()) return true;
    std::optional<eval::Value> next = ev.get(record, {o.path[i]});
    if (!next) return false;
    record = *next;
  }
  return true;
}

std::optional<Spec> evaluate_spec_in(const Input& in, const OutputsMap& known, Buffer& buf);

// One evaluation; the machine's memory is given back once the spec is plain data (the
// next evaluation starts from a fresh machine anyway), which keeps a plan's peak near the
// larger of the evaluation and the plan rather than their sum.
std::optional<Spec> evaluate_spec(const Input& in, const OutputsMap& known, Buffer& buf) {
  std::optional<Spec> spec = evaluate_spec_in(in, known, buf);
  if (in.session->front) in.session->front->evaluator().release();
  return spec;
}

std::optional<Spec> evaluate_spec_in(const Input& in, const OutputsMap& known, Buffer& buf) {
  base::SourceMap& sources_ = in.sources;
  base::Names& names_ = in.names;
  base::FileId file_ = in.files.front();
  diag::Diagnostics& diags = buf.diags;
  register_contracts();
  eval::EvaluatorOptions opts;
  opts.include_dirs = in.include_dirs;
  opts.edges = in.edges;
  ConfSpecEvaluator::Session& session = *in.session;
  opts.max_seconds = session.max_seconds;
  opts.max_memory = session.max_memory;
  if (session.front) {
    session.front->evaluator().reset(diags, opts);
  } else {
    // The spec's files, then the overrides' values; typed parts of the spec (and of what it
    // imports) are checked before anything runs.
    auto fresh = std::make_unique<front::FrontEnd>(sources_, names_, diags, opts);
    for (const auto& [path, text] : session.documents) fresh->workspace()->set(path, text, 0);
    std::vector<base::FileId> files = in.files;
    for (const FieldOverride& o : in.overrides) files.push_back(o.value);
    std::optional<std::vector<uint32_t>> loaded = fresh->compile(files);
    if (!loaded) return std::nullopt;
    session.front = std::move(fresh);
    session.modules.assign(loaded->begin(), loaded->begin() + static_cast<ptrdiff_t>(in.files.size()));
    session.values.assign(loaded->begin() + static_cast<ptrdiff_t>(in.files.size()), loaded->end());
  }
  eval::Evaluator& ev = session.front->evaluator();
  base::Loc file_loc{file_, {0, 0}};
  // Several files merge like `cairn eval a b`; overrides win over what the files say.
  std::optional<eval::Value> top = session.front->evaluate(session.modules);
  for (size_t i = 0; top && i < in.overrides.size(); ++i) {
    const FieldOverride& o = in.overrides[i];
    base::Loc at{o.value, {0, static_cast<uint32_t>(sources_.get(o.value).text().size())}};
    if (!top->is_record() || !check_override_path(ev, *top, o, at, diags)) return std::nullopt;
    std::optional<eval::Value> v = ev.evaluate(session.values[i]);
    if (!v) return std::nullopt;
    top = ev.inject(*top, o.path, *v, true);
  }
  if (!top) return std::nullopt;
  if (!top->is_record()) {
    diags.error(diag::DiagKind::SpecShape, file_loc,
                fmt::format("a spec must be a record with `resources`, not {}",
                            value::type_article(value::type_of(*top))));
    return std::nullopt;
  }
  bool fields_ok = true;
  for (const std::string& name : ev.field_names(*top)) {
    std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(*top, name);
    if (info && info->not_exported) continue;
    base::Loc loc = field_definition(names_, *top, name);
    fields_ok = check_spec_field(name, loc.valid() ? loc : file_loc, diags) && fields_ok;
  }
  if (!fields_ok) return std::nullopt;
  Spec spec;
  std::vector<std::string> addresses;
  Discovery found;
  base::Loc resources_loc = field_definition(names_, *top, "resources");
  if (!resources_loc.valid()) resources_loc = file_loc;
  eval::Value merged = *top;
  if (has_field(ev, *top, "resources")) {
    std::optional<eval::Value> resources = ev.get(*top, {"resources"});
    if (!resources) return std::nullopt;
    if (!resources->is_record()) {
      diags.error(diag::DiagKind::SpecShape, resources_loc, "`resources` must be a record");
      return std::nullopt;
    }
    // Without outputs merged in, reading them fails; if discovery failed, try again with
    // every output unknown: when the failure came from outputs, the set of resources
    // depends on them, and the second walk says which.
    found = discover(ev, *resources, resources_loc, addresses, diags);
    for (const Found& f : found.found) addresses.push_back(f.address);
    if (found.failed || found.unknown_set) {
      size_t mark = buf.mark();
      std::optional<eval::Value> retry =
          ev.inject(*top, {"resources"}, injection(ev, found.found, known, true));
      std::optional<eval::Value> again = retry ? ev.get(*retry, {"resources"}) : std::nullopt;
      if (again) {
        Discovery second = discover(ev, *again, resources_loc, addresses, diags, &found);
        if (second.unknown_set) {
          // Keep only the second walk's E0607 errors.
          std::vector<diag::Diagnostic> keep;
          for (size_t i = mark; i < buf.consumer.diagnostics.size(); ++i)
            if (buf.consumer.diagnostics[i].kind == diag::DiagKind::ResourcesDependOnUnknown)
              keep.push_back(std::move(buf.consumer.diagnostics[i]));
          buf.consumer.diagnostics = std::move(keep);
          return std::nullopt;
        }
      }
      buf.consumer.diagnostics.resize(mark);
      return std::nullopt;
    }
    // Outputs merged in; the structure must come out the same.
    if (!found.found.empty()) {
      if (in.edges) {
        // Types, quietly: an error here is reported when the resource is read.
        for (Found& f : found.found) {
          size_t mark = buf.mark();
          std::vector<std::string> path{"resources"};
          path.insert(path.end(), f.path.begin(), f.path.end());
          path.push_back("type");
          std::optional<eval::Value> t = ev.get(*top, path);
          if (t && t->is_string()) f.type = std::string(t->as<value::String>()->view());
          buf.consumer.diagnostics.resize(mark);
        }
      }
      auto unknown_outputs = [&](uint32_t id) { return edge_outputs(ev, found.found[id].type, id); };
      std::optional<eval::Value> m = ev.inject(
          *top, {"resources"},
          injection(ev, found.found, known, in.edges, in.edges ? std::function(unknown_outputs) : nullptr));
      if (!m) return std::nullopt;
      merged = *m;
      std::optional<eval::Value> again = ev.get(merged, {"resources"});
      if (!again) return std::nullopt;
      Discovery second = discover(ev, *again, resources_loc, addresses, diags, &found);
      if (second.failed || second.unknown_set) return std::nullopt;
      bool same = second.found.size() == found.found.size();
      for (size_t i = 0; same && i < found.found.size(); ++i)
        same = second.found[i].address == found.found[i].address;
      if (!same) {
        diags
            .error(diag::DiagKind::ResourcesDependOnUnknown, resources_loc,
                   "which resources exist changes once outputs are known")
            .help("which resources exist must not depend on outputs");
        return std::nullopt;
      }
    }
  }
  if (in.tainted) {
    std::map<std::string, uint32_t> index;
    for (uint32_t i = 0; i < addresses.size(); ++i) index[addresses[i]] = i;
    for (const Found& f : found.found) {
      auto t = in.tainted->find(f.address);
      if (t == in.tainted->end()) continue;
      for (const auto& [input, reads] : t->second) {
        std::vector<uint32_t> deps{kSensitiveDep};
        for (const std::string& a : reads)
          if (auto it = index.find(a); it != index.end()) deps.push_back(it->second);
        std::vector<std::string> path{"resources"};
        path.insert(path.end(), f.path.begin(), f.path.end());
        path.push_back(input);
        std::optional<eval::Value> m = ev.inject(merged, path, ev.unknown(deps), true);
        if (!m) return std::nullopt;
        merged = *m;
      }
    }
  }

  eval::DeepOptions deep;
  deep.export_mode = true;
  deep.allow_unknown = true;
  bool ok = true;
  found.locs.clear(); // positions of the walk, needed only by the walks
  spec.resources.reserve(found.found.size());
  for (uint32_t i = 0; i < found.found.size(); ++i) {
    Found& f = found.found[i];
    std::vector<std::string> path{"resources"};
    path.insert(path.end(), f.path.begin(), f.path.end());
    std::optional<eval::Value> record = ev.get(merged, path);
    if (!record) return std::nullopt;
    DesiredResource r;
    r.address = f.address;
    r.loc = f.loc;
    std::vector<Field> fields;
    std::set<std::string> reads;
    bool resource_ok = true;
    for (const std::string& name : ev.field_names(*record)) {
      if (name == "outputs") continue;
      base::Loc loc = loc_in(f, name);
      if (std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(*record, name);
          info && !info->defined && !info->optional) {
        missing_input(diags, f, name, field_definition(names_, *record, name), info->doc);
        resource_ok = false;
        continue;
      }
      size_t mark = buf.mark();
      std::optional<eval::Value> v = ev.get(*record, {name});
      std::optional<eval::Value> forced = v ? ev.deep_force(*v, deep) : std::nullopt;
      if (!forced) {
        relocate(sources_, buf, mark, loc, fmt::format("in input `{}` of `{}`", name, r.address));
        resource_ok = false;
        continue;
      }
      std::string why;
      bool secret = false;
      std::optional<resource::Value> plain = to_plain(ev, *forced, addresses, &why, &secret);
      if (secret) r.sensitive.push_back(name);
      if (!plain) {
        diags.error(
            diag::DiagKind::InvalidInput, loc,
            fmt::format("`{}` of `{}` holds {}; inputs must be data", name, r.address, why));
        resource_ok = false;
        continue;
      }
      plain->collect_unknown_deps(reads);
      fields.push_back({name, std::move(*plain), loc});
    }
    if (!resource_ok) {
      ok = false;
      continue;
    }
    r.reads.assign(reads.begin(), reads.end());
    // What discovery found of this resource is not needed any more: given back now, the
    // walk's records never coexist with all of the resources read (a plan's peak memory).
    std::vector<std::pair<std::string, base::Loc>>().swap(f.field_locs);
    std::vector<std::string>().swap(f.path);
    if (!read_resource(std::move(fields), r, diags)) {
      ok = false;
      continue;
    }
    spec.resources.push_back(std::move(r));
  }
  if (!ok) return std::nullopt;

  for (const char* section : {"outputs", "providers"}) {
    if (!has_field(ev, merged, section)) continue;
    base::Loc loc = field_definition(names_, merged, section);
    std::optional<eval::Value> v = ev.get(merged, {section});
    std::optional<eval::Value> forced = v ? ev.deep_force(*v, deep) : std::nullopt;
    if (!forced) return std::nullopt;
    std::string why;
    std::optional<resource::Value> plain = to_plain(ev, *forced, addresses, &why);
    if (!plain || !plain->is_object()) {
      diags.error(diag::DiagKind::SpecShape, loc.valid() ? loc : file_loc,
                  fmt::format("`{}` must be a record of data{}", section,
                              plain ? "" : ": it holds " + why));
      return std::nullopt;
    }
    if (std::string_view(section) == "outputs") {
      std::set<std::string> reads;
      plain->collect_unknown_deps(reads);
      for (const std::string& name : ev.field_names(*forced)) {
        if (marked_sensitive(ev, *forced, name)) spec.marked_outputs.push_back(name);
        base::Loc l = field_definition(names_, *forced, name);
        spec.output_locs[name] = l.valid() ? l : loc;
        std::optional<eval::Value> one = ev.get(*forced, {name});
        bool secret = false;
        std::string ignored;
        if (one && in.edges) to_plain(ev, *one, addresses, &ignored, &secret);
        if (secret) spec.sensitive_outputs.push_back(name);
      }
      spec.outputs = std::move(*plain);
      spec.outputs_loc = loc;
      spec.outputs_reads.assign(reads.begin(), reads.end());
    } else {
      for (const resource::Member& m : plain->as_object()) {
        spec.providers[m.first] = m.second;
        spec.provider_locs[m.first] = loc;
      }
    }
  }
  return spec;
}

} // namespace

void register_provider_contracts() {
  register_contracts();
}

ConfSpecEvaluator::ConfSpecEvaluator(base::SourceMap& sources, base::Names& names,
                                     base::FileId file, std::vector<std::string> include_dirs)
    : ConfSpecEvaluator(sources, names, std::vector<base::FileId>{file}, {}, std::move(include_dirs)) {}

ConfSpecEvaluator::ConfSpecEvaluator(base::SourceMap& sources, base::Names& names,
                                     std::vector<base::FileId> files, std::vector<FieldOverride> overrides,
                                     std::vector<std::string> include_dirs)
    : sources_(sources), names_(names), files_(std::move(files)), overrides_(std::move(overrides)),
      include_dirs_(std::move(include_dirs)), session_(std::make_unique<Session>()) {}

ConfSpecEvaluator::~ConfSpecEvaluator() = default;

void ConfSpecEvaluator::set_documents(std::map<std::string, std::string> documents) {
  session_->documents = std::move(documents);
}

void ConfSpecEvaluator::set_limits(unsigned max_seconds, size_t max_memory) {
  session_->max_seconds = max_seconds;
  session_->max_memory = max_memory;
}

std::string ConfSpecEvaluator::content_hash() const {
  // Every file and override, each length-prefixed so no two inputs hash alike.
  std::string all;
  auto add = [&](std::string_view part) { all += std::to_string(part.size()) + ":" + std::string(part); };
  for (base::FileId f : files_) add(sources_.get(f).text());
  for (const FieldOverride& o : overrides_) {
    add(resource::address_from_segments(o.path));
    add(sources_.get(o.value).text());
  }
  if (files_.size() == 1 && overrides_.empty()) return base::sha256_hex(sources_.get(files_[0]).text());
  return base::sha256_hex(all);
}

std::optional<Spec> ConfSpecEvaluator::evaluate_values(const OutputsMap& known, diag::Diagnostics& diags) {
  Buffer buf;
  std::optional<Spec> spec =
      evaluate_spec({sources_, names_, files_, overrides_, include_dirs_, false, session_.get()}, known, buf);
  forward(buf, diags);
  return spec;
}

bool ConfSpecEvaluator::taint(const Spec& first, diag::Diagnostics& diags) {
  for (const DesiredResource& r : first.resources) taint_[r.address] = r.sensitive;
  outputs_taint_ = first.sensitive_outputs;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> tainted;
  for (const DesiredResource& r : first.resources)
    for (const std::string& name : sensitive_inputs(r.type, r.inputs)) tainted[r.address][name] = r.reads;
  if (tainted.empty()) return true;
  // What reads a sensitive input is sensitive too: the edge pass again, with those inputs
  // unknown and tainted.
  Buffer buf;
  Input in{sources_, names_, files_, overrides_, include_dirs_, true, session_.get()};
  in.tainted = &tainted;
  std::optional<Spec> second = evaluate_spec(in, {}, buf);
  forward(buf, diags);
  if (!second) return false;
  for (const DesiredResource& r : second->resources) taint_[r.address] = r.sensitive;
  outputs_taint_ = second->sensitive_outputs;
  return true;
}

void ConfSpecEvaluator::apply_taint(Spec& spec) const {
  for (DesiredResource& r : spec.resources)
    if (auto it = taint_.find(r.address); it != taint_.end()) r.sensitive = it->second;
  spec.sensitive_outputs = outputs_taint_;
}

std::optional<Spec> ConfSpecEvaluator::evaluate(const OutputsMap& known, diag::Diagnostics& diags) {
  if (!edges_) {
    // With nothing known, the edge pass gives the values too (they are the same unknowns,
    // only with wider dependencies).
    Buffer buf;
    std::optional<Spec> spec =
        evaluate_spec({sources_, names_, files_, overrides_, include_dirs_, true, session_.get()}, {}, buf);
    forward(buf, diags);
    if (!spec) return std::nullopt;
    edges_.emplace();
    for (const DesiredResource& r : spec->resources) (*edges_)[r.address] = r.reads;
    outputs_edges_ = spec->outputs_reads;
    if (!taint(*spec, diags)) return std::nullopt;
    if (known.empty()) {
      apply_taint(*spec);
      return spec;
    }
  }
  std::optional<Spec> spec = evaluate_values(known, diags);
  if (!spec) return std::nullopt;
  apply_taint(*spec);
  auto widen = [](std::vector<std::string>& reads, const std::vector<std::string>& more) {
    std::set<std::string> all(reads.begin(), reads.end());
    all.insert(more.begin(), more.end());
    reads.assign(all.begin(), all.end());
  };
  for (DesiredResource& r : spec->resources) {
    auto it = edges_->find(r.address);
    if (it != edges_->end()) widen(r.reads, it->second);
  }
  widen(spec->outputs_reads, outputs_edges_);
  return spec;
}

} // namespace cairn::graph
