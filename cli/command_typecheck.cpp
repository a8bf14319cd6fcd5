// `cairn typecheck FILE... [--strict] [--std FILE] [--dump-types]`: parse and type-check
// each file. Exit 0 when every file is well typed, 1 otherwise.
//
// Each file is a workspace unit (compiler/workspace), as every command loads files: parsed,
// resolved with what it imports (unbound names are resolve's errors), then it and the
// files it imports are type-checked; the types of `std` come from the annotations of the
// standard library embedded in the binary (stdlib/*.conf). A file whose names do not
// resolve is still type-checked on its own. The checker's own test modes check each file
// alone, without resolving: `--std FILE` reads the types of `std` from another library
// (tests use small ones), and `--std-internals` checks files of the library itself.
//
// `--dump-contracts` prints the contract sites of check::Result (where the evaluator
// guards typed code at run time). `--dump-types` prints, for each file, the type of every binding
// the checker typed (let and function parameters, pattern variables, record fields of typed blocks)
// as `line:col name : type`, and the type of the whole file in strict mode.
#include "cli/driver.h"
#include "compiler/check/check.h"
#include "compiler/workspace/workspace.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/program.h"
#include "stdlib/stdlib.h"

#include <algorithm>
#include <chrono>
#include <fmt/core.h>
#include <memory>
#include <unordered_map>

namespace cairn::cli {

namespace {

// Imported language files for the checker: relative to the importing file, and
// `std/<name>.conf` next to the standard library root given with --std, else the embedded
// one. Each file is parsed once; files that are missing or do not parse count as untyped
// (the evaluator reports them).
class DiskModules : public check::ModuleSource {
public:
  DiskModules(Driver& driver, std::string std_dir)
      : driver_(driver), std_dir_(std::move(std_dir)) {}
  const ast::File* module(const ast::File& from, ast::NodeId, std::string_view path) override {
    std::string full;
    bool from_binary = std_dir_.empty() && path.substr(0, 4) == "std/";
    if (from_binary) {
      full = std::string(path);
    } else if (!std_dir_.empty() && path.substr(0, 4) == "std/") {
      full = std_dir_ + "/" + std::string(path.substr(4));
    } else if (!path.empty() && path[0] == '/') {
      full = std::string(path);
    } else {
      std::string from_path = driver_.sources.get(from.file_id()).path();
      size_t slash = from_path.rfind('/');
      full = (slash == std::string::npos ? std::string() : from_path.substr(0, slash + 1)) +
             std::string(path);
    }
    auto it = files_.find(full);
    if (it != files_.end()) return it->second.get();
    std::string why;
    std::unique_ptr<ast::File> tree;
    std::optional<base::FileId> id;
    if (!from_binary)
      id = driver_.sources.load(full, &why);
    else if (std::optional<resolve::EmbeddedFile> embedded = resolve::find_embedded(path))
      id = driver_.sources.add(full, std::string(embedded->text));
    if (id) {
      diag::CollectingConsumer sink;
      diag::Diagnostics quiet(&sink);
      tree = std::make_unique<ast::File>(parse::parse(driver_.sources, *id, driver_.names, quiet));
      if (quiet.has_errors()) tree.reset();
    }
    return files_.emplace(full, std::move(tree)).first->second.get();
  }

private:
  Driver& driver_;
  std::string std_dir_;
  std::unordered_map<std::string, std::unique_ptr<ast::File>> files_;
};

void dump_types(const ast::File& tree, const base::SourceFile& source,
                const check::Result& result) {
  struct Line {
    uint32_t offset;
    std::string text;
  };
  std::vector<Line> lines;
  for (uint32_t i = 0; i < tree.node_count(); ++i) {
    ast::NodeId id(i);
    ast::NodeKind k = tree.kind(id);
    bool binder = k == ast::NodeKind::PatAny || k == ast::NodeKind::PatAlias ||
                  k == ast::NodeKind::PatField || k == ast::NodeKind::Name;
    if (!binder || !result.type_of(id).valid()) continue;
    base::LineCol lc = source.line_col(tree.span(id).begin);
    lines.push_back({tree.span(id).begin, fmt::format("{}:{} {} : {}", lc.line, lc.column,
                                                      tree.name_text(id), result.type_text(id))});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.offset < b.offset; });
  for (const Line& l : lines) fmt::print("{}\n", l.text);
  if (tree.root().valid() && result.type_of(tree.root()).valid())
    fmt::print("file : {}\n", result.type_text(tree.root()));
}

void dump_contracts(const ast::File& tree, const base::SourceFile& source,
                    const check::Result& result) {
  std::vector<std::pair<uint32_t, std::string>> lines;
  check::TypePrinter printer(*result.types);
  for (const check::ContractSite& site : result.contracts) {
    base::LineCol lc = source.line_col(tree.span(site.node).begin);
    const char* kind =
        site.kind == check::ContractSite::Kind::TypedBlock ? "typed block" : "untyped value";
    lines.emplace_back(
        tree.span(site.node).begin,
        fmt::format("contract {}:{} {} : {}", lc.line, lc.column, kind, printer.print(site.type)));
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& l : lines) fmt::print("{}\n", l.second);
}

struct TypecheckOptions {
  std::vector<std::string> files;
  std::string std_path;
  bool strict = false;
  bool dump = false;
  bool contracts = false;
  bool timings = false;
  bool std_internals = false;
};

double ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A file as a workspace unit: load (parse, resolve, imports), then check it and its imports.
void check_unit(Driver& driver, const TypecheckOptions& opts, const std::string& path) {
  std::optional<base::FileId> file = driver.load(path);
  if (!file) return;
  workspace::Workspace ws;
  workspace::UnitOptions uo;
  uo.check.strict = opts.strict;
  workspace::Unit unit(ws, driver.sources, driver.names, driver.diags, uo);
  auto t0 = std::chrono::steady_clock::now();
  std::optional<uint32_t> root = unit.load(*file);
  auto t1 = std::chrono::steady_clock::now();
  const resolve::Module* m = unit.check_root(*file, root);
  if (!m) return;
  auto t2 = std::chrono::steady_clock::now();
  if (opts.timings) fmt::print(stderr, "{}: parse {:.1f} ms, check {:.1f} ms\n", path, ms(t1 - t0), ms(t2 - t1));
  const check::Result* result = unit.checker.result(m->id);
  if (!result) return;
  if (opts.dump) dump_types(m->ast, driver.sources.get(*file), *result);
  if (opts.contracts) dump_contracts(m->ast, driver.sources.get(*file), *result);
}

} // namespace

void register_typecheck(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<TypecheckOptions>();
  CLI::App* cmd = app.add_subcommand("typecheck", "Type-check files");
  cmd->add_option("FILE", opts->files, "the files to check")->required();
  cmd->add_flag("--strict", opts->strict, "check each whole file as typed code");
  cmd->add_option(
      "--std", opts->std_path,
      "read the types of `std` from this file (default: the embedded standard library)");
  cmd->add_flag("--dump-types", opts->dump, "print the type of every typed binding");
  cmd->add_flag("--std-internals", opts->std_internals,
                "the files are part of the standard library (its builtins are in scope)");
  cmd->add_flag("--timings", opts->timings, "print how long parsing and checking took (stderr)");
  cmd->add_flag("--dump-contracts", opts->contracts,
                "print where run-time contracts guard typed code");
  cmd->callback([&driver, opts] {
    if (opts->std_path.empty() && !opts->std_internals) {
      for (const std::string& path : opts->files) check_unit(driver, *opts, path);
      driver.exit_code = driver.diags.has_errors() ? kError : kOk;
      return;
    }
    std::optional<ast::File> std_tree;
    if (!opts->std_path.empty()) {
      auto std_file = driver.load(opts->std_path);
      if (!std_file) {
        driver.exit_code = kError;
        return;
      }
      std_tree = parse::parse(driver.sources, *std_file, driver.names, driver.diags);
    } else {
      stdlib::register_files();
      if (std::optional<resolve::EmbeddedFile> root = resolve::find_embedded("std/std.conf")) {
        base::FileId id = driver.sources.add("<std>/std.conf", std::string(root->text));
        std_tree = parse::parse(driver.sources, id, driver.names, driver.diags);
      }
    }
    std::string std_dir;
    if (!opts->std_path.empty()) {
      size_t slash = opts->std_path.rfind('/');
      std_dir = slash == std::string::npos ? "." : opts->std_path.substr(0, slash);
    }
    DiskModules modules(driver, std_dir);
    check::Options options;
    options.strict = opts->strict;
    options.std_file = std_tree ? &*std_tree : nullptr;
    options.modules = &modules;
    options.std_internals = opts->std_internals;
    for (const std::string& path : opts->files) {
      auto file = driver.load(path);
      if (!file) continue;
      uint32_t before = driver.diags.error_count();
      auto t0 = std::chrono::steady_clock::now();
      ast::File tree = parse::parse(driver.sources, *file, driver.names, driver.diags);
      auto t1 = std::chrono::steady_clock::now();
      if (driver.diags.error_count() != before) continue; // syntax errors: nothing to check
      check::Result result = check::check(driver.sources, tree, options, driver.diags);
      auto t2 = std::chrono::steady_clock::now();
      if (opts->timings) {
        fmt::print(stderr, "{}: parse {:.1f} ms, check {:.1f} ms\n", path, ms(t1 - t0),
                   ms(t2 - t1));
      }
      if (opts->dump) dump_types(tree, driver.sources.get(*file), result);
      if (opts->contracts) dump_contracts(tree, driver.sources.get(*file), result);
    }
    driver.exit_code = driver.diags.has_errors() ? kError : kOk;
  });
}

} // namespace cairn::cli
