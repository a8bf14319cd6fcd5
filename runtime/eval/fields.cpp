// Field assembly, priorities and re-closing; see fields.h.
#include "runtime/eval/fields.h"

#include "compiler/value/number.h"

#include <algorithm>

namespace cairn::eval {

using value::Field;
using value::PrioKind;

FieldData field_data(const Field& f) {
  FieldData d;
  d.name = f.name;
  d.flags = f.flags & (Field::kOptional | Field::kNotExported);
  d.prio = f.prio;
  d.raw = f.raw();
  if (f.meta) {
    d.priority = f.meta->priority;
    if (f.meta->contracts) {
      const value::ContractList* l = f.meta->contracts;
      d.contracts.append(l->items(), l->items() + l->size);
    }
    d.doc = f.meta->doc;
    d.doc_size = f.meta->doc_size;
    d.definition = f.meta->definition;
  }
  if (f.flags & Field::kRecipeTree) d.tree = static_cast<const value::Recipe*>(f.origin);
  else d.origin = static_cast<const value::Origin*>(f.origin);
  d.lit_index = f.lit_index;
  return d;
}

FieldData field_data(const value::Record* r, const Field& f) {
  FieldData d = field_data(f);
  if (!d.definition.valid() && r->lit && f.lit_index < r->lit->nstatic + r->lit->ndynamic) {
    const ir::FieldDef& def = lit_field(r->lit, f.lit_index);
    if (def.name == f.name && def.npieces > 0) {
      const ir::FieldPiece& p = def.pieces[def.npieces - 1];
      d.definition = p.value ? p.value->loc() : base::Loc{r->lit->file, p.span};
    }
  }
  return d;
}

namespace {

bool same_loc(base::Loc a, base::Loc b) { return a.file == b.file && a.span == b.span; }

// Points a pending contract's label at `definition` (copying the label) unless it already
// blames that place.
void relabel(Machine& m, value::PendingContract& c, base::Loc definition) {
  if (!c.label.is(value::ObjKind::Label)) return;
  const Label* l = c.label.as<Label>();
  base::Loc current = l->code ? l->code->loc() : l->value;
  if (same_loc(current, definition)) return;
  Label* copy = label_copy(m, l);
  copy->code = nullptr;
  copy->value = definition;
  c.label = Value::object(copy);
}

} // namespace

Field materialize(Machine& m, const FieldData& d) {
  Field f{};
  f.name = d.name;
  f.flags = d.flags;
  f.prio = d.prio;
  f.lit_index = d.lit_index;
  if (d.tree) {
    f.origin = d.tree;
    f.flags |= Field::kRecipeTree;
  } else {
    f.origin = d.origin;
  }
  const value::ContractList* list = nullptr;
  if (!d.contracts.empty()) {
    auto* l = static_cast<value::ContractList*>(
        m.arena().alloc(sizeof(value::ContractList) + sizeof(value::PendingContract) * d.contracts.size()));
    l->size = static_cast<uint32_t>(d.contracts.size());
    l->reserved = 0;
    for (size_t i = 0; i < d.contracts.size(); ++i) l->items()[i] = d.contracts[i];
    // A contract declared on one side of a merge checks the value that won: blame where
    // that value is defined, not the annotation's own default or declaration.
    if (!d.raw.is_none() && d.definition.valid())
      for (size_t i = 0; i < d.contracts.size(); ++i) relabel(m, l->items()[i], d.definition);
    list = l;
  }
  f.value = d.raw.is_none() || !list ? d.raw : suspend_contracts(m, d.raw, list);
  if (list || !d.priority.is_none() || d.doc || (d.raw.is_none() && d.definition.valid())) {
    auto* meta = m.arena().make<value::FieldMeta>();
    *meta = value::FieldMeta{};
    meta->raw = d.raw;
    meta->contracts = list;
    meta->priority = d.priority;
    meta->doc = d.doc;
    meta->doc_size = d.doc_size;
    meta->definition = d.definition;
    f.meta = meta;
  }
  return f;
}

int compare_priority(const FieldData& a, const FieldData& b) {
  if (a.prio != b.prio) return a.prio < b.prio ? -1 : 1;
  if (a.prio != PrioKind::Numeric) return 0;
  Value x = a.priority.is_none() ? Value::small_int(0) : a.priority;
  Value y = b.priority.is_none() ? Value::small_int(0) : b.priority;
  return value::num::compare(x, y);
}

namespace {

const value::Recipe* as_recipe(Machine& m, const FieldData& d) {
  if (d.tree) return d.tree;
  auto* r = m.arena().make<value::Recipe>();
  *r = value::Recipe{};
  if (d.origin) {
    r->kind = value::Recipe::Leaf;
    r->origin = d.origin;
    r->lit_index = d.lit_index;
  } else {
    r->kind = value::Recipe::Plain;
    r->plain = d.raw;
  }
  return r;
}

const value::Recipe* merge_recipe(Machine& m, const FieldData& l, const FieldData& r) {
  auto* t = m.arena().make<value::Recipe>();
  *t = value::Recipe{};
  t->kind = value::Recipe::Merge;
  t->left = as_recipe(m, l);
  t->right = as_recipe(m, r);
  return t;
}

// A recipe whose value is `value`'s (null: none) while `kept` only lends its contracts.
const value::Recipe* override_recipe(Machine& m, const value::Recipe* value, const value::Recipe* kept) {
  auto* t = m.arena().make<value::Recipe>();
  *t = value::Recipe{};
  t->kind = value::Recipe::Override;
  t->left = value;
  t->right = kept;
  return t;
}

} // namespace

FieldData merge_field(Machine& m, FieldData&& l, FieldData&& r, base::Loc site) {
  FieldData out;
  out.name = l.name;
  bool lv = !l.raw.is_none(), rv = !r.raw.is_none();
  int cmp = compare_priority(l, r);
  const FieldData* winner = nullptr;
  if (lv && rv) {
    if (cmp > 0) winner = &l;
    else if (cmp < 0) winner = &r;
  } else if (lv) {
    winner = &l;
  } else if (rv) {
    winner = &r;
  }
  if (winner) {
    out.raw = winner->raw;
    out.prio = winner->prio;
    out.priority = winner->priority;
    out.origin = winner->origin;
    out.lit_index = winner->lit_index;
    out.tree = winner->tree;
    out.definition = winner->definition;
    // The loser's contracts stay: keep its recipe so later merges re-close them too.
    const FieldData& loser = winner == &l ? r : l;
    if (!loser.contracts.empty() && loser.has_recipe()) {
      out.tree = override_recipe(m, as_recipe(m, *winner), as_recipe(m, loser));
      out.origin = nullptr;
    }
  } else if (lv && rv) {
    out.raw = suspend_merge(m, l.raw, r.raw, site, l.name, l.definition, r.definition);
    out.prio = l.prio;
    out.priority = l.priority;
    if (l.has_recipe() || r.has_recipe()) out.tree = merge_recipe(m, l, r);
    out.definition = l.definition.valid() ? l.definition : r.definition;
  } else {
    // Neither side has a value: keep the higher priority for later merges.
    const FieldData& hi = cmp >= 0 ? l : r;
    out.prio = hi.prio;
    out.priority = hi.priority;
    out.definition = l.definition.valid() ? l.definition : r.definition;
    bool lc = !l.contracts.empty() && l.has_recipe(), rc = !r.contracts.empty() && r.has_recipe();
    if (lc || rc) {
      out.tree = override_recipe(m, nullptr, lc && rc ? merge_recipe(m, l, r) : as_recipe(m, lc ? l : r));
    }
  }
  bool optional = (l.flags & Field::kOptional) && (r.flags & Field::kOptional);
  bool not_exported = (l.flags | r.flags) & Field::kNotExported;
  out.flags = (optional ? Field::kOptional : 0) | (not_exported ? Field::kNotExported : 0);
  out.contracts = std::move(l.contracts);
  for (const value::PendingContract& c : r.contracts) {
    bool dup = false;
    for (const value::PendingContract& e : out.contracts)
      if (e.contract == c.contract) dup = true;
    if (!dup) out.contracts.push_back(c);
  }
  out.doc = l.doc ? l.doc : r.doc;
  out.doc_size = l.doc ? l.doc_size : r.doc_size;
  return out;
}

value::Env* Recloser::frame_for(const value::Origin* o) {
  for (auto& [origin, frame] : frames_)
    if (origin == o) return frame;
  value::Env* frame = m_.new_env(o->lit->frame_size, o->outer);
  frames_.emplace_back(o, frame);
  return frame;
}

Value Recloser::tree(const value::Recipe* root) {
  // Post-order over the recipe tree, iteratively: a field merged many times has a deep one.
  struct Item {
    const value::Recipe* r;
    bool expanded;
  };
  std::vector<Item> work{{root, false}};
  std::vector<Value> out;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    switch (it.r->kind) {
    case value::Recipe::Plain: out.push_back(it.r->plain); break;
    case value::Recipe::Leaf:
      out.push_back(instantiate_field(m_, it.r->origin->lit, it.r->lit_index, frame_for(it.r->origin), true).raw);
      break;
    case value::Recipe::Override:
      if (it.r->left) work.push_back({it.r->left, false});
      else out.push_back(Value());
      break;
    case value::Recipe::Merge:
      if (!it.expanded) {
        work.push_back({it.r, true});
        work.push_back({it.r->right, false});
        work.push_back({it.r->left, false});
      } else {
        Value b = out.back();
        out.pop_back();
        Value a = out.back();
        out.back() = suspend_merge(m_, a, b, {}, {});
      }
      break;
    }
  }
  return out.back();
}

Value Recloser::raw(const FieldData& d) {
  if (d.tree) return tree(d.tree);
  if (d.origin) return instantiate_field(m_, d.origin->lit, d.lit_index, frame_for(d.origin), true).raw;
  return d.raw;
}

namespace {

// Whether a contract's code may read its literal's frame: a constant (`Number`) or a name
// from outside the record (`Port`) is the same value in every frame.
bool refers_to_frame(const ir::Node* code) {
  if (code->kind == ir::Kind::Const) return false;
  if (code->kind == ir::Kind::Var) return static_cast<const ir::Var*>(code)->depth == 0;
  return true;
}

} // namespace

void Recloser::reclose_contracts(FieldData& d) {
  if (d.origin) {
    reclose_leaf(d, d.origin, d.lit_index);
    return;
  }
  // The literal fields of the recipe (each instance once), iteratively: trees can be deep.
  llvm::SmallVector<std::pair<const value::Origin*, uint16_t>, 4> leaves;
  llvm::SmallVector<const value::Recipe*, 8> work{d.tree};
  while (!work.empty()) {
    const value::Recipe* r = work.back();
    work.pop_back();
    if (r->kind == value::Recipe::Merge || r->kind == value::Recipe::Override) {
      work.push_back(r->right);
      if (r->left) work.push_back(r->left);
    } else if (r->kind == value::Recipe::Leaf &&
               std::find(leaves.begin(), leaves.end(), std::pair{r->origin, r->lit_index}) ==
                   leaves.end()) {
      leaves.emplace_back(r->origin, r->lit_index);
    }
  }
  for (auto [origin, index] : leaves) reclose_leaf(d, origin, index);
}

void Recloser::reclose_leaf(FieldData& d, const value::Origin* origin, uint16_t index) {
  const ir::RecordLit* lit = origin->lit;
  const ir::FieldDef& def = lit_field(lit, index);
  for (uint32_t p = 0; p < def.npieces; ++p) {
    for (uint32_t u = 0; u < def.pieces[p].ncontracts; ++u) {
      const ir::ContractUse* use = &def.pieces[p].contracts[u];
      if (!refers_to_frame(use->contract)) continue;
      // The pending contract this use made carries a label naming the declaration; one
      // re-closed already (for another instance of the literal) is not taken again.
      auto it = std::find_if(reclosed_.begin(), reclosed_.end(), [&](const Reclosed& r) {
        return r.origin == origin && r.use == use;
      });
      if (it == reclosed_.end()) {
        reclosed_.push_back({origin, use, m_.delay(use->contract, frame_for(origin))});
        it = reclosed_.end() - 1;
      }
      for (value::PendingContract& c : d.contracts) {
        if (c.contract == it->contract || !c.label.is(value::ObjKind::Label)) continue;
        const Label* l = c.label.as<Label>();
        if (l->contract.file != lit->file || !(l->contract.span == use->span)) continue;
        if (std::any_of(reclosed_.begin(), reclosed_.end(),
                        [&](const Reclosed& r) { return r.contract == c.contract; }))
          continue;
        c.contract = it->contract;
        break;
      }
    }
  }
}

void Recloser::fill(const value::Record* rec) {
  for (auto& [origin, frame] : frames_) {
    const ir::RecordLit* lit = origin->lit;
    for (uint32_t k = 0; k < lit->nstatic; ++k) {
      const Field* f = rec->find(lit->statics[k].name);
      frame->slots()[k] = f ? f->value : Value();
    }
  }
}

Field reclose_field(Machine& m, Recloser& rc, const Field& f) {
  if (!f.origin) return f;
  FieldData d = field_data(f);
  d.raw = rc.raw(d);
  rc.contracts(d);
  return materialize(m, d);
}

} // namespace cairn::eval
