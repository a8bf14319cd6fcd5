// Type-checking the modules of a resolved program; see program_check.h.
#include "compiler/check/program_check.h"

#include "compiler/resolve/resolve.h"

namespace cairn::check {

std::optional<uint32_t> ProgramModules::module_of(const ast::File& from) {
  uint32_t key = from.file_id().index;
  auto it = by_file_.find(key);
  if (it != by_file_.end()) return it->second;
  for (uint32_t i = 0; i < program_.module_count(); ++i) {
    const resolve::Module& m = program_.module(i);
    if (m.loaded && m.format == resolve::Format::Conf) by_file_.emplace(m.file.index, i);
  }
  it = by_file_.find(key);
  if (it == by_file_.end()) return std::nullopt;
  return it->second;
}

const ast::File* ProgramModules::module(const ast::File& from, ast::NodeId import,
                                        std::string_view path) {
  (void)path;
  std::optional<uint32_t> id = module_of(from);
  if (!id) return nullptr;
  const resolve::Module& m = program_.module(*id);
  auto it = m.imports.find(import.index);
  if (it == m.imports.end()) return nullptr;
  uint32_t target = it->second;
  if (!resolve::ensure_module(program_, target, diags_)) return nullptr;
  const resolve::Module& t = program_.module(target);
  if (t.failed || t.format != resolve::Format::Conf) return nullptr;
  by_file_.emplace(t.file.index, target);
  return &t.ast;
}

const ast::File* ProgramModules::std_file() {
  std::optional<uint32_t> id = resolve::load_std(program_, diags_);
  if (!id) return nullptr;
  const resolve::Module& m = program_.module(*id);
  if (m.failed) return nullptr;
  by_file_.emplace(m.file.index, *id);
  return &m.ast;
}

ProgramChecker::ProgramChecker(resolve::Program& program, diag::Diagnostics& diags, Options base)
    : program_(program), diags_(diags), base_(base), modules_(program, diags) {}

bool ProgramChecker::check_module(uint32_t id) {
  auto done = results_.find(id);
  if (done != results_.end()) return done->second->ok();
  const resolve::Module& m = program_.module(id);
  Options options = base_;
  options.modules = &modules_;
  options.report_unbound = false;
  // `std`'s type costs loading the whole library: only when the module mentions it.
  options.std_file = nullptr;
  for (const resolve::Binding& b : m.bindings) {
    if (b.kind == resolve::Binding::Std) {
      options.std_file = modules_.std_file();
      break;
    }
  }
  auto result = std::make_unique<Result>(check(program_.sources, m.ast, options, diags_));
  bool ok = result->ok();
  // Reads of untyped fields typed code relied on get guards (lower/guards.h). Their types
  // are apparent types of literals: Number, String, Bool or Array Dyn.
  lower::Guards& target = guards_[id];
  TypeStore& types = *result->types;
  for (const ContractSite& site : result->contracts) {
    if (site.kind != ContractSite::Kind::UntypedValue) continue;
    TypeKind k = types.kind(types.resolve(site.type));
    if (k == TypeKind::Number)
      target[site.node.index] = lower::TypeGuard::Number;
    else if (k == TypeKind::String)
      target[site.node.index] = lower::TypeGuard::String;
    else if (k == TypeKind::Bool)
      target[site.node.index] = lower::TypeGuard::Bool;
    else if (k == TypeKind::Array)
      target[site.node.index] = lower::TypeGuard::Array;
  }
  if (target.empty()) guards_.erase(id);
  results_.emplace(id, std::move(result));
  return ok;
}

bool ProgramChecker::check_loaded() {
  bool ok = true;
  // check_module may load standard library modules: the count is read once, and those are
  // skipped anyway.
  uint32_t count = program_.module_count();
  for (uint32_t i = 0; i < count; ++i) {
    const resolve::Module& m = program_.module(i);
    if (!m.loaded || m.failed || m.is_std || m.format != resolve::Format::Conf) continue;
    if (results_.count(i) == 0 && !check_module(i)) ok = false;
  }
  return ok;
}

const lower::Guards* ProgramChecker::guards(uint32_t id) const {
  auto it = guards_.find(id);
  return it == guards_.end() ? nullptr : &it->second;
}

const Result* ProgramChecker::result(uint32_t id) const {
  auto it = results_.find(id);
  return it == results_.end() ? nullptr : it->second.get();
}

} // namespace cairn::check
