// `cairn export FILE... [--format json|yaml|yaml-documents|toml|text] [--field a.b] [-o OUT]`:
// evaluate files (merged with `&`) and write the value in a data format. Record keys are
// sorted, `not_exported` fields skipped; functions and fields without a value are errors.
#include <cstdio>
#include <fstream>

#include "cli/evaluate.h"

namespace cairn::cli {

void register_export(CLI::App& app, Driver& driver) {
  struct Options : EvalOptions {
    std::string format = "json";
    std::string output;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("export", "Evaluate files and export the value as JSON, YAML, TOML or text");
  add_eval_options(cmd, *opts);
  cmd->add_option("--format", opts->format, "the output format")
      ->check(CLI::IsMember({"json", "yaml", "yaml-documents", "toml", "text", "raw"}))
      ->default_val("json");
  cmd->add_option("-o,--output", opts->output, "write to this file instead of stdout");
  cmd->callback([&driver, opts] {
    front::FrontEnd fe(driver.sources, driver.names, driver.diags, evaluator_options(*opts));
    eval::Evaluator& ev = fe.evaluator();
    std::optional<eval::Value> v = evaluate_files(driver, fe, *opts);
    eval::DeepOptions deep;
    deep.export_mode = true;
    if (v) v = ev.deep_force(*v, deep);
    std::string out;
    eval::Format format = *eval::format_from_name(opts->format);
    if (v && format == eval::Format::Json) {
      // Streamed: a large export is written as it is produced.
      std::FILE* f = opts->output.empty() ? stdout : std::fopen(opts->output.c_str(), "wb");
      if (!f) {
        driver.error(diag::DiagKind::FileUnreadable, "cannot write `" + opts->output + "`");
        driver.exit_code = kError;
        return;
      }
      eval::SerializeOptions so;
      so.sink = f;
      bool ok = ev.serialize(*v, format, out, so);
      bool written = std::ferror(f) == 0;
      if (f != stdout) written = std::fclose(f) == 0 && written;
      if (ok && !written)
        driver.error(diag::DiagKind::FileUnreadable,
                     opts->output.empty() ? std::string("cannot write to stdout") : "cannot write `" + opts->output + "`");
      driver.exit_code = ok && written ? kOk : kError;
      return;
    }
    if (!v || !ev.serialize(*v, format, out)) {
      driver.exit_code = kError;
      return;
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (opts->output.empty()) {
      std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
      std::ofstream f(opts->output, std::ios::binary);
      f.write(out.data(), static_cast<std::streamsize>(out.size()));
      if (!f) {
        driver.error(diag::DiagKind::FileUnreadable, "cannot write `" + opts->output + "`");
        driver.exit_code = kError;
        return;
      }
    }
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
