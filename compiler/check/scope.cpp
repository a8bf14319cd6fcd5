// Scopes, "did you mean", contract identity keys and apparent types; see checker.h.
//
// An *apparent type* is what untyped code tells the checker about a binding without
// checking it: the annotation if there is one, else the shape of a literal (`1` is a
// Number, `[..]` an `Array Dyn`), else `Dyn`. Typed blocks may rely on it.
//
// A *key* names the identity of an opaque contract: `Port` and `lib.Port` are the same
// type as any alias of them (`let P = lib.Port`), but two different definitions of `Port`
// are different types even with the same text.
#include "compiler/ast/kind_cases.h"
#include "compiler/check/checker.h"

#include <algorithm>
#include <fmt/core.h>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

uint32_t Checker::intern_key(const std::string& key) {
  auto [it, inserted] = keys_.emplace(key, static_cast<uint32_t>(keys_.size()));
  return it->second;
}

// Keys: interned alias chains below kBindingKeys, one per binding from kBindingKeys, one
// per contract expression of the checked file from kNodeKeys (no hashing on the hot path).
namespace {
constexpr uint32_t kBindingKeys = 0x40000000u;
constexpr uint32_t kNodeKeys = 0x80000000u;
} // namespace

uint32_t Checker::unique_key(NodeId node) {
  if (record_node_types_) return kNodeKeys + node.index;
  return intern_key(fmt::format("n{}:{}", file_.file_id().index, node.index));
}

uint32_t Checker::alias_key(NodeId expr) {
  // Var or a Select chain on a Var, through parentheses: follow the binding's key.
  std::vector<base::NameId> labels;
  NodeId cur = expr;
  while (cur.valid()) {
    NodeKind k = file_.kind(cur);
    if (k == NodeKind::Paren) {
      cur = file_.child(cur, 0);
    } else if (k == NodeKind::Select && file_.children(cur).size() == 2 &&
               static_label(file_.child(cur, 1)).valid()) {
      labels.push_back(static_label(file_.child(cur, 1)));
      cur = file_.child(cur, 0);
    } else {
      break;
    }
  }
  if (!cur.valid() || file_.kind(cur) != NodeKind::Var) return unique_key(expr);
  const Binding* b = lookup(file_.name(cur));
  if (!b) return unique_key(expr);
  uint32_t key = b->key;
  for (size_t i = labels.size(); i-- > 0;)
    key = intern_key(fmt::format("k{}.{}", key, labels[i].index));
  return key;
}

uint32_t Checker::bind(base::NameId name, TypeId type, NodeId def, uint8_t flags, NodeId value) {
  if (name.index >= heads_.size())
    heads_.resize(names_.size() > name.index ? names_.size() : name.index + 1, kNoBinding);
  uint32_t key = value.valid() ? alias_key(value) : kBindingKeys + binding_serial_;
  ++binding_serial_;
  uint32_t idx = static_cast<uint32_t>(bindings_.size());
  bindings_.push_back(Binding{name, type, heads_[name.index], key, def, flags});
  heads_[name.index] = idx;
  if (record_node_types_ && def.valid() && def.index < result_.node_types.size() && type.valid())
    result_.node_types[def.index] = type;
  return idx;
}

const Binding* Checker::lookup(base::NameId name) const {
  if (name.index >= heads_.size()) return nullptr;
  uint32_t idx = heads_[name.index];
  return idx == kNoBinding ? nullptr : &bindings_[idx];
}

void Checker::pop_to(uint32_t mark) {
  while (bindings_.size() > mark) {
    const Binding& b = bindings_.back();
    heads_[b.name.index] = b.prev;
    bindings_.pop_back();
  }
}

namespace {
// Edit distance where swapping two adjacent characters counts as one edit.
size_t edit_distance(std::string_view a, std::string_view b) {
  size_t w = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * w);
  for (size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v =
          std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[a.size() * w + b.size()];
}
} // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(1, name.size() / 3) + 1;
  for (const std::string& cand : candidates) {
    if (cand == name || cand.empty()) continue;
    size_t d = edit_distance(name, cand);
    if (d < best_d && d < std::max(name.size(), cand.size())) {
      best_d = d;
      best = cand;
    }
  }
  return best;
}

std::string Checker::did_you_mean(std::string_view name, bool with_tyvars,
                                  std::vector<std::string> cands) const {
  for (size_t i = bindings_.size(); i-- > 0;)
    if (heads_[bindings_[i].name.index] == i) cands.emplace_back(names_.text(bindings_[i].name));
  if (with_tyvars)
    for (const auto& [n, t] : tyvars_) cands.emplace_back(names_.text(n));
  return closest_name(name, cands);
}

TypeId Checker::apparent_type(NodeId value, uint8_t* flags) {
  *flags = kApparent;
  NodeId cur = value;
  while (cur.valid()) {
    switch (file_.kind(cur)) {
    case NodeKind::Paren: cur = file_.child(cur, 0); continue;
    case NodeKind::Num: return TypeStore::kNumber;
    case NodeKind::Bool: return TypeStore::kBool;
    case NodeKind::Str: return TypeStore::kString;
    case NodeKind::Array: return types_.array(TypeStore::kDyn);
    case NodeKind::Import: *flags = 0; return import_type(cur);
    case NodeKind::Var: {
      const Binding* b = lookup(file_.name(cur));
      if (!b) return TypeStore::kDyn;
      *flags = b->flags & (kApparent | kRecField);
      return b->type;
    }
    case NodeKind::Annot: {
      MetaInfo m = read_meta(file_.child(cur, 1));
      *flags = 0;
      if (m.type.valid()) return convert(m.type, true);
      if (m.contract.valid()) return convert(m.contract, false);
      cur = file_.child(cur, 0);
      *flags = kApparent;
      continue;
    }
    case NodeKind::Error:
    case NodeKind::Null:
    case NodeKind::SymStr:
    case NodeKind::EnumTag:
    case NodeKind::EnumVariant:
    case NodeKind::Record:
    case NodeKind::Let:
    case NodeKind::Fun:
    case NodeKind::Select:
    case NodeKind::BinOp:
    CAIRN_AST_OPERATION_CASES
    CAIRN_AST_TYPE_FORM_CASES
    CAIRN_AST_PAT_CASES
    CAIRN_AST_PART_CASES return TypeStore::kDyn;
    }
  }
  return TypeStore::kDyn;
}

void Checker::use_variable(NodeId var, TypeId expected, uint32_t origin, bool typed) {
  const Binding* b = lookup(file_.name(var));
  if (!b) {
    if (options_.report_unbound) unbound_variable(var);
    if (typed) result_.node_types[var.index] = TypeStore::kError;
    return;
  }
  if (!typed) return;
  TypeId t = b->type;
  result_.node_types[var.index] = t;
  if ((b->flags & kRecField) && (b->flags & kApparent) &&
      types_.kind(types_.resolve(t)) != TypeKind::Dyn)
    result_.contracts.push_back(ContractSite{ContractSite::Kind::UntypedValue, var, NodeId(), t});
  expect(var, expected, t, origin);
}

} // namespace cairn::check
