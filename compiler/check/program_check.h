// Type-checking the modules of a resolved program: what the evaluating commands (eval,
// export, query, test, plan, apply) run between loading a program and evaluating it.
//
//   check::ProgramChecker checker(program, diags);
//   if (!checker.check_loaded()) return kError;   // type errors reported through `diags`
//   const check::Result* r = checker.result(module); // types of one module (query --type)
//
// The checker sees the program the way the evaluator will: imports are the modules the
// resolve phase bound them to (an imported language file has the apparent type of its
// root), and `std` has the type read from the annotations of the embedded standard
// library's source (stdlib/*.conf), loaded through the program only when a checked module
// mentions `std`. Unbound names are not reported again (resolve did). Modules of the
// standard library itself are not checked (their annotations are trusted; checking their
// code is `cairn typecheck --std-internals`).
//
// Ownership: the ProgramChecker refers to the program and the diagnostics, which must
// outlive it; it owns the results of the modules it checked.
#pragma once

#include "compiler/check/check.h"
#include "compiler/lower/guards.h"
#include "compiler/resolve/program.h"

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace cairn::check {

// Imports as resolved by the resolve phase (lazy standard library submodules are loaded
// on demand); files that failed to load are untyped.
class ProgramModules : public ModuleSource {
public:
  ProgramModules(resolve::Program& program, diag::Diagnostics& diags)
      : program_(program), diags_(diags) {}
  const ast::File* module(const ast::File& from, ast::NodeId import,
                          std::string_view path) override;
  // The parsed standard library root, loading it on first use; null when unavailable.
  const ast::File* std_file();

private:
  std::optional<uint32_t> module_of(const ast::File& from);

  resolve::Program& program_;
  diag::Diagnostics& diags_;
  std::unordered_map<uint32_t, uint32_t> by_file_; // FileId index -> module id
};

// A GuardSource: lowering (through the evaluator) reads each checked module's run-time
// guards from here.
class ProgramChecker : public lower::GuardSource {
public:
  ProgramChecker(resolve::Program& program, diag::Diagnostics& diags, Options base = {});
  // Checks one module (once); false when it has type errors.
  bool check_module(uint32_t module);
  // Checks every loaded language module outside the standard library not checked yet:
  // the root files and everything they import. False when one of them has type errors.
  bool check_loaded();
  // The result of a checked module, or null.
  const Result* result(uint32_t module) const;
  // The run-time guards typed code of a checked module asks for (see lower/guards.h).
  const lower::Guards* guards(uint32_t module) const override;

private:
  resolve::Program& program_;
  diag::Diagnostics& diags_;
  Options base_;
  ProgramModules modules_;
  std::unordered_map<uint32_t, std::unique_ptr<Result>> results_;
  std::unordered_map<uint32_t, lower::Guards> guards_;
};

} // namespace cairn::check
