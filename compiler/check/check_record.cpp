// Typed code: record literals; see checker.h.
//
// A record literal is a list of *pieces*: its fields, each with a path (`a.b.c = 1`).
// Pieces are grouped by the path element at the current depth; a group whose pieces end
// there defines the field directly (its annotation, if any, is the field's type and every
// piece's value is checked against it: `{ a : Number, a = 1 }`), and the deeper pieces of
// a group form a nested record literal, checked by a RecordGroup frame one level down.
//
// The record's type: with an interpolated field name, a dictionary `{_ : T}` whose
// fields are all `T`; otherwise a closed record of its fields. Against an expected record
// type the field names are matched first (missing and extra fields are reported at the
// record), then each field against its expected type. Against a dictionary, each field
// must be a subtype of the element type. The fields of the outermost literal are in scope
// in every value (records are recursive); `include x` adds `x` from the enclosing scope.
#include "compiler/check/checker.h"
#include "compiler/check/type_walk.h"

#include <fmt/core.h>
#include <unordered_map>
#include <unordered_set>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

namespace {
struct Group {
  base::NameId label; // none for an interpolated name
  NodeId elem;        // the path element naming the group (first piece)
  uint32_t first;     // into pieces_
  uint32_t count;
  TypeId type;
  uint32_t origin;
};
template <typename T> std::vector<base::NameId> labels_of(const std::vector<T>& v) {
  std::vector<base::NameId> out;
  for (const T& x : v) out.push_back(x.label);
  return out;
}
} // namespace

// Whether a record literal with these field names can have the expected record type: no
// field the type lacks (unless its row is open), none it requires missing (unless the
// literal is open).
bool Checker::shape_matches(TypeId expected, const std::vector<base::NameId>& fields,
                            const std::vector<base::NameId>& included, bool closed) {
  std::unordered_set<uint32_t> wanted;
  TypeId row = types_.resolve(TypeId(types_.node(expected).a));
  while (types_.kind(row) == TypeKind::RowExtend) {
    wanted.insert(types_.node(row).a);
    row = types_.resolve(TypeId(types_.node(row).c));
  }
  bool open = types_.kind(row) == TypeKind::Unif;
  // A rigid or `; Dyn` tail never matches a closed literal.
  if (closed && !open && types_.kind(row) != TypeKind::RowEmpty) return false;
  size_t matched = 0;
  for (const auto* list : {&fields, &included}) {
    for (base::NameId l : *list) {
      if (wanted.count(l.index))
        ++matched;
      else if (!open)
        return false;
    }
  }
  return !(closed && matched < wanted.size());
}

void Checker::check_record(const Frame& f) {
  uint32_t first = static_cast<uint32_t>(pieces_.size());
  for (NodeId c : file_.children(f.node))
    if (c.valid() && file_.kind(c) == NodeKind::Field) pieces_.push_back(Piece{c, 0});
  check_pieces(f, first, static_cast<uint32_t>(pieces_.size()) - first, true);
}

void Checker::record_group(const Frame& f) {
  check_pieces(f, f.a, f.b, false);
}

void Checker::check_field_value(NodeId field, TypeId field_type, uint32_t o) {
  NodeId meta = file_.child_or_none(field, 1);
  NodeId value = file_.child_or_none(field, 2);
  MetaInfo m = read_meta(meta);
  walk_meta_contracts(meta);
  if (m.type.valid()) {
    TypeId u = convert(m.type, true);
    if (u != field_type)
      push(FrameKind::Relate, field, field_type, o, u.index,
           static_cast<uint32_t>(RelateMode::Subsume));
    if (value.valid())
      push_scoped(Frame{FrameKind::Check, kBindTyvars, 0, value, u,
                        origin(OriginKind::Annotation, m.type), 0, 0});
  } else if (m.contract.valid()) {
    TypeId c = convert(m.contract, false);
    if (c != field_type)
      push(FrameKind::Relate, field, field_type, o, c.index,
           static_cast<uint32_t>(RelateMode::Subsume));
    if (value.valid()) push(FrameKind::Walk, value);
  } else if (value.valid()) {
    push_scoped(Frame{FrameKind::Check, 0, 0, value, field_type, o, 0, 0});
  }
}

void Checker::check_pieces(const Frame& f, uint32_t first, uint32_t count, bool recursive) {
  NodeId n = f.node;
  // Group the pieces by their path element at this depth, in order of first appearance.
  std::vector<Piece> pieces(pieces_.begin() + first, pieces_.begin() + first + count);
  std::vector<Group> groups;
  std::vector<uint32_t> group_of(pieces.size());
  std::unordered_map<uint32_t, uint32_t> by_label;
  bool dynamic = false;
  for (uint32_t i = 0; i < pieces.size(); ++i) {
    NodeId path = file_.child_or_none(pieces[i].field, 0);
    NodeId elem = file_.child_or_none(path, pieces[i].depth);
    base::NameId label = static_label(elem);
    if (!label.valid()) dynamic = true;
    auto it = label.valid() ? by_label.find(label.index) : by_label.end();
    if (it != by_label.end()) {
      group_of[i] = it->second;
      ++groups[it->second].count;
      continue;
    }
    group_of[i] = static_cast<uint32_t>(groups.size());
    if (label.valid()) by_label.emplace(label.index, group_of[i]);
    groups.push_back(Group{label, elem, 0, 1, TypeId(), f.origin});
  }
  uint32_t cursor = static_cast<uint32_t>(pieces_.size());
  for (Group& g : groups) {
    g.first = cursor;
    cursor += g.count;
    g.count = 0;
  }
  pieces_.resize(cursor);
  for (uint32_t i = 0; i < pieces.size(); ++i) {
    Group& g = groups[group_of[i]];
    pieces_[g.first + g.count++] = pieces[i];
  }
  auto is_leaf = [&](const Piece& p) {
    return file_.children(file_.child_or_none(p.field, 0)).size() == p.depth + 1;
  };

  // Includes (outermost literal only): looked up before the record's own fields are bound.
  struct Include {
    NodeId node;
    base::NameId label;
    TypeId type;
    uint8_t flags;
  };
  std::vector<Include> includes;
  if (recursive) {
    for (NodeId c : file_.children(n)) {
      if (!c.valid() || file_.kind(c) != NodeKind::Include) continue;
      base::NameId name = file_.name(c);
      NodeId meta = file_.child_or_none(c, 0);
      MetaInfo m = read_meta(meta);
      walk_meta_contracts(meta);
      const Binding* b = lookup(name);
      TypeId t = TypeStore::kError;
      uint8_t flags = 0;
      if (m.type.valid()) {
        t = convert(m.type, true);
        // `include x : T` is `x : T = x`: the variable's type must fit T.
        if (b) expect(c, t, b->type, origin(OriginKind::Annotation, m.type));
      } else if (m.contract.valid())
        t = convert(m.contract, false);
      else if (b)
        t = b->type, flags = b->flags;
      if (!b && options_.report_unbound) {
        auto d =
            diags_.error(diag::DiagKind::UnboundVariable, loc(c),
                         fmt::format("unbound identifier `{}` in `include`", names_.text(name)));
        std::string guess = did_you_mean(names_.text(name), false);
        if (!guess.empty()) d.help(fmt::format("did you mean `{}`?", guess));
      }
      includes.push_back(Include{c, name, t, flags});
    }
  }

  // The type of each field.
  TypeId expected = types_.resolve(f.type);
  TypeKind ek = types_.kind(expected);
  TypeId elem; // dictionary mode: the element type
  if (dynamic) {
    if (ek == TypeKind::Dict)
      elem = TypeId(types_.node(expected).a);
    else if (ek == TypeKind::Error)
      elem = TypeStore::kError;
    else {
      elem = fresh();
      if (!expect(n, f.type, types_.dict(elem), f.origin, RelateMode::Unify))
        elem = TypeStore::kError;
    }
  }
  for (Group& g : groups) {
    if (dynamic) {
      g.type = elem;
      continue;
    }
    for (uint32_t i = g.first; i < g.first + g.count && !g.type.valid(); ++i) {
      if (!is_leaf(pieces_[i])) continue;
      MetaInfo m = read_meta(file_.child_or_none(pieces_[i].field, 1));
      if (m.type.valid()) g.type = convert(m.type, true);
    }
    for (uint32_t i = g.first; i < g.first + g.count && !g.type.valid(); ++i) {
      if (!is_leaf(pieces_[i])) continue;
      MetaInfo m = read_meta(file_.child_or_none(pieces_[i].field, 1));
      if (m.contract.valid()) g.type = convert(m.contract, false);
    }
    if (!g.type.valid()) g.type = fresh();
  }
  if (!dynamic) {
    TypeId open_tail = file_.kind(n) == NodeKind::Record && file_.has_flag(n, ast::kRecordOpen)
                           ? TypeStore::kRowDyn
                           : TypeStore::kRowEmpty;
    auto field_loc_node = [&](const Group& g) { return g.elem.valid() ? g.elem : n; };
    if (ek == TypeKind::Dict) {
      TypeId de = TypeId(types_.node(expected).a);
      for (Group& g : groups) expect(field_loc_node(g), de, g.type, f.origin);
      for (Include& inc : includes) expect(inc.node, de, inc.type, f.origin);
    } else if (ek == TypeKind::Record &&
               !shape_matches(expected, labels_of(groups), labels_of(includes),
                              types_.kind(open_tail) == TypeKind::RowEmpty)) {
      // The names cannot match: infer the literal's own type, and report the mismatch once
      // its fields are known (the Relate frame runs after the values are checked).
      TypeId row = open_tail;
      for (size_t i = includes.size(); i-- > 0;)
        row = types_.row_extend(includes[i].label, includes[i].type, row);
      for (size_t i = groups.size(); i-- > 0;)
        row = types_.row_extend(groups[i].label, groups[i].type, row);
      push(FrameKind::Relate, n, f.type, f.origin, types_.record(row).index,
           static_cast<uint32_t>(RelateMode::Unify));
    } else if (ek == TypeKind::Record) {
      // Match the names first, then each field's type against what is expected of it.
      std::vector<TypeId> slots;
      TypeId row = open_tail;
      for (size_t i = includes.size(); i-- > 0;) {
        slots.push_back(fresh());
        row = types_.row_extend(includes[i].label, slots.back(), row);
      }
      std::vector<TypeId> gslots(groups.size());
      for (size_t i = groups.size(); i-- > 0;) {
        gslots[i] = fresh();
        row = types_.row_extend(groups[i].label, gslots[i], row);
      }
      if (expect(n, f.type, types_.record(row), f.origin, RelateMode::Unify)) {
        for (size_t i = 0; i < groups.size(); ++i) {
          if (types_.kind(types_.resolve(groups[i].type)) == TypeKind::Unif)
            groups[i].type = gslots[i];
          else
            expect(field_loc_node(groups[i]), gslots[i], groups[i].type, f.origin);
        }
        for (size_t i = 0; i < includes.size(); ++i)
          expect(includes[i].node, slots[includes.size() - 1 - i], includes[i].type, f.origin);
      }
    } else if (ek != TypeKind::Error) {
      TypeId row = open_tail;
      for (size_t i = includes.size(); i-- > 0;)
        row = types_.row_extend(includes[i].label, includes[i].type, row);
      for (size_t i = groups.size(); i-- > 0;)
        row = types_.row_extend(groups[i].label, groups[i].type, row);
      expect(n, f.type, types_.record(row), f.origin, RelateMode::Unify);
    }
  } else {
    for (Include& inc : includes) expect(inc.node, elem, inc.type, f.origin);
  }

  // The recursive scope of the outermost literal.
  if (recursive) {
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
    for (Group& g : groups) {
      if (!g.label.valid()) continue;
      NodeId value;
      if (g.count == 1 && is_leaf(pieces_[g.first])) {
        NodeId field = pieces_[g.first].field;
        MetaInfo m = read_meta(file_.child_or_none(field, 1));
        if (!m.type.valid() && !m.contract.valid()) value = file_.child_or_none(field, 2);
      }
      bind(g.label, g.type, g.elem, 0, value);
    }
    for (Include& inc : includes) bind(inc.label, inc.type, inc.node, inc.flags);
  }

  // Schedule the values: leaves directly, deeper pieces as one nested literal per group.
  for (size_t gi = groups.size(); gi-- > 0;) {
    Group& g = groups[gi];
    uint32_t nested_first = static_cast<uint32_t>(pieces_.size());
    NodeId nested_node;
    for (uint32_t i = g.first; i < g.first + g.count; ++i) {
      if (is_leaf(pieces_[i])) continue;
      if (!nested_node.valid()) nested_node = pieces_[i].field;
      pieces_.push_back(Piece{pieces_[i].field, pieces_[i].depth + 1});
    }
    uint32_t nested_count = static_cast<uint32_t>(pieces_.size()) - nested_first;
    if (nested_count > 0)
      push(FrameKind::RecordGroup, nested_node, g.type, g.origin, nested_first, nested_count);
    for (uint32_t i = g.first + g.count; i-- > g.first;) {
      Piece p = pieces_[i];
      if (is_leaf(p)) check_field_value(p.field, g.type, g.origin);
    }
    if (!g.label.valid() && g.elem.valid()) push(FrameKind::Check, g.elem, TypeStore::kString);
  }
}

} // namespace cairn::check
