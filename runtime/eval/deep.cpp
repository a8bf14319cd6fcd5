// Deep forcing: evaluating every part of a value (`std.deep_seq`, export, `cairn eval`).
//
// A depth-first walk with an explicit stack of containers (records, arrays, variants);
// the stack is also the path reported in errors ("at `servers[2].port`"). Export mode
// skips `not_exported` fields and rejects functions and fields without definitions; the
// printing mode accepts both.
#include "runtime/eval/deep.h"

#include <fmt/core.h>

#include "compiler/lower/ir.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

namespace {

struct DeepTask : Task {
  Value root;
  DeepOptions opts;
  struct Level {
    Value container;
    uint32_t next;
  };
  std::vector<Level> stack;
  bool started = false;
  base::Loc child_loc; // where the value being visited was defined, when known

  std::string path(Machine& m) const {
    std::string out;
    for (const Level& l : stack) {
      if (l.next == 0) continue;
      if (l.container.is_record()) {
        const value::Field& f = l.container.as<value::Record>()->fields()[l.next - 1];
        std::string_view name = m.names().text(f.name);
        out += (out.empty() ? "" : ".") + std::string(name);
      } else if (l.container.is_array()) {
        out += fmt::format("[{}]", l.next - 1);
      }
    }
    return out;
  }

  // A forced value: check it and descend into it. False on error.
  bool visit(Machine& m, Value v) {
    if (v.is_record() || v.is_array() || v.is(value::ObjKind::Variant)) {
      if (v.is(value::ObjKind::Variant) && opts.export_mode) {
        m.error(diag::DiagKind::NotExportable, child_loc, fmt::format("cannot export an enum variant at `{}`", path(m)))
            .note(fmt::format("the value is {}", show(m, v, 80)));
        return false;
      }
      if (stack.size() >= opts.max_depth) {
        base::Loc where = child_loc.valid() ? child_loc : opts.origin;
        if (opts.max_depth >= kMaxForceDepth) {
          m.error(diag::DiagKind::StackOverflow, where,
                  fmt::format("value nested more than {} levels deep (is it cyclic?)", opts.max_depth));
        } else {
          m.error(diag::DiagKind::NotExportable, where,
                  fmt::format("value nested more than {} levels deep: too deep to print or export", opts.max_depth))
              .help("records and arrays nested this deep are usually built by unbounded recursion");
        }
        return false;
      }
      stack.push_back({v, 0});
      return true;
    }
    if (opts.export_mode && v.is_function()) {
      std::string p = path(m);
      m.error(diag::DiagKind::NotExportable, child_loc,
              p.empty() ? std::string("cannot export a function") : fmt::format("cannot export the function at `{}`", p))
          .help("functions have no JSON, YAML or TOML form; mark the field `| not_exported` or remove it");
      return false;
    }
    if (opts.export_mode && !opts.allow_unknown && v.is_unknown()) {
      m.error(diag::DiagKind::UnknownValueRequired, child_loc, fmt::format("the value at `{}` is not known yet", path(m)));
      return false;
    }
    if (opts.export_mode && (v.is(value::ObjKind::Contract) || v.is(value::ObjKind::Label))) {
      m.error(diag::DiagKind::NotExportable, child_loc, fmt::format("cannot export {} at `{}`", describe(m, v), path(m)));
      return false;
    }
    return true;
  }

  // The next child to force, or none when the top container is done (popped).
  Value next_child(Machine& m, bool& error) {
    Level& l = stack.back();
    Value c = l.container;
    if (c.is_record()) {
      auto* r = c.as<value::Record>();
      while (l.next < r->size()) {
        const value::Field& f = r->fields()[l.next++];
        if (opts.export_mode && f.not_exported()) continue;
        if (!f.defined()) {
          if (f.optional() || !opts.require_definitions) continue;
          base::Loc where = f.meta ? f.meta->definition : base::Loc{};
          auto b = m.error(diag::DiagKind::MissingFieldDefinition, where,
                           fmt::format("missing definition for `{}`", path(m)));
          if (where.valid()) b.primary("this field has no value");
          b.help("give the field a value, or mark it `| optional`");
          error = true;
          return Value();
        }
        return f.value;
      }
    } else if (c.is_array()) {
      auto* a = c.as<value::Array>();
      if (l.next < a->size()) return a->data[l.next++];
    } else if (l.next == 0) {
      ++l.next;
      return c.as<value::Variant>()->arg;
    }
    stack.pop_back();
    return Value();
  }

  Step resume(Machine& m, Value v) override {
    if (!started) {
      started = true;
      return Step::await(root);
    }
    if (!visit(m, v)) return Step::fail();
    while (!stack.empty()) {
      if (m.native_steps(1, child_loc)) return Step::fail();
      bool error = false;
      Value child = next_child(m, error);
      if (error) return Step::fail();
      if (child.is_none()) continue;
      child_loc = {};
      if (child.is_thunk())
        if (const ir::Node* n = child.as<value::Thunk>()->ir()) child_loc = n->loc();
      child = Machine::peek(child);
      if (child.is(value::ObjKind::Closure)) child_loc = child.as<value::Closure>()->fn->loc();
      if (child.is_thunk()) return Step::await(child);
      if (!visit(m, child)) return Step::fail();
    }
    return Step::ret(Machine::peek(root));
  }
};

} // namespace

Task* deep_task(Machine& m, Value v, DeepOptions opts) {
  (void)m;
  auto* t = new DeepTask();
  t->root = v;
  t->opts = opts;
  return t;
}

} // namespace cairn::eval
