// Human plan output in Terraform's style; see plan.h. Each resource with an action becomes a
// block of attribute lines: inputs first, then outputs that are not also inputs, names
// aligned; unchanged attributes of updates are counted, not shown; multi-line strings are
// heredocs with a line diff; sensitive attributes are masked.
#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "compiler/base/quote.h"
#include "runtime/plan/plan.h"
#include "runtime/plan/text_diff.h"

namespace cairn::plan {

namespace {

struct Colors {
  bool on;
  std::string paint(const std::string& s, const char* code) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
  std::string green(const std::string& s) const { return paint(s, "32"); }
  std::string yellow(const std::string& s) const { return paint(s, "33"); }
  std::string red(const std::string& s) const { return paint(s, "31"); }
  std::string bold(const std::string& s) const { return paint(s, "1"); }
};

std::string symbol_for(ActionKind k, bool cbd, const Colors& c) {
  switch (k) {
  case ActionKind::Create: return c.green("  +");
  case ActionKind::Update: return c.yellow("  ~");
  case ActionKind::Replace: return cbd ? c.green("+") + "/" + c.red("-") : c.red("-") + "/" + c.green("+");
  case ActionKind::Delete: return c.red("  -");
  case ActionKind::NoOp: return "   ";
  }
  return "   ";
}

std::string header_for(const ResourceChange& ch) {
  switch (ch.action) {
  case ActionKind::Create: return "will be created";
  case ActionKind::Update: return "will be updated in-place";
  case ActionKind::Replace:
    if (ch.replace_requested) return "will be replaced, as requested";
    return "must be replaced";
  case ActionKind::Delete: return "will be destroyed";
  case ActionKind::NoOp: return ch.import_id.empty() ? "is unchanged" : "will be imported";
  }
  return "";
}

// Whether the plan shows the change: an action, or an import.
bool shown(const ResourceChange& ch) { return ch.action != ActionKind::NoOp || !ch.import_id.empty(); }

struct Attr {
  char op; // '+', '~', '-', ' '
  std::string name;
  const Value* before;
  const Value* after;
  bool sensitive;
  bool forces;
};

bool multiline(const Value* v) { return v && v->is_string() && v->as_string().find('\n') != std::string::npos; }

std::string show(const Value* v, bool sensitive) {
  if (!v) return "null";
  if (sensitive && !v->is_unknown()) return "(sensitive value)";
  return resource::to_display(*v);
}

void heredoc(std::string& out, const Attr& a, const Colors& c) {
  out += "<<-EOT\n";
  if (a.op == '~' && a.before && a.after && a.before->is_string() && a.after->is_string()) {
    for (const DiffLine& d : diff_lines(a.before->as_string(), a.after->as_string())) {
      std::string line(d.text);
      if (d.op == ' ') out += fmt::format("            {}\n", line);
      if (d.op == '-') out += c.red(fmt::format("          - {}", line)) + "\n";
      if (d.op == '+') out += c.green(fmt::format("          + {}", line)) + "\n";
    }
  } else {
    const Value* v = a.op == '-' ? a.before : a.after;
    for (std::string_view line : split_lines(v->as_string())) out += fmt::format("            {}\n", line);
  }
  out += "        EOT";
}

void render_attr(std::string& out, const Attr& a, size_t width, const Colors& c) {
  std::string sym = a.op == '+'   ? c.green("+")
                    : a.op == '~' ? c.yellow("~")
                    : a.op == '-' ? c.red("-")
                                  : " ";
  out += fmt::format("      {} {:<{}} = ", sym, a.name, width);
  bool masked = a.sensitive;
  if (a.op == '+') {
    if (!masked && multiline(a.after)) heredoc(out, a, c);
    else out += show(a.after, masked);
  } else if (a.op == '-') {
    if (!masked && multiline(a.before)) heredoc(out, a, c);
    else out += show(a.before, masked) + " -> null";
  } else if (!masked && multiline(a.before) && a.after && a.after->is_string()) {
    heredoc(out, a, c);
  } else if (!masked && multiline(a.before) && a.after && a.after->is_unknown()) {
    // The old text as a heredoc, then what it becomes.
    Attr old = a;
    old.op = '-';
    heredoc(out, old, c);
    out += " -> " + show(a.after, masked);
  } else {
    out += show(a.before, masked) + " -> " + show(a.after, masked);
  }
  if (a.forces) out += c.red(" # forces replacement");
  out += "\n";
}

void render_change(std::string& out, const ResourceChange& ch, const Colors& c) {
  const Value kEmpty = Value::object();
  const Value& before_in = ch.prior ? ch.prior->inputs : kEmpty;
  const Value& before_out = ch.prior ? ch.prior->outputs : kEmpty;
  const Value& after_in = ch.action == ActionKind::Delete ? kEmpty : ch.after_inputs;
  const Value& after_out = ch.action == ActionKind::Delete ? kEmpty : ch.after_outputs;
  std::set<std::string> sensitive(ch.sensitive.begin(), ch.sensitive.end());
  std::set<std::string> forces(ch.replace_paths.begin(), ch.replace_paths.end());
  std::vector<Attr> attrs;
  size_t hidden = 0;
  auto add = [&](const std::string& name, const Value* b, const Value* a) {
    char op;
    if (ch.action == ActionKind::Create) op = '+';
    else if (ch.action == ActionKind::Delete) op = '-';
    else if (!b && a) op = '+';
    else if (b && !a) op = '-';
    else if (b && a && *b == *a && !a->has_unknown()) op = ' ';
    else op = '~';
    if (op == ' ' || (!a && !b)) {
      ++hidden;
      return;
    }
    attrs.push_back({op, name, b, a, sensitive.count(name) > 0, forces.count(name) > 0});
  };
  std::set<std::string> inputs;
  for (const Value* v : {&before_in, &after_in})
    if (v->is_object())
      for (const resource::Member& m : v->as_object()) inputs.insert(m.first);
  for (const std::string& n : inputs) add(n, before_in.get(n), after_in.get(n));
  std::set<std::string> outputs;
  for (const Value* v : {&before_out, &after_out})
    if (v->is_object())
      for (const resource::Member& m : v->as_object())
        if (!inputs.count(m.first)) outputs.insert(m.first);
  if (ch.action != ActionKind::Delete)
    for (const std::string& n : outputs) add(n, before_out.get(n), after_out.get(n));
  size_t width = 0;
  for (const Attr& a : attrs) width = std::max(width, a.name.size());

  out += c.bold(fmt::format("  # {} {}", ch.address, header_for(ch))) + "\n";
  if (!ch.drift.empty()) out += fmt::format("  # ({})\n", ch.drift);
  if (!ch.import_id.empty() && ch.action != ActionKind::NoOp)
    out += fmt::format("  # (imported from {})\n", base::quoted(ch.import_id));
  if (ch.prior && ch.prior->type != ch.type && ch.action == ActionKind::Replace)
    out += fmt::format("  # (its type changes from `{}` to `{}`)\n", ch.prior->type, ch.type);
  out += fmt::format("{} resource {} {} {{\n", symbol_for(ch.action, ch.create_before_destroy, c),
                     base::quoted(ch.type), base::quoted(ch.address));
  for (const Attr& a : attrs) render_attr(out, a, width, c);
  if (hidden > 0 && ch.action != ActionKind::Create && ch.action != ActionKind::Delete)
    out += fmt::format("        # ({} unchanged attribute{} hidden)\n", hidden, hidden == 1 ? "" : "s");
  out += "    }\n\n";
}

} // namespace

std::string summary_line(const Plan& plan) {
  uint32_t add = plan.count(ActionKind::Create) + plan.count(ActionKind::Replace);
  uint32_t change = plan.count(ActionKind::Update);
  uint32_t destroy = plan.count(ActionKind::Delete) + plan.count(ActionKind::Replace);
  std::string imports = plan.imports() > 0 ? fmt::format("{} to import, ", plan.imports()) : "";
  return fmt::format("Plan: {}{} to add, {} to change, {} to destroy.", imports, add, change, destroy);
}

std::string render_text(const Plan& plan, bool color) {
  std::string out;
  render_text(plan, color, [&](std::string& chunk) {
    out += chunk;
    chunk.clear();
  });
  return out;
}

void render_text(const Plan& plan, bool color, const TextDrain& drain) {
  Colors c{color};
  std::string out;
  std::vector<const ResourceChange*> drifted;
  for (const ResourceChange& ch : plan.changes)
    if (!ch.drift.empty() && ch.action == ActionKind::NoOp) drifted.push_back(&ch);
  if (!drifted.empty()) {
    out += "Note: objects changed outside cairn, and the spec now matches them:\n";
    for (const ResourceChange* ch : drifted) out += fmt::format("  # {}: {}\n", ch->address, ch->drift);
    out += "\n";
  }
  bool any = false;
  for (const ResourceChange& ch : plan.changes) any = any || shown(ch);
  if (!any && plan.output_changes.empty()) {
    out += "No changes. The real objects match the spec.\n";
    drain(out);
    return;
  }
  if (any) {
    std::set<std::string> used;
    for (const ResourceChange& ch : plan.changes) {
      if (ch.action == ActionKind::NoOp) continue;
      used.insert(ch.action == ActionKind::Replace ? (ch.create_before_destroy ? "+/-" : "-/+")
                                                   : std::string(action_spelling(ch.action)));
    }
    if (!used.empty()) out += "Resource actions are indicated with the following symbols:\n";
    if (used.count("create")) out += c.green("  +") + " create\n";
    if (used.count("update")) out += c.yellow("  ~") + " update in-place\n";
    if (used.count("delete")) out += c.red("  -") + " destroy\n";
    if (used.count("-/+")) out += c.red("-") + "/" + c.green("+") + " destroy and then create replacement\n";
    if (used.count("+/-")) out += c.green("+") + "/" + c.red("-") + " create replacement and then destroy\n";
    out += used.empty() ? "cairn will perform the following actions:\n\n"
                        : "\ncairn will perform the following actions:\n\n";
    for (const ResourceChange& ch : plan.changes) {
      if (!shown(ch)) continue;
      render_change(out, ch, c);
      if (out.size() > (1u << 20)) drain(out);
    }
    // The providers' one-line accounts, like `~ channel.stable: release app 1.4.2 (...) -> 1.5.0 (...)`;
    // `#` marks objects without an action that refresh found changed (a followed channel).
    bool summaries = false;
    for (const ResourceChange& ch : plan.changes) {
      if (ch.summary.empty()) continue;
      std::string sym = ch.action == ActionKind::NoOp ? "  #" : symbol_for(ch.action, ch.create_before_destroy, c);
      out += fmt::format("{} {}: {}\n", sym, ch.address, ch.summary);
      summaries = true;
    }
    if (summaries) out += "\n";
    out += c.bold(summary_line(plan)) + "\n";
  }
  if (!plan.output_changes.empty()) {
    size_t width = 0;
    for (const OutputChange& o : plan.output_changes) width = std::max(width, o.name.size());
    out += any ? "\nChanges to Outputs:\n" : "Changes to Outputs:\n";
    for (const OutputChange& o : plan.output_changes) {
      const Value* b = o.before ? &*o.before : nullptr;
      const Value* a = o.after ? &*o.after : nullptr;
      bool s = o.sensitive;
      if (!b) out += fmt::format("  {} {:<{}} = {}\n", c.green("+"), o.name, width, show(a, s));
      else if (!a) out += fmt::format("  {} {:<{}} = {} -> null\n", c.red("-"), o.name, width, show(b, s));
      else out += fmt::format("  {} {:<{}} = {} -> {}\n", c.yellow("~"), o.name, width, show(b, s), show(a, s));
    }
  }
  drain(out);
}

} // namespace cairn::plan
