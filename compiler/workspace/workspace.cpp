// The workspace's documents, units and invalidation; see workspace.h.
#include "compiler/workspace/workspace.h"

#include <climits>
#include <cstdlib>
#include <filesystem>

#include "compiler/resolve/resolve.h"
#include "stdlib/stdlib.h"

namespace cairn::workspace {

OverlayLoader::OverlayLoader(const Workspace& ws, std::vector<std::string> include_dirs) : ws_(ws) {
  inner_.include_dirs = std::move(include_dirs);
}

std::optional<resolve::SourceLoader::Found> OverlayLoader::load(std::string_view path,
                                                                std::string_view importer_dir,
                                                                std::vector<std::string>* searched) {
  std::optional<Found> found = inner_.load(path, importer_dir, searched);
  if (!found && !path.empty() && !resolve::find_embedded(path)) {
    // An open document that is not on disk yet.
    std::string candidate = path[0] == '/' ? std::string(path)
                                           : Workspace::normalize(std::string(importer_dir) + "/" + std::string(path));
    if (const Document* d = ws_.document(Workspace::normalize(candidate)))
      found = Found{d->path, candidate, d->text, false};
  }
  if (!found) return found;
  if (!found->embedded) {
    if (const Document* d = ws_.document(found->key)) found->text = d->text;
  }
  read.insert(found->key);
  return found;
}

Unit::Unit(const Workspace& ws, UnitOptions opts) : Unit(ws, std::make_unique<Owned>(), opts) {}

Unit::Unit(const Workspace& ws, std::unique_ptr<Owned> owned, UnitOptions opts)
    : owned_(std::move(owned)), options(opts), sources(owned_->sources), names(owned_->names),
      diags(owned_->diags), diagnostics(owned_->sink.diagnostics), loader(ws, ws.include_dirs()),
      program(sources, names, loader), checker(program, diags, options.check) {}

Unit::Unit(const Workspace& ws, base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
           UnitOptions opts)
    : options(opts), sources(sources), names(names), diags(diags), diagnostics(none_),
      loader(ws, ws.include_dirs()), program(sources, names, loader), checker(program, diags, options.check) {}

std::optional<uint32_t> Unit::load(base::FileId f) {
  std::optional<uint32_t> m = resolve::load_root(program, f, diags);
  if (m) roots.push_back(*m);
  return m;
}

bool Unit::check() { return !options.typecheck || checker.check_loaded(); }

const resolve::Module* Unit::check_root(base::FileId f, std::optional<uint32_t> root) {
  const resolve::Module* m = root ? &program.module(*root) : module_of(f);
  if (!m || m->format != resolve::Format::Conf || m->ast.has_error() || !m->ast.root().valid()) return nullptr;
  if (root) check();
  else if (options.typecheck) checker.check_module(m->id);
  return m;
}

const resolve::Module* Unit::module_of(base::FileId f) const {
  for (uint32_t i = 0; i < program.module_count(); ++i)
    if (program.module(i).file.index == f.index && program.module(i).file.valid()) return &program.module(i);
  return nullptr;
}

Workspace::Workspace(std::vector<std::string> include_dirs) : include_dirs_(std::move(include_dirs)) {
  stdlib::register_files();
}

std::string Workspace::normalize(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = path;
  char resolved[PATH_MAX];
  if (realpath(p.c_str(), resolved)) return resolved;
  return p.lexically_normal().string();
}

std::vector<std::string> Workspace::set(const std::string& path, std::string text, int64_t version) {
  Document& d = documents_[path];
  d.path = path;
  d.text = std::move(text);
  d.version = version;
  return invalidate(path);
}

std::vector<std::string> Workspace::close(const std::string& path) {
  documents_.erase(path);
  std::vector<std::string> dropped = invalidate(path);
  units_.erase(path);
  return dropped;
}

const Document* Workspace::document(const std::string& path) const {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : &it->second;
}

std::vector<std::string> Workspace::open_paths() const {
  std::vector<std::string> out;
  for (const auto& [p, d] : documents_) out.push_back(p);
  return out;
}

std::vector<std::string> Workspace::invalidate(const std::string& path) {
  std::vector<std::string> dropped;
  for (auto it = units_.begin(); it != units_.end();) {
    if (it->first == path || it->second->loader.read.count(path)) {
      if (it->first != path) dropped.push_back(it->first);
      it = units_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

Unit& Workspace::unit(const std::string& path) {
  auto it = units_.find(path);
  if (it != units_.end()) return *it->second;
  auto u = std::make_unique<Unit>(*this);
  u->path = path;
  std::string text;
  if (const Document* d = document(path)) {
    text = d->text;
    u->version = d->version;
  } else {
    std::string why;
    if (auto f = u->sources.load(path, &why)) {
      text = std::string(u->sources.get(*f).text());
    } else {
      u->diags.error(diag::DiagKind::FileUnreadable, {}, "cannot read `" + path + "`: " + why);
    }
  }
  u->file = u->sources.add(path, std::move(text));
  u->loader.read.insert(path);
  u->root = u->load(u->file);
  u->module_id = u->root;
  if (const resolve::Module* m = u->root ? nullptr : u->module_of(u->file)) u->module_id = m->id;
  if (u->root) {
    u->check();
    u->checked = true;
  } else if (u->module_id) {
    resolve::Module& m = u->program.module(*u->module_id);
    if (m.format == resolve::Format::Conf && m.ast.root().valid() && m.ast.has_error()) {
      // Half-typed code: resolve the partial tree anyway (its diagnostics would only
      // repeat the syntax errors) so that scopes and imports serve the editor.
      diag::CollectingConsumer quiet;
      diag::Diagnostics quiet_diags(&quiet);
      resolve::resolve_module(u->program, m, quiet_diags);
      std::vector<uint32_t> targets;
      for (const auto& [node, target] : m.imports) targets.push_back(target);
      for (uint32_t t : targets) resolve::ensure_module(u->program, t, quiet_diags);
    } else {
      u->check_root(u->file, u->root);
    }
  }
  Unit& out = *u;
  units_[path] = std::move(u);
  return out;
}

} // namespace cairn::workspace
