// The front-end workspace: documents by path with versions, and for each root file one
// compilation unit (parse, resolution with imports, types) cached until the file or a file
// it imports changes.
//
//   workspace::Workspace ws;
//   ws.set("/abs/main.conf", text, 3);          // open or change a document
//   const workspace::Unit& u = ws.unit("/abs/main.conf");
//   u.diagnostics, u.root_module(), u.types()   // what the language server shows
//   ws.set("/abs/lib.conf", text, 1)            // returns the roots that import lib.conf
//
// A unit reads open documents from the workspace (an edited import is seen before it is
// saved) and other files from disk (or the embedded standard library) through the
// program's SourceLoader. Each unit records the files it read; changing a document drops
// exactly the units whose import graph contains it, so an edit re-checks the file and its
// importers and nothing else. Units are built lazily, on the first `unit()` after a
// change.
//
// Phases run in order and keep their results in their own members: `program` (parse and
// resolve, every module's AST and bindings), then `checker` (types, run once the program
// resolved). Diagnostics of every phase are collected in `diagnostics`, in the order the
// phases raised them. Lowering and evaluation are the runtime's: runtime/eval still builds
// its own program from the files, so the CLI's evaluating commands do not use units yet.
//
// Ownership: the workspace owns its documents and units; a Unit reference stays valid
// until the next `set`/`close` of a file it read, or the next `unit()` of the same root.
// Not thread-safe: one thread uses a workspace.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/check/program_check.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/resolve/program.h"

namespace cairn::workspace {

struct Document {
  std::string path; // absolute
  std::string text;
  int64_t version = 0;
};

class Workspace;

// Reads open documents from the workspace, the rest through the default loader.
class OverlayLoader : public resolve::SourceLoader {
public:
  OverlayLoader(const Workspace& ws, std::vector<std::string> include_dirs);
  std::optional<Found> load(std::string_view path, std::string_view importer_dir,
                            std::vector<std::string>* searched) override;
  std::set<std::string> read; // keys of the files loaded (absolute paths, embedded names)

private:
  const Workspace& ws_;
  resolve::DefaultLoader inner_;
};

// One root file and everything it imports, through the front end.
struct Unit {
  Unit(const Workspace& ws, const std::vector<std::string>& include_dirs)
      : loader(ws, include_dirs), program(sources, names, loader) {}

  std::string path;
  int64_t version = 0;
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags{&sink};
  OverlayLoader loader;
  resolve::Program program;
  base::FileId file;                 // the root's text in `sources`
  std::optional<uint32_t> root;      // the root module, when it resolved
  std::optional<uint32_t> module_id; // the root module, even when it failed to resolve
  std::unique_ptr<check::ProgramChecker> checker;
  bool checked = false; // the checker ran (the program resolved)
  std::vector<diag::Diagnostic>& diagnostics = sink.diagnostics;

  const resolve::Module* root_module() const {
    return module_id ? &program.module(*module_id) : nullptr;
  }
  // The root module's types, or null when it was not checked.
  const check::Result* types() const {
    return checker && module_id ? checker->result(*module_id) : nullptr;
  }
  // The module whose file is `file`, or null.
  const resolve::Module* module_of(base::FileId file) const;
};

class Workspace {
public:
  // Registers the embedded standard library (idempotent).
  explicit Workspace(std::vector<std::string> include_dirs = {});

  // Opens or changes a document; drops the units that read it and returns their roots
  // (other than `path`): the importers to re-check.
  std::vector<std::string> set(const std::string& path, std::string text, int64_t version);
  // Closes a document (its file is read from disk again); returns the roots dropped.
  std::vector<std::string> close(const std::string& path);
  // A file changed on disk: drops the units that read it.
  std::vector<std::string> file_changed(const std::string& path) { return invalidate(path); }
  const Document* document(const std::string& path) const;
  std::vector<std::string> open_paths() const;

  // The unit rooted at `path` (an open document, else the file on disk), built on first use.
  Unit& unit(const std::string& path);
  // Whether a unit for `path` is cached (tests: invalidation).
  bool cached(const std::string& path) const { return units_.count(path) != 0; }

  // An absolute, normalised form of a path (symbolic links resolved when the file exists).
  static std::string normalize(const std::string& path);

private:
  std::vector<std::string> invalidate(const std::string& path);

  std::vector<std::string> include_dirs_;
  std::map<std::string, Document> documents_;
  std::map<std::string, std::unique_ptr<Unit>> units_;
};

} // namespace cairn::workspace
