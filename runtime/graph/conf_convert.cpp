// Between evaluator values and plain data; see conf_convert.h.
#include "runtime/graph/conf_convert.h"

#include "compiler/lower/ir.h"
#include "compiler/value/number.h"
#include "compiler/value/record.h"
#include "runtime/resource/json.h"

#include <fmt/core.h>

namespace cairn::graph {

namespace {

// Builds a plain value from the walk's events with an explicit stack of open containers.
class Builder final : public eval::Visitor {
public:
  Builder(base::Names& names, const std::vector<std::string>& addresses)
      : names_(names), addresses_(addresses) {}

  void scalar(const std::vector<std::string>& path, eval::Value v) override {
    add(path, convert(v));
  }
  void unknown(const std::vector<std::string>& path, const std::vector<uint32_t>& deps) override {
    std::vector<std::string> from;
    for (uint32_t d : deps) {
      if (d < addresses_.size()) from.push_back(addresses_[d]);
      if (d == kSensitiveDep) sensitive = true;
    }
    add(path, resource::Value::unknown(std::move(from)));
  }
  void enter_record(const std::vector<std::string>& path) override {
    open(path, resource::Value::object());
  }
  void leave_record(const std::vector<std::string>&) override { close(); }
  void enter_array(const std::vector<std::string>& path, size_t) override {
    open(path, resource::Value::array());
  }
  void leave_array(const std::vector<std::string>&) override { close(); }

  bool sensitive = false;

  std::optional<resource::Value> result(std::string* why) {
    if (!problem_.empty()) {
      *why = problem_;
      return std::nullopt;
    }
    if (!root_) return resource::Value::null();
    return std::move(*root_);
  }

private:
  struct Open {
    std::string key;
    resource::Value value;
  };

  resource::Value convert(eval::Value v) {
    if (v.is_null()) return resource::Value::null();
    if (v.is_bool()) return resource::Value::boolean(v.as_bool());
    if (v.is_small_int()) return resource::Value::integer(v.small_int());
    if (v.is_number()) {
      std::string text = value::num::to_string(v);
      std::string canonical = resource::canonical_number_text(text);
      return resource::Value::number(canonical.empty() ? text : canonical);
    }
    if (v.is_string()) return resource::Value::string(std::string(v.as<value::String>()->view()));
    if (v.is_enum_tag()) return resource::Value::string(std::string(names_.text(v.enum_tag())));
    if (problem_.empty()) problem_ = "a function or another value that is not data";
    return resource::Value::null();
  }

  void add(const std::vector<std::string>& path, resource::Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return;
    }
    resource::Value& parent = stack_.back().value;
    if (parent.kind() == resource::ValueKind::Array) {
      parent.as_array().push_back(std::move(v));
    } else {
      parent.as_object().emplace_back(path.empty() ? std::string() : path.back(), std::move(v));
    }
  }

  void open(const std::vector<std::string>& path, resource::Value v) {
    if (stack_.size() >= resource::kMaxValueDepth && problem_.empty())
      problem_ = fmt::format("a value nested deeper than {} levels", resource::kMaxValueDepth);
    stack_.push_back({path.empty() ? std::string() : path.back(), std::move(v)});
  }

  void close() {
    Open top = std::move(stack_.back());
    stack_.pop_back();
    if (top.value.is_object())
      top.value = resource::Value::object(std::move(top.value.as_object()));
    if (stack_.empty()) {
      root_ = std::move(top.value);
      return;
    }
    resource::Value& parent = stack_.back().value;
    if (parent.kind() == resource::ValueKind::Array) {
      parent.as_array().push_back(std::move(top.value));
    } else {
      parent.as_object().emplace_back(std::move(top.key), std::move(top.value));
    }
  }

  base::Names& names_;
  const std::vector<std::string>& addresses_;
  std::vector<Open> stack_;
  std::optional<resource::Value> root_;
  std::string problem_;
};

eval::Value plain_value(eval::Evaluator& ev, const resource::Value& v, uint32_t id, bool top) {
  switch (v.kind()) {
  case resource::ValueKind::Unknown: return ev.unknown({id});
  case resource::ValueKind::Object: {
    std::vector<std::pair<std::string, eval::Value>> fields;
    for (const resource::Member& m : v.as_object())
      fields.emplace_back(m.first, plain_value(ev, m.second, id, false));
    return ev.tracked_record(top ? id : kNotAResource, fields);
  }
  case resource::ValueKind::Array:
    // Arrays of outputs with unknowns inside are unknown as a whole.
    if (v.has_unknown()) return ev.unknown({id});
    return ev.from_json(nlohmann::json::parse(resource::to_json(v).dump()));
  case resource::ValueKind::Null:
  case resource::ValueKind::Bool:
  case resource::ValueKind::Number:
  case resource::ValueKind::String:
    return ev.from_json(nlohmann::json::parse(resource::to_json(v).dump()));
  }
  return ev.unknown({id});
}

base::Loc loc_of_recipe(const value::Field& f) {
  const value::Origin* origin = nullptr;
  uint32_t index = f.lit_index;
  if (f.flags & value::Field::kRecipeTree) {
    const auto* r = static_cast<const value::Recipe*>(f.origin);
    // A merge's value is its later side's; an override's is its winner's (`left`).
    while (r && (r->kind == value::Recipe::Merge || r->kind == value::Recipe::Override))
      r = r->kind == value::Recipe::Merge && r->right ? r->right : r->left;
    if (!r || r->kind != value::Recipe::Leaf) return {};
    origin = r->origin;
    index = r->lit_index;
  } else {
    origin = static_cast<const value::Origin*>(f.origin);
  }
  if (!origin || !origin->lit) return {};
  const ir::RecordLit* lit = origin->lit;
  if (index < lit->nstatic) return {lit->file, lit->statics[index].span};
  if (index - lit->nstatic < lit->ndynamic)
    return {lit->file, lit->dynamics[index - lit->nstatic].span};
  return {lit->file, lit->span};
}

} // namespace

std::optional<resource::Value> to_plain(eval::Evaluator& ev, eval::Value v,
                                        const std::vector<std::string>& addresses,
                                        std::string* why, bool* sensitive) {
  Builder b(ev.program().names, addresses);
  ev.walk(v, b);
  if (sensitive) *sensitive = b.sensitive;
  return b.result(why);
}

eval::Value outputs_value(eval::Evaluator& ev, const resource::Value& outputs, uint32_t id) {
  if (!outputs.is_object()) return ev.unknown({id});
  return plain_value(ev, outputs, id, true);
}

base::Loc field_definition(base::Names& names, eval::Value record, std::string_view name) {
  if (!record.is_record()) return {};
  const auto* r = record.as<value::Record>();
  base::NameId id = names.find(name);
  if (!id.valid()) return {};
  const value::Field* f = r->find(id);
  if (!f) return {};
  if (f->meta && f->meta->definition.valid()) return f->meta->definition;
  if (base::Loc l = loc_of_recipe(*f); l.valid()) return l;
  // A record built from a literal knows it even when its fields have no recipe.
  const ir::RecordLit* lit = r->lit;
  if (!lit) return {};
  const ir::FieldDef* def = nullptr;
  if (f->lit_index < lit->nstatic)
    def = &lit->statics[f->lit_index];
  else if (f->lit_index - lit->nstatic < lit->ndynamic)
    def = &lit->dynamics[f->lit_index - lit->nstatic];
  if (!def || def->name != f->name || def->npieces == 0) return {};
  const ir::FieldPiece& p = def->pieces[def->npieces - 1];
  return p.value ? p.value->loc() : base::Loc{lit->file, p.span};
}

} // namespace cairn::graph
