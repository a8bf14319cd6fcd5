// `cairn query FILE... [--field a.b] [--type]`: show what is known about a field -- its
// documentation, contracts, merge priority, whether it is optional or exported, its value
// and its sub-fields; with --type, its type as the type checker sees it. Without --field,
// the top-level record. Exit 1 when the field does not exist or the file does not evaluate.
#include <fmt/format.h>

#include <cstdio>

#include "cli/evaluate.h"

namespace cairn::cli {

void register_query(CLI::App& app, Driver& driver) {
  struct Options : EvalOptions {
    bool no_value = false;
    bool type = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("query", "Show the documentation, contracts and value of a field");
  add_eval_options(cmd, *opts);
  cmd->add_flag("--no-value", opts->no_value, "do not evaluate and print the value");
  cmd->add_flag("--type", opts->type, "show the field's type as the type checker sees it");
  cmd->callback([&driver, opts] {
    front::FrontEnd fe(driver.sources, driver.names, driver.diags, evaluator_options(*opts));
    eval::Evaluator& ev = fe.evaluator();
    std::vector<std::string> path = split_field_path(opts->field);
    std::optional<std::vector<uint32_t>> modules = load_files(driver, fe, *opts);
    std::optional<eval::Value> v;
    if (modules) v = fe.evaluate(*modules);
    if (!v) {
      driver.exit_code = kError;
      return;
    }
    std::string out;
    std::optional<eval::Value> parent = v;
    std::optional<eval::Evaluator::FieldInfo> info;
    for (size_t i = 0; i < path.size(); ++i) {
      std::vector<std::string> prefix(path.begin(), path.begin() + static_cast<ptrdiff_t>(i));
      if (i > 0) {
        if (!info->defined) {
          driver.error(diag::DiagKind::MissingFieldDefinition,
                       fmt::format("`{}` has no value, so it has no field `{}`", fmt::join(prefix, "."), path[i]));
          driver.exit_code = kError;
          return;
        }
        parent = ev.force(info->value);
        if (!parent) {
          driver.exit_code = kError;
          return;
        }
      }
      if (!eval::Machine::peek(*parent).is_record()) {
        driver.error(diag::DiagKind::EvalTypeMismatch,
                     prefix.empty() ? fmt::format("the value is not a record, so it has no field `{}`", path[i])
                                    : fmt::format("`{}` is not a record, so it has no field `{}`",
                                                  fmt::join(prefix, "."), path[i]));
        driver.exit_code = kError;
        return;
      }
      info = ev.field_info(*parent, path[i]);
      if (!info) {
        driver.error(diag::DiagKind::NoSuchField,
                     fmt::format("no field `{}`{}", path[i],
                                 prefix.empty() ? std::string() : fmt::format(" in `{}`", fmt::join(prefix, "."))));
        driver.exit_code = kError;
        return;
      }
    }
    eval::Value target = *v;
    std::string type_line;
    if (opts->type) {
      // The first file that gives the field a type other than Dyn (files are merged).
      std::string type = "Dyn";
      for (uint32_t m : *modules) {
        const check::Result* r = fe.checker().result(m);
        if (!r) continue;
        check::TypeId t = check::field_type(ev.program().module(m).ast, *r, path);
        check::TypePrinter printer(*r->types);
        std::string text = printer.print(t);
        if (text != "Dyn") {
          type = text;
          break;
        }
      }
      type_line = fmt::format("type: {}\n", type);
    }
    if (!info) out += type_line;
    if (info) {
      out += fmt::format("field: {}\n", opts->field);
      out += type_line;
      if (!info->doc.empty()) out += fmt::format("documentation: {}\n", info->doc);
      for (const std::string& c : info->contracts) out += fmt::format("contract: {}\n", c);
      if (!info->priority.empty()) out += fmt::format("priority: {}\n", info->priority);
      if (info->optional) out += "optional\n";
      if (info->not_exported) out += "not exported\n";
      if (!info->defined) {
        out += "value: (no definition)\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        driver.exit_code = kOk;
        return;
      }
      target = info->value;
    }
    if (!opts->no_value) {
      eval::DeepOptions deep;
      deep.require_definitions = false;
      std::optional<eval::Value> forced = ev.deep_force(target, deep);
      if (!forced) {
        driver.exit_code = kError;
        return;
      }
      target = *forced;
      std::vector<std::string> fields = ev.field_names(target);
      if (!fields.empty()) out += fmt::format("fields: {}\n", fmt::join(fields, ", "));
      else out += fmt::format("value: {}\n", ev.print(target));
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
