// `cairn test FILE... | --std`: run the examples in the documentation of a file's fields
// (or of the standard library) and report which fail. See runtime/eval/doctest.h for the
// format of examples. Exit 0 when every example passes, 1 otherwise.
#include <fmt/core.h>

#include <cstdio>

#include "cli/evaluate.h"
#include "runtime/eval/doctest.h"

namespace cairn::cli {

namespace {

struct Runner {
  Driver& driver;
  front::FrontEnd& fe;
  eval::Evaluator& ev;
  bool verbose;
  int passed = 0, failed = 0;

  // Evaluates an example's expression; nullopt (with the errors in `errors`) when it fails.
  std::optional<eval::Value> run(const std::string& name, const std::string& code,
                                 std::vector<diag::Diagnostic>& errors) {
    diag::CollectingConsumer collect;
    diag::DiagnosticConsumer* saved = driver.diags.consumer();
    driver.diags.set_consumer(&collect);
    base::FileId file = driver.sources.add(name, code);
    eval::DeepOptions deep;
    deep.require_definitions = false;
    std::optional<eval::Value> v = fe.run(file, &deep); // an example is type-checked like a file
    driver.diags.set_consumer(saved);
    errors = std::move(collect.diagnostics);
    if (!errors.empty()) return std::nullopt;
    return v;
  }

  void report_failure(const std::string& where, const std::string& why, const std::vector<diag::Diagnostic>& errors) {
    ++failed;
    std::printf("FAIL %s: %s\n", where.c_str(), why.c_str());
    for (const diag::Diagnostic& d : errors) {
      std::string text = diag::TextRenderer::render(driver.sources, d, false);
      std::printf("%s", text.c_str());
    }
  }

  void example(const eval::DocEntry& entry, const eval::DocExample& ex, size_t index) {
    std::string where = fmt::format("{} (example {})", entry.path, index + 1);
    std::vector<diag::Diagnostic> errors;
    std::optional<eval::Value> actual = run(fmt::format("<example {}>", where), ex.code, errors);
    if (ex.expect_error) {
      if (actual) report_failure(where, "expected an error, but it evaluated to " + ev.print(*actual), {});
      else pass(where);
      return;
    }
    if (!actual) return report_failure(where, "the example fails", errors);
    if (ex.expected.empty()) return pass(where);
    std::optional<eval::Value> expected = run(fmt::format("<expected {}>", where), ex.expected, errors);
    if (!expected) return report_failure(where, "the expected value fails", errors);
    diag::CollectingConsumer collect;
    diag::DiagnosticConsumer* saved = driver.diags.consumer();
    driver.diags.set_consumer(&collect);
    std::optional<bool> same = ev.equal(*actual, *expected);
    driver.diags.set_consumer(saved);
    if (!same) return report_failure(where, "cannot compare the result", collect.diagnostics);
    if (!*same)
      return report_failure(where, fmt::format("got {}, expected {}", ev.print(*actual), ev.print(*expected)), {});
    pass(where);
  }

  void pass(const std::string& where) {
    ++passed;
    if (verbose) std::printf("ok   %s\n", where.c_str());
  }
};

} // namespace

void register_test(CLI::App& app, Driver& driver) {
  struct Options : EvalOptions {
    bool std = false;
    bool verbose = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("test", "Run the examples in documentation");
  add_eval_options(cmd, *opts, true);
  cmd->add_flag("--std", opts->std, "test the standard library's examples");
  cmd->add_flag("-v,--verbose", opts->verbose, "list every example, not only failures");
  cmd->callback([&driver, opts] {
    front::FrontEnd fe(driver.sources, driver.names, driver.diags, evaluator_options(*opts));
    eval::Evaluator& ev = fe.evaluator();
    std::vector<eval::DocEntry> entries;
    if (opts->std) {
      eval::Value std_root = ev.machine().std_value();
      if (std_root.is_none()) {
        driver.exit_code = kError;
        return;
      }
      entries = eval::collect_docs(ev, std_root, "std");
    }
    if (!opts->files.empty()) {
      std::optional<eval::Value> v = evaluate_files(driver, fe, *opts);
      if (!v) {
        driver.exit_code = kError;
        return;
      }
      std::vector<eval::DocEntry> more = eval::collect_docs(ev, *v, "");
      entries.insert(entries.end(), more.begin(), more.end());
    }
    if (!opts->std && opts->files.empty()) {
      driver.error(diag::DiagKind::UsageError, "`cairn test` needs a FILE or --std");
      driver.exit_code = kError;
      return;
    }
    Runner runner{driver, fe, ev, opts->verbose};
    for (const eval::DocEntry& e : entries) {
      std::vector<eval::DocExample> examples = eval::extract_examples(e.doc);
      for (size_t i = 0; i < examples.size(); ++i) runner.example(e, examples[i], i);
    }
    std::printf("%d passed, %d failed\n", runner.passed, runner.failed);
    driver.exit_code = runner.failed ? kError : kOk;
  });
}

} // namespace cairn::cli
