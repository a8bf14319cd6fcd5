// `cairn output [NAME] [--json] [--raw]`: the spec's outputs as the last apply recorded them
// in state (`stacks/<stack>/outputs.json`), like `terraform output`.
//
//   (none)        every output as `name = value`, sorted; sensitive ones as `<sensitive>`
//   NAME          one output's value (shown even when sensitive: it was asked for by name)
//   --json        every output as {"name": {"sensitive", "type", "value"}}, sensitive values
//                 included, as Terraform does; with NAME, that output's value as JSON
//   --raw NAME    a string, number or boolean bare (no quotes, no newline), for scripts
//   --at COMMIT   as recorded in a past state commit (what a follower reads by hash)
// Reading state never changes it, and never creates a state repository. A sensitive output
// whose ciphertext no identity opens (runtime/state/secrets.h) is listed as `<sensitive>`
// and refused by name or in JSON, with advice naming CAIRN_AGE_IDENTITY.
#include <algorithm>

#include <fmt/core.h>

#include "cli/deploy_common.h"
#include "compiler/resolve/resolve.h"
#include "runtime/resource/json.h"
#include "runtime/state/secrets.h"

namespace cairn::cli {

namespace {

struct OutputOptions {
  StateOptions state;
  std::string name;
  std::string at; // a past state commit
  bool json = false;
  bool raw = false;
};

// The type of a value in Terraform's JSON type notation: "string", "number", "bool",
// ["tuple", [...]], ["object", {...}], "dynamic" for null. Values in state are nested at
// most kMaxValueDepth levels (the readers refuse deeper ones), which bounds the recursion.
resource::Json type_json(const resource::Value& v) {
  using resource::ValueKind;
  switch (v.kind()) {
  case ValueKind::Null:
  case ValueKind::Unknown: return "dynamic";
  case ValueKind::Bool: return "bool";
  case ValueKind::Number: return "number";
  case ValueKind::String: return "string";
  case ValueKind::Array: {
    resource::Json elems = resource::Json::array();
    for (const resource::Value& e : v.as_array()) elems.push_back(type_json(e));
    return resource::Json::array({"tuple", std::move(elems)});
  }
  case ValueKind::Object: {
    resource::Json attrs = resource::Json::object();
    for (const resource::Member& m : v.as_object()) attrs[m.first] = type_json(m.second);
    return resource::Json::array({"object", std::move(attrs)});
  }
  }
  return "dynamic";
}

std::string dump(const resource::Json& j) {
  return j.dump(2, ' ', false, resource::Json::error_handler_t::replace);
}

// The outputs sorted by name, as Terraform lists them.
std::vector<const resource::Member*> sorted(const resource::Value& outputs) {
  std::vector<const resource::Member*> out;
  for (const resource::Member& m : outputs.as_object()) out.push_back(&m);
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  return out;
}

void run_output(Driver& driver, const OutputOptions& o) {
  driver.exit_code = kError;
  if (o.raw && o.json) {
    driver.error(diag::DiagKind::UsageError, "`--raw` and `--json` cannot be used together");
    return;
  }
  if (o.raw && o.name.empty()) {
    driver.diags.error(diag::DiagKind::UsageError, {}, "`--raw` prints one output: give its name")
        .help("`cairn output --raw NAME`, or `cairn output --json` for all of them");
    return;
  }
  std::unique_ptr<state::Store> store;
  state::Snapshot snap;
  if (!read_state_at(driver, o.state, o.at, &store, &snap)) return;
  const resource::Value& outputs = snap.outputs;
  auto is_sensitive = [&](const std::string& n) {
    return std::binary_search(snap.sensitive_outputs.begin(), snap.sensitive_outputs.end(), n);
  };
  // A sealed output no identity opened has no value to print.
  auto refuse_sealed = [&](const std::string& names) {
    driver.diags.error(diag::DiagKind::StateError, {},
                       fmt::format("{} encrypted in state, and no age identity opens it", names))
        .help(state::identity_help(store->identities()));
  };
  if (o.name.empty()) {
    if (o.json && !snap.sealed_outputs.empty()) {
      std::string names;
      for (const auto& [n, box] : snap.sealed_outputs) names += (names.empty() ? "`" : ", `") + n + "`";
      refuse_sealed(fmt::format("the sensitive output{} {} {}", snap.sealed_outputs.size() > 1 ? "s" : "", names,
                                snap.sealed_outputs.size() > 1 ? "are" : "is"));
      return;
    }
    if (o.json) {
      resource::Json all = resource::Json::object();
      for (const resource::Member* m : sorted(outputs)) {
        resource::Json e = resource::Json::object();
        e["sensitive"] = is_sensitive(m->first);
        e["type"] = type_json(m->second);
        e["value"] = resource::to_json(m->second);
        all[m->first] = std::move(e);
      }
      fmt::print("{}\n", dump(all));
    } else if (outputs.as_object().empty()) {
      fmt::print(stderr, "warning: stack `{}` has no outputs in state\n\n"
                         "  The spec has no `outputs`, or it was never applied, or it was destroyed.\n",
                 o.state.stack);
    } else {
      for (const resource::Member* m : sorted(outputs))
        fmt::print("{} = {}\n", m->first, is_sensitive(m->first) ? "<sensitive>" : resource::to_display(m->second));
    }
    driver.exit_code = kOk;
    return;
  }
  const resource::Value* v = outputs.get(o.name);
  if (!v) {
    std::vector<std::string_view> names;
    for (const resource::Member& m : outputs.as_object()) names.push_back(m.first);
    auto b = driver.diags.error(diag::DiagKind::NotInState, {},
                                fmt::format("the output `{}` is not in stack `{}`", o.name, o.state.stack));
    if (auto best = resolve::closest_name(o.name, names)) b.help(fmt::format("did you mean `{}`?", *best));
    else if (names.empty()) b.help("the stack has no outputs in state: the spec has none, or it was never applied");
    else b.help("`cairn output` lists the outputs");
    return;
  }
  if (snap.sealed_outputs.count(o.name)) {
    refuse_sealed(fmt::format("the sensitive output `{}` is", o.name));
    return;
  }
  if (o.json) {
    fmt::print("{}\n", dump(resource::to_json(*v)));
  } else if (o.raw) {
    switch (v->kind()) {
    case resource::ValueKind::String: fmt::print("{}", v->as_string()); break;
    case resource::ValueKind::Number: fmt::print("{}", v->number_text()); break;
    case resource::ValueKind::Bool: fmt::print("{}", v->as_bool() ? "true" : "false"); break;
    case resource::ValueKind::Null:
    case resource::ValueKind::Unknown:
    case resource::ValueKind::Array:
    case resource::ValueKind::Object:
      driver.diags.error(diag::DiagKind::UsageError, {},
                         fmt::format("`--raw` prints strings, numbers and booleans; the output `{}` is {}", o.name,
                                     v->is_null() ? "null" : v->is_object() ? "a record" : "an array"))
          .help(fmt::format("use `cairn output --json {}`", o.name));
      return;
    }
  } else {
    fmt::print("{}\n", resource::to_display(*v));
  }
  driver.exit_code = kOk;
}

} // namespace

void register_output(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<OutputOptions>();
  CLI::App* cmd = app.add_subcommand("output", "Show the spec's outputs recorded in state");
  cmd->add_option("NAME", opts->name, "one output (all of them when left out)");
  cmd->add_flag("--json", opts->json, "print as JSON (sensitive values included)");
  cmd->add_flag("--raw", opts->raw, "print a string, number or boolean output bare");
  cmd->add_option("--at", opts->at, "as recorded in this state commit (a hash, abbreviated or not, or any revision)");
  add_state_options(cmd, opts->state);
  cmd->callback([&driver, opts] { run_output(driver, *opts); });
}

} // namespace cairn::cli
