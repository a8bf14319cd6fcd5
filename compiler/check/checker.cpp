// The checker's main loop and shared helpers; see checker.h.
#include "compiler/check/checker.h"

#include "compiler/check/type_walk.h"

#include <fmt/core.h>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

namespace {
// Frames beyond this many mean a pathological input; we stop with a diagnostic.
constexpr size_t kMaxFrames = size_t(1) << 24;
} // namespace

Checker::Checker(const base::SourceMap& sources, const ast::File& file, const Options& options,
                 diag::Diagnostics& diags, Result& result)
    : sources_(sources), file_(file), source_(sources.get(file.file_id())), options_(options),
      diags_(diags), result_(result), types_(*result.types), unifier_(*result.types),
      names_(file.names()) {
  origins_.push_back(Origin{OriginKind::None, NodeId(), TypeId()});
  path_parent_.push_back(0); // path 0: the root of a pattern
  std_name_ = names_.intern("std");
}

uint32_t Checker::origin(OriginKind kind, NodeId node, TypeId type) {
  if (kind == OriginKind::None || !node.valid()) return 0;
  origins_.push_back(Origin{kind, node, type});
  return static_cast<uint32_t>(origins_.size() - 1);
}

bool Checker::expect(NodeId node, TypeId expected, TypeId found, uint32_t origin, RelateMode mode) {
  Failure fail = unifier_.relate(expected, found, mode, level_);
  if (!fail) return true;
  report(fail, node, expected, found, origin);
  return false;
}

MetaInfo Checker::read_meta(NodeId meta) const {
  MetaInfo info{};
  if (!meta.valid() || file_.kind(meta) != NodeKind::Meta) return info;
  for (NodeId a : file_.children(meta)) {
    if (!a.valid() || file_.children(a).empty()) continue;
    NodeKind k = file_.kind(a);
    if (k == NodeKind::TypeAnnot && !info.type.valid()) {
      info.type = file_.child(a, 0);
      info.type_annot = a;
    } else if (k == NodeKind::ContractAnnot && !info.contract.valid()) {
      info.contract = file_.child(a, 0);
    }
  }
  return info;
}

std::string_view Checker::text_of(NodeId node) const {
  base::Span s = file_.span(node);
  return source_.text().substr(s.begin, s.size());
}

base::NameId Checker::static_label(NodeId elem) const {
  if (!elem.valid() || file_.kind(elem) != NodeKind::Name) return base::NameId();
  return file_.name(elem);
}

void Checker::run() {
  NodeId root = file_.root();
  uint32_t errors_before = diags_.error_count();
  result_.node_types.assign(file_.node_count(), TypeId());
  heads_.assign(names_.size(), kNoBinding);
  // `std`'s type means reading the whole library: only for files that mention it.
  bool uses_std = false;
  for (uint32_t i = 0; i < file_.node_count() && !uses_std; ++i)
    uses_std = file_.kind(NodeId(i)) == NodeKind::Var && file_.name(NodeId(i)) == std_name_;
  bind(std_name_, uses_std ? std_type() : TypeStore::kDyn, NodeId(), 0);
  bindings_.back().key = intern_key("std");
  if (options_.std_internals) bind(names_.intern("__prim"), TypeStore::kDyn, NodeId(), kBuiltins);
  if (!root.valid()) return;
  if (options_.strict)
    push_scoped(Frame{FrameKind::Check, 0, 0, root, fresh(), 0, 0, 0});
  else
    push(FrameKind::Walk, root);

  while (!stack_.empty()) {
    if (stack_.size() > kMaxFrames) {
      diags_
          .error(diag::DiagKind::CheckTooDeep, loc(root),
                 "this file is too deeply nested to type-check")
          .help("split the expression into named parts with `let`");
      stack_.clear();
      break;
    }
    Frame f = stack_.back();
    stack_.pop_back();
    switch (f.kind) {
    case FrameKind::Walk: walk(f); break;
    case FrameKind::Check: check(f); break;
    case FrameKind::PatWalk: pat_walk(f); break;
    case FrameKind::PatCheck: pat_check(f); break;
    case FrameKind::OrAlt: or_alt(f); break;
    case FrameKind::OrJoin: or_join(f); break;
    case FrameKind::RecordGroup: record_group(f); break;
    case FrameKind::Relate:
      expect(f.node, f.type, TypeId(f.a), f.origin, static_cast<RelateMode>(f.b));
      break;
    case FrameKind::CloseMatch: close_match(f); break;
    case FrameKind::PopScope: pop_to(f.a); break;
    case FrameKind::PopTyvars: tyvars_.resize(f.a); break;
    case FrameKind::LeaveLevel: --level_; break;
    case FrameKind::ErrorScope:
      if (f.a)
        error_scopes_.push_back(false);
      else if (!error_scopes_.empty())
        error_scopes_.pop_back();
      break;
    }
  }
  result_.error_count += diags_.error_count() - errors_before;
}

// The prelude of every typed node: record its type, and when the expected type is
// polymorphic, check the node against a skolemized instance.
void Checker::check(const Frame& f) {
  if (!f.node.valid()) return;
  if (f.step != 0) {
    check_node(f);
    return;
  }
  if (f.node.index < result_.node_types.size() && !result_.node_types[f.node.index].valid())
    result_.node_types[f.node.index] = f.type;
  TypeId r = types_.resolve(f.type);
  if (types_.kind(r) != TypeKind::Forall) {
    check_node(f);
    return;
  }
  ++level_;
  std::vector<std::pair<base::NameId, TypeId>> rigids;
  TypeId body = skolemize(types_, r, level_, &rigids);
  push(FrameKind::LeaveLevel, NodeId());
  if (f.flags & kBindTyvars) {
    push(FrameKind::PopTyvars, NodeId(), TypeId(), 0, static_cast<uint32_t>(tyvars_.size()));
    tyvars_.insert(tyvars_.end(), rigids.begin(), rigids.end());
  }
  Frame g = f;
  g.type = body;
  g.flags &= static_cast<uint8_t>(~kBindTyvars);
  check_node(g);
}

} // namespace cairn::check
