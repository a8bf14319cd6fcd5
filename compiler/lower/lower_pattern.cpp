// Lowering of patterns (let, fun and match): binders take slots of the current frame; the
// alternatives of an or-pattern bind the same names and share their slots.
#include "compiler/ast/kind_cases.h"
#include "compiler/lower/lower_impl.h"
#include "compiler/value/number.h"
#include "compiler/value/string.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;

namespace {

uint32_t binder_slot(Lowerer& l, NodeId binder, base::NameId name) {
  uint32_t slot;
  if (!l.or_scopes_.empty()) {
    auto& scope = l.or_scopes_.back();
    auto it = scope.find(name.index);
    if (it != scope.end()) {
      slot = it->second;
    } else {
      slot = l.new_slot();
      scope.emplace(name.index, slot);
    }
  } else {
    slot = l.new_slot();
  }
  l.assign_slot(binder, slot);
  return slot;
}

} // namespace

const ir::Pattern* Lowerer::pattern(NodeId p) {
  auto* out = arena_.make<ir::Pattern>();
  *out = ir::Pattern{};
  out->file = m_.file;
  out->span = f_.span(p);
  if (!check_depth(p)) {
    out->kind = ir::PatKind::Wildcard;
    return out;
  }
  switch (f_.kind(p)) {
  case NodeKind::PatAny:
    out->kind = ir::PatKind::Any;
    out->name = f_.name(p);
    out->slot = binder_slot(*this, p, out->name);
    break;
  case NodeKind::PatWildcard: out->kind = ir::PatKind::Wildcard; break;
  case NodeKind::PatConst: {
    out->kind = ir::PatKind::Const;
    NodeId c = f_.child(p, 0);
    const ir::Node* v = f_.kind(c) == NodeKind::Num ? number(c, f_.has_flag(p, ast::kNegative)) : expr(c);
    if (v->kind == ir::Kind::Const) out->constant = static_cast<const ir::Const*>(v)->value;
    else error(diag::DiagKind::NotImplemented, c, "a constant pattern must be a literal");
    break;
  }
  case NodeKind::PatEnum: {
    out->kind = ir::PatKind::Enum;
    out->name = f_.name(p);
    ast::Children kids = f_.children(p);
    if (!kids.empty() && kids[0].valid()) out->sub = pattern(kids[0]);
    break;
  }
  case NodeKind::PatRecord: {
    out->kind = ir::PatKind::Record;
    if (f_.has_flag(p, ast::kOpen)) out->flags |= ir::Pattern::kOpen;
    std::vector<ir::PatField> fields;
    for (NodeId k : f_.children(p)) {
      ir::PatField pf{};
      pf.name = f_.name(k);
      pf.span = f_.span(k);
      NodeId meta = f_.child(k, 0), dflt = f_.child(k, 1), sub = f_.child(k, 2);
      if (meta.valid()) {
        std::vector<ir::ContractUse> uses = contracts_of(meta);
        pf.ncontracts = static_cast<uint32_t>(uses.size());
        pf.contracts = uses.empty() ? nullptr : copy(uses);
      }
      if (dflt.valid()) pf.default_value = expr(dflt);
      if (sub.valid()) {
        pf.pattern = pattern(sub);
      } else {
        auto* any = arena_.make<ir::Pattern>();
        *any = ir::Pattern{};
        any->kind = ir::PatKind::Any;
        any->file = m_.file;
        any->span = f_.span(k);
        any->name = pf.name;
        any->slot = binder_slot(*this, k, pf.name);
        pf.pattern = any;
      }
      fields.push_back(pf);
    }
    out->n = static_cast<uint32_t>(fields.size());
    out->fields = copy(fields);
    if (f_.has_flag(p, ast::kRest)) {
      out->flags |= ir::Pattern::kRest | ir::Pattern::kOpen;
      out->name = base::NameId(f_.payload(p));
      out->slot = binder_slot(*this, p, out->name);
    }
    break;
  }
  case NodeKind::PatArray: {
    out->kind = ir::PatKind::Array;
    if (f_.has_flag(p, ast::kOpen)) out->flags |= ir::Pattern::kOpen;
    std::vector<const ir::Pattern*> items;
    for (NodeId k : f_.children(p)) items.push_back(pattern(k));
    out->n = static_cast<uint32_t>(items.size());
    out->items = array(items);
    if (f_.has_flag(p, ast::kRest)) {
      out->flags |= ir::Pattern::kRest | ir::Pattern::kOpen;
      out->name = base::NameId(f_.payload(p));
      out->slot = binder_slot(*this, p, out->name);
    }
    break;
  }
  case NodeKind::PatOr: {
    out->kind = ir::PatKind::Or;
    or_scopes_.emplace_back();
    std::vector<const ir::Pattern*> items;
    for (NodeId k : f_.children(p)) items.push_back(pattern(k));
    std::unordered_map<uint32_t, uint32_t> bound = std::move(or_scopes_.back());
    or_scopes_.pop_back();
    // An enclosing or-pattern must see these names too.
    if (!or_scopes_.empty())
      for (auto& [name, slot] : bound) or_scopes_.back().emplace(name, slot);
    out->n = static_cast<uint32_t>(items.size());
    out->items = array(items);
    break;
  }
  case NodeKind::PatAlias:
    out->kind = ir::PatKind::Alias;
    out->name = f_.name(p);
    out->slot = binder_slot(*this, p, out->name);
    out->sub = pattern(f_.child(p, 0));
    break;
  CAIRN_AST_EXPR_CASES
  case NodeKind::PatField:
  CAIRN_AST_PART_CASES out->kind = ir::PatKind::Wildcard; break;
  }
  return out;
}

} // namespace cairn::lower
