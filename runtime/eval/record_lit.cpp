// Record literals at run time: instantiating a RecordLit in an environment (its frame,
// its fields with recipes, metadata and contracts, dynamic fields), and field access.
#include <fmt/core.h>

#include <algorithm>

#include "compiler/resolve/resolve.h"
#include "runtime/eval/fields.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

using value::Field;

const ir::FieldDef& lit_field(const ir::RecordLit* lit, uint32_t index) {
  return index < lit->nstatic ? lit->statics[index] : lit->dynamics[index - lit->nstatic];
}

FieldData instantiate_field(Machine& m, const ir::RecordLit* lit, uint32_t index, value::Env* frame, bool raw_only) {
  const ir::FieldDef& def = lit_field(lit, index);
  FieldData out;
  for (uint32_t p = 0; p < def.npieces; ++p) {
    const ir::FieldPiece& piece = def.pieces[p];
    FieldData d;
    d.name = def.name;
    d.flags = piece.flags;
    d.prio = piece.prio;
    d.priority = piece.priority;
    d.raw = piece.value ? m.delay(piece.value, frame) : Value();
    d.doc = piece.doc;
    d.doc_size = piece.doc_size;
    d.definition = piece.value ? piece.value->loc() : base::Loc{lit->file, piece.span};
    if (!raw_only) {
      for (uint32_t c = 0; c < piece.ncontracts; ++c) {
        const ir::ContractUse& use = piece.contracts[c];
        Label* label = make_label(m, {lit->file, use.span}, {lit->file, piece.span});
        label = label_push(m, label, PathElem::Field, def.name);
        label->code = piece.value;
        d.contracts.push_back({m.delay(use.contract, frame), Value::object(label)});
      }
    }
    out = p == 0 ? std::move(d) : merge_field(m, std::move(out), std::move(d), {lit->file, def.span});
  }
  out.name = def.name;
  return out;
}

Value build_record(Machine& m, const ir::RecordLit* lit, value::Env* env, const Value* dyn_names,
                   value::Env* made) {
  value::Env* frame = env;
  const value::Origin* origin = nullptr;
  if (lit->needs_frame) {
    frame = made ? made : m.new_env(lit->frame_size, env);
    auto* o = m.arena().make<value::Origin>();
    o->lit = lit;
    o->outer = env;
    m.capture(env);
    origin = o;
  }
  if (lit->simple && !dyn_names) {
    value::Record* r = new_record(m, lit->nstatic);
    for (uint32_t i = 0; i < lit->nstatic; ++i) {
      const ir::FieldDef& d = lit->statics[i];
      Field& f = r->fields()[i];
      f.name = d.name;
      f.flags = 0;
      f.prio = value::PrioKind::Numeric;
      f.lit_index = static_cast<uint16_t>(i);
      f.origin = d.self_ref ? origin : nullptr;
      f.value = m.delay(d.pieces[0].value, frame);
      f.meta = nullptr;
      if (origin) frame->slots()[i] = f.value;
    }
    if (lit->open) r->h.flags |= value::Record::kOpen;
    r->lit = lit;
    return Value::object(r);
  }
  std::vector<FieldData> fields;
  fields.reserve(lit->nstatic + lit->ndynamic);
  for (uint32_t i = 0; i < lit->nstatic; ++i) {
    FieldData d = instantiate_field(m, lit, i, frame);
    if (lit->statics[i].self_ref) {
      d.origin = origin;
      d.lit_index = static_cast<uint16_t>(i);
      d.tree = nullptr;
    } else {
      d.origin = nullptr;
      d.tree = nullptr;
    }
    fields.push_back(std::move(d));
  }
  for (uint32_t j = 0; dyn_names && j < lit->ndynamic; ++j) {
    uint32_t index = lit->nstatic + j;
    FieldData d = instantiate_field(m, lit, index, frame);
    d.name = m.names().intern(dyn_names[j].as<value::String>()->view());
    if (lit->dynamics[j].self_ref) {
      d.origin = origin;
      d.lit_index = static_cast<uint16_t>(index);
    } else {
      d.origin = nullptr;
    }
    d.tree = nullptr;
    auto pos = std::lower_bound(fields.begin(), fields.end(), d.name,
                                [](const FieldData& f, base::NameId n) { return f.name < n; });
    if (pos != fields.end() && pos->name == d.name) {
      *pos = merge_field(m, std::move(*pos), std::move(d), {lit->file, lit->dynamics[j].span});
    } else {
      fields.insert(pos, std::move(d));
    }
  }
  value::Record* r = new_record(m, static_cast<uint32_t>(fields.size()));
  for (uint32_t i = 0; i < fields.size(); ++i) r->fields()[i] = materialize(m, fields[i]);
  // Field i keeps lit_index only when it is a static field of this literal (the others,
  // dynamic or merged with one, do not).
  r->lit = lit;
  for (uint32_t i = 0, k = 0; i < fields.size(); ++i) {
    while (k < lit->nstatic && lit->statics[k].name < fields[i].name) ++k;
    bool is_static = k < lit->nstatic && lit->statics[k].name == fields[i].name;
    if (!fields[i].origin) r->fields()[i].lit_index = is_static ? static_cast<uint16_t>(k) : 0xffff;
  }
  if (lit->open) r->h.flags |= value::Record::kOpen;
  if (origin) {
    for (uint32_t k = 0; k < lit->nstatic; ++k) {
      const Field* f = r->find(lit->statics[k].name);
      frame->slots()[k] = f ? f->value : Value();
    }
  }
  return Value::object(r);
}

Step build_record_dynamic(Machine& m, const ir::Record* r, value::Env* names_env, const Value* names) {
  value::Env* frame = r->lit->needs_frame ? names_env : nullptr;
  value::Env* env = frame ? frame->parent : names_env;
  Value unknown;
  for (uint32_t j = 0; j < r->lit->ndynamic; ++j) {
    if (names[j].is_unknown()) {
      unknown = unknown_union(m, unknown, names[j]);
      continue;
    }
    if (!names[j].is_string()) {
      return m.fail(diag::DiagKind::EvalTypeMismatch, r->lit->dynamics[j].name_expr->loc(),
                    fmt::format("expected a string as a field name, got {}", describe(m, names[j])));
    }
  }
  if (!unknown.is_none()) return widen_record(m, unknown, r, env, names);
  return Step::ret(build_record(m, r->lit, env, names, frame));
}

Step select_field(Machine& m, Value rec, base::NameId name, base::Loc at, base::Loc rec_loc) {
  if (rec.is_record()) {
    auto* r = rec.as<value::Record>();
    const Field* f = r->find(name);
    if (r->h.flags & value::Record::kTracked && m.observer) {
      for (auto& [tracked, id] : m.tracked)
        if (tracked == r) m.observer->on_read(id, name);
    }
    if (f && f->defined()) return Step::force(f->value);
    std::string_view text = m.names().text(name);
    if (f) {
      auto b = m.error(diag::DiagKind::MissingFieldDefinition, at, fmt::format("missing definition for `{}`", text));
      b.primary("required here");
      if (f->meta && f->meta->definition.valid()) b.label(f->meta->definition, "declared here");
      b.help("give the field a value, or merge the record with one that defines it");
      return Step::fail();
    }
    std::vector<std::string_view> candidates;
    for (uint32_t i = 0; i < r->size(); ++i)
      if (r->fields()[i].defined() || !r->fields()[i].optional()) candidates.push_back(m.names().text(r->fields()[i].name));
    auto b = m.error(diag::DiagKind::NoSuchField, at, fmt::format("missing field `{}`", text));
    b.primary("this record has no field with that name");
    if (auto best = resolve::closest_name(text, candidates)) b.help(fmt::format("did you mean `{}`?", *best));
    else if (!candidates.empty() && candidates.size() <= 8) {
      std::sort(candidates.begin(), candidates.end());
      std::string all;
      for (std::string_view c : candidates) all += (all.empty() ? "`" : ", `") + std::string(c) + "`";
      b.note(fmt::format("the record has {}", all));
    }
    return Step::fail();
  }
  if (rec.is_unknown()) return Step::ret(rec);
  return m.fail(diag::DiagKind::EvalTypeMismatch, rec_loc,
                fmt::format("cannot access field `{}`: expected a record, got {}", m.names().text(name),
                            describe(m, rec)));
}

} // namespace cairn::eval
