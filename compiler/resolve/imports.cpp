// Imports: locating files, loading each module once, the worklist that resolves a program
// transitively. Import cycles are allowed: modules are lazy values, so files may refer to
// each other as long as no value depends on itself (that is infinite recursion, E0405).
#include <fmt/core.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "compiler/parse/parse.h"
#include "compiler/resolve/resolve_impl.h"

namespace cairn::resolve {

using ast::NodeId;
using ast::NodeKind;

namespace {

// Standard library submodules load lazily: the evaluator asks for them on first use.
bool is_lazy(const Module& m) { return m.is_std && m.embedded; }

// Parses and resolves one registered module. New modules it imports are registered, not
// loaded; `load_pending` takes care of them.
bool load_one(Program& program, Module& m, diag::Diagnostics& diags) {
  if (m.loaded) return !m.failed;
  m.loaded = true;
  switch (m.format) {
  case Format::Conf: {
    m.ast = parse::parse(program.sources, m.file, program.names, diags);
    if (m.ast.has_error()) {
      m.failed = true;
      return false;
    }
    m.failed = !resolve_module(program, m, diags);
    return !m.failed;
  }
  case Format::Json:
  case Format::Yaml:
  case Format::Toml: m.failed = !parse_data(program, m, diags); return !m.failed;
  case Format::Text: return true;
  }
  return true;
}

// Loads `start` and every module it imports (transitively) that is not lazy.
bool load_pending(Program& program, uint32_t start, diag::Diagnostics& diags) {
  bool ok = true;
  std::vector<uint32_t> work{start};
  while (!work.empty()) {
    Module& m = program.module(work.back());
    work.pop_back();
    if (m.loaded) {
      ok = ok && !m.failed;
      continue;
    }
    if (!load_one(program, m, diags)) ok = false;
    for (const auto& [node, target] : m.imports) {
      (void)node;
      Module& t = program.module(target);
      if (!t.loaded && !is_lazy(t)) work.push_back(target);
    }
  }
  return ok;
}

std::string canonical(const std::string& path) {
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

} // namespace

void Resolver::import(NodeId n) {
  std::string path(f_.string(ast::StringId(f_.payload(n))));
  if (path.empty()) return; // the parser already complained
  Format format = format_from_path(path);
  for (NodeId k : f_.children(n)) {
    if (!k.valid() || f_.kind(k) != NodeKind::EnumTag) continue;
    std::string_view tag = f_.name_text(k);
    std::optional<Format> f = format_from_tag(tag);
    if (!f) {
      ok_ = false;
      diags_.error(diag::DiagKind::UnknownImportFormat, f_.loc(k), fmt::format("unknown import format `'{}`", tag))
          .help("the formats are 'Nickel, 'Json, 'Yaml, 'Toml and 'Text");
      return;
    }
    format = *f;
  }
  std::vector<std::string> searched;
  auto found = program_.loader.load(path, m_.embedded ? std::string_view() : std::string_view(m_.dir), &searched);
  if (!found) {
    ok_ = false;
    auto b = diags_.error(diag::DiagKind::ImportNotFound, f_.loc(n), fmt::format("cannot find the imported file `{}`", path));
    b.primary("imported here");
    std::string where;
    for (const std::string& s : searched) where += (where.empty() ? "" : ", ") + s;
    if (!where.empty()) b.note(fmt::format("looked for {}", where));
    b.help("add a directory to search with `-I DIR` or CAIRN_IMPORT_PATH");
    return;
  }
  std::string key = found->key;
  if (format != Format::Conf) key += fmt::format("#{}", format_name(format));
  uint32_t id;
  if (auto existing = program_.find(key)) {
    id = *existing;
  } else {
    Module& nm = program_.add_module(key);
    nm.format = format;
    nm.dir = dirname(found->path);
    nm.file = program_.sources.add(found->path, std::move(found->text));
    nm.is_std = m_.is_std && found->embedded;
    id = nm.id;
  }
  m_.imports[n.index] = id;
}

bool resolve_module(Program& program, Module& module, diag::Diagnostics& diags) {
  Resolver r(program, module, diags);
  return r.run();
}

std::optional<uint32_t> load_root(Program& program, base::FileId file, diag::Diagnostics& diags) {
  const base::SourceFile& src = program.sources.get(file);
  std::string key = canonical(src.path());
  Format format = format_from_path(src.path());
  if (format != Format::Conf) key += fmt::format("#{}", format_name(format));
  if (auto existing = program.find(key)) {
    const Module& m = program.module(*existing);
    if (m.failed) return std::nullopt;
    return existing;
  }
  Module& m = program.add_module(key);
  m.file = file;
  m.format = format;
  m.dir = dirname(src.path());
  uint32_t id = m.id;
  if (!load_pending(program, id, diags)) return std::nullopt;
  return id;
}

std::optional<uint32_t> load_std(Program& program, diag::Diagnostics& diags) {
  if (program.std_module) return program.std_module;
  std::optional<EmbeddedFile> root = find_embedded("std/std.conf");
  if (!root) return std::nullopt;
  Module& m = program.add_module("<embedded>/std/std.conf");
  m.file = program.sources.add("<std>/std.conf", std::string(root->text));
  m.is_std = true;
  uint32_t id = m.id;
  if (!load_pending(program, id, diags)) return std::nullopt;
  program.std_module = id;
  return id;
}

bool ensure_module(Program& program, uint32_t id, diag::Diagnostics& diags) {
  Module& m = program.module(id);
  if (m.loaded) return !m.failed;
  return load_pending(program, id, diags);
}

} // namespace cairn::resolve
