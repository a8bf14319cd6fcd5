// The evaluator's public API; see evaluator.h.
#include "runtime/eval/evaluator.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "compiler/resolve/resolve.h"
#include "compiler/value/number.h"
#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/print.h"
#include "stdlib/stdlib.h"

namespace cairn::eval {

Evaluator::Evaluator(base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags, EvaluatorOptions opts) {
  stdlib::register_files();
  loader_ = std::make_unique<resolve::DefaultLoader>();
  loader_->include_dirs = opts.include_dirs;
  own_program_ = std::make_unique<resolve::Program>(sources, names, *loader_);
  program_ = own_program_.get();
  machine_ = std::make_unique<Machine>(*program_, diags, machine_options(opts));
}

Evaluator::Evaluator(resolve::Program& program, diag::Diagnostics& diags, EvaluatorOptions opts)
    : program_(&program) {
  stdlib::register_files();
  machine_ = std::make_unique<Machine>(*program_, diags, machine_options(opts));
}

Options Evaluator::machine_options(const EvaluatorOptions& opts) const {
  Options mo;
  mo.max_frames = opts.max_frames;
  mo.max_memory = opts.max_memory;
  mo.max_seconds = opts.max_seconds;
  mo.edges = opts.edges;
  mo.fast_calls = opts.fast_calls;
  mo.guards = guards_;
  return mo;
}

void Evaluator::reset(diag::Diagnostics& diags, const EvaluatorOptions& opts) {
  machine_.reset();
  machine_ = std::make_unique<Machine>(*program_, diags, machine_options(opts));
}

Evaluator::~Evaluator() = default;

std::optional<uint32_t> Evaluator::load(base::FileId file) {
  return resolve::load_root(*program_, file, machine_->diags());
}

std::optional<Value> Evaluator::evaluate(uint32_t module) {
  origin_ = {program_->module(module).file, {}};
  return machine_->module_value(module);
}

std::optional<Value> Evaluator::evaluate_merged(const std::vector<uint32_t>& modules) {
  if (modules.empty()) return empty_record(*machine_);
  origin_ = {program_->module(modules.back()).file, {}};
  Value acc = machine_->import_value(modules[0]);
  for (size_t i = 1; i < modules.size(); ++i)
    acc = suspend_merge(*machine_, acc, machine_->import_value(modules[i]), {}, {});
  return machine_->force(acc);
}

std::optional<Value> Evaluator::force(Value v) { return machine_->force(v); }

std::optional<Value> Evaluator::get(Value v, const std::vector<std::string>& path) {
  struct GetTask : Task {
    Value v;
    std::vector<base::NameId> path;
    size_t next = 0;
    bool started = false;
    Step resume(Machine& m, Value r) override {
      if (!started) {
        started = true;
        return Step::await(v);
      }
      if (next == path.size()) return Step::ret(r);
      base::NameId name = path[next++];
      Step s = select_field(m, r, name, {}, {});
      if (s.kind == Step::TailForce) return Step::await(s.v);
      if (s.kind == Step::Return) {
        if (next == path.size()) return s;
        return Step::await(s.v);
      }
      return s;
    }
  };
  auto* t = new GetTask();
  t->v = v;
  for (const std::string& p : path) t->path.push_back(program_->names.intern(p));
  return machine_->run_task(t);
}

std::optional<Value> Evaluator::deep_force(Value v, DeepOptions opts) {
  if (!opts.origin.valid()) opts.origin = origin_;
  return machine_->run_task(deep_task(*machine_, v, opts));
}

std::optional<Value> Evaluator::apply(Value f, const std::vector<Value>& args) { return machine_->apply(f, args); }

std::optional<bool> Evaluator::equal(Value a, Value b) {
  std::optional<Value> r = machine_->run_task(equality_task(*machine_, a, b, {}, false));
  if (!r || !r->is_bool()) return std::nullopt;
  return r->as_bool();
}

bool Evaluator::serialize(Value v, Format format, std::string& out, const SerializeOptions& opts) {
  return eval::serialize(*machine_, v, format, out, opts);
}

std::string Evaluator::print(Value v) { return print_value(*machine_, v); }

void Evaluator::walk(Value root, Visitor& visitor) {
  struct Item {
    enum Kind : uint8_t { Visit, LeaveRecord, LeaveArray } kind;
    Value v;
    size_t depth; // length of the parent's path (Visit) or of the container's (Leave)
    std::string key;
    bool root;
  };
  std::vector<std::string> path;
  std::vector<Item> work{{Item::Visit, root, 0, "", true}};
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    path.resize(it.depth);
    if (it.kind == Item::LeaveRecord) {
      visitor.leave_record(path);
      continue;
    }
    if (it.kind == Item::LeaveArray) {
      visitor.leave_array(path);
      continue;
    }
    if (!it.root) path.push_back(it.key);
    Value v = Machine::peek(it.v);
    if (v.is_record()) {
      visitor.enter_record(path);
      auto* r = v.as<value::Record>();
      std::vector<const value::Field*> fields;
      for (uint32_t i = 0; i < r->size(); ++i)
        if (r->fields()[i].defined() && !r->fields()[i].not_exported()) fields.push_back(&r->fields()[i]);
      std::sort(fields.begin(), fields.end(), [&](auto* a, auto* b) {
        return program_->names.text(a->name) < program_->names.text(b->name);
      });
      work.push_back({Item::LeaveRecord, Value(), path.size(), "", false});
      for (size_t i = fields.size(); i-- > 0;)
        work.push_back({Item::Visit, fields[i]->value, path.size(), std::string(program_->names.text(fields[i]->name)),
                        false});
    } else if (v.is_array()) {
      auto* a = v.as<value::Array>();
      visitor.enter_array(path, a->size());
      work.push_back({Item::LeaveArray, Value(), path.size(), "", false});
      for (uint32_t i = a->size(); i-- > 0;)
        work.push_back({Item::Visit, a->data[i], path.size(), std::to_string(i), false});
    } else if (v.is_unknown()) {
      auto* u = v.as<value::Unknown>();
      visitor.unknown(path, std::vector<uint32_t>(u->deps(), u->deps() + u->h.u32));
    } else {
      visitor.scalar(path, v);
    }
  }
}

std::optional<nlohmann::json> Evaluator::to_json(Value v, std::vector<UnknownLeaf>* unknowns) {
  DeepOptions opts;
  opts.export_mode = true;
  opts.allow_unknown = true;
  std::optional<Value> forced = deep_force(v, opts);
  if (!forced) return std::nullopt;
  // Builds the tree with a stack of open containers (walk is iterative, so is this).
  struct Builder : Visitor {
    Evaluator* ev;
    std::vector<UnknownLeaf>* unknowns;
    nlohmann::json root;
    std::vector<nlohmann::json*> open;
    nlohmann::json& slot(const std::vector<std::string>& path) {
      if (open.empty()) return root;
      nlohmann::json& parent = *open.back();
      if (parent.is_array()) {
        parent.push_back(nullptr);
        return parent.back();
      }
      return parent[path.back()];
    }
    void scalar(const std::vector<std::string>& path, Value x) override {
      nlohmann::json& j = slot(path);
      if (x.is_null()) j = nullptr;
      else if (x.is_bool()) j = x.as_bool();
      else if (x.is_string()) j = std::string(x.as<value::String>()->view());
      else if (x.is_enum_tag()) j = std::string(ev->program_->names.text(x.enum_tag()));
      else if (x.is_number()) {
        if (std::optional<int64_t> i = value::num::to_int64(x)) j = *i;
        else j = value::num::to_double(x);
      } else j = ev->print(x);
    }
    void unknown(const std::vector<std::string>& path, const std::vector<uint32_t>& deps) override {
      slot(path) = nullptr;
      if (unknowns) unknowns->push_back({path, deps});
    }
    void enter_record(const std::vector<std::string>& path) override {
      nlohmann::json& j = slot(path);
      j = nlohmann::json::object();
      open.push_back(&j);
    }
    void leave_record(const std::vector<std::string>&) override { open.pop_back(); }
    void enter_array(const std::vector<std::string>& path, size_t size) override {
      nlohmann::json& j = slot(path);
      j = nlohmann::json::array();
      j.get_ref<nlohmann::json::array_t&>().reserve(size); // no reallocation: `open` keeps pointers
      open.push_back(&j);
    }
    void leave_array(const std::vector<std::string>&) override { open.pop_back(); }
  } b;
  b.ev = this;
  b.unknowns = unknowns;
  walk(*forced, b);
  return std::move(b.root);
}

std::optional<Evaluator::FieldInfo> Evaluator::field_info(Value record, const std::string& name) {
  record = Machine::peek(record);
  if (!record.is_record()) return std::nullopt;
  const value::Field* f = record.as<value::Record>()->find(program_->names.intern(name));
  if (!f) return std::nullopt;
  FieldInfo info;
  info.defined = f->defined();
  info.optional = f->optional();
  info.not_exported = f->not_exported();
  info.value = f->value;
  switch (f->prio) {
  case value::PrioKind::Default: info.priority = "default"; break;
  case value::PrioKind::Force: info.priority = "force"; break;
  case value::PrioKind::Numeric:
    if (f->meta && !f->meta->priority.is_none()) info.priority = value::num::to_string(f->meta->priority);
    break;
  }
  if (f->meta) {
    if (f->meta->doc) info.doc.assign(f->meta->doc, f->meta->doc_size);
    if (const value::ContractList* l = f->meta->contracts) {
      for (uint32_t i = 0; i < l->size; ++i) {
        const Label* label = l->items()[i].label.as<Label>();
        if (!label->contract.valid()) continue;
        std::string_view text = program_->sources.get(label->contract.file).text();
        info.contracts.emplace_back(text.substr(label->contract.span.begin, label->contract.span.size()));
      }
    }
  }
  return info;
}

std::vector<std::string> Evaluator::field_names(Value record, bool with_optional) {
  std::vector<std::string> out;
  record = Machine::peek(record);
  if (!record.is_record()) return out;
  auto* r = record.as<value::Record>();
  for (uint32_t i = 0; i < r->size(); ++i) {
    const value::Field& f = r->fields()[i];
    if (f.defined() || !f.optional() || with_optional) out.emplace_back(program_->names.text(f.name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Value Evaluator::unknown(const std::vector<uint32_t>& deps) { return make_unknown(*machine_, deps); }

Value Evaluator::tracked_record(uint32_t tracked_id, const std::vector<std::pair<std::string, Value>>& fields) {
  std::vector<std::pair<base::NameId, Value>> sorted;
  for (auto& [k, v] : fields) sorted.emplace_back(program_->names.intern(k), v);
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.first < b.first; });
  value::Record* r = new_record(*machine_, static_cast<uint32_t>(sorted.size()));
  for (size_t i = 0; i < sorted.size(); ++i)
    r->fields()[i] = value::Field{sorted[i].first, 0, value::PrioKind::Numeric, 0, nullptr, sorted[i].second, nullptr};
  r->h.flags |= value::Record::kTracked;
  machine_->tracked.emplace_back(r, tracked_id);
  return Value::object(r);
}

Value Evaluator::string(std::string_view s) { return make_string(*machine_, s); }
Value Evaluator::number(int64_t n) { return Value::small_int(n); }
Value Evaluator::from_json(const nlohmann::json& j) { return json_to_value(*machine_, j); }

std::optional<Value> Evaluator::inject(Value spec, const std::vector<std::string>& path, Value value, bool force) {
  Value patch = value;
  for (size_t i = path.size(); i-- > 0;) {
    value::Record* r = new_record(*machine_, 1);
    value::PrioKind prio = force && i + 1 == path.size() ? value::PrioKind::Force : value::PrioKind::Numeric;
    r->fields()[0] = value::Field{program_->names.intern(path[i]), 0, prio, 0, nullptr, patch, nullptr};
    patch = Value::object(r);
  }
  return machine_->force(suspend_merge(*machine_, spec, patch, {}, {}));
}

} // namespace cairn::eval
