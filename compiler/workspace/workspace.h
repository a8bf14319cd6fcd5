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
// phases raised them. Lowering and evaluation are the runtime's: runtime/front's FrontEnd
// evaluates a unit's program (the evaluating commands build their units through it).
//
// Ownership: the workspace owns its documents and the units `unit()` builds; a Unit
// reference stays valid until the next `set`/`close` of a file it read. A unit built
// directly (over a caller's source map) belongs to its builder and refers to the workspace.
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

// One compilation unit: root files and everything they import, loaded into one program
// (parse and resolve), then type-checked. The language server's units own their source map,
// names and diagnostics (collected in `diagnostics`); the evaluating commands' units report
// into the caller's (the CLI's renderer, a REPL, a spec loader), and may load further roots
// later (a REPL line, a documentation example), each checked once.
struct UnitOptions {
  bool typecheck = true; // off: the fuzzers and the language server's background evaluation
  check::Options check;  // the checker's base options (`cairn typecheck --strict`)
};

struct Unit {
  // A unit with a source map, names and diagnostics of its own (the language server).
  explicit Unit(const Workspace& ws, UnitOptions options = {});
  // A unit over the caller's source map, names and diagnostics.
  Unit(const Workspace& ws, base::SourceMap& sources, base::Names& names, diag::Diagnostics& diags,
       UnitOptions options = {});
  Unit(const Unit&) = delete;
  Unit& operator=(const Unit&) = delete;

  // Loads a root file of `sources` (parse, resolve, what it imports): its module id, or
  // nullopt after reporting.
  std::optional<uint32_t> load(base::FileId file);
  // Type-checks every module loaded and not checked yet; false after reporting type errors.
  // Always true when the unit does not type-check.
  bool check();
  // Type-checks what `load(file)` gave (`root`, its answer): the unit when the root
  // resolved, else the file's own module alone when it parsed (names failed to resolve: the
  // types of the rest are still worth reporting). The module, or null when it is not
  // language code without syntax errors (nothing was checked then).
  const resolve::Module* check_root(base::FileId file, std::optional<uint32_t> root);

private:
  struct Owned {
    base::SourceMap sources;
    base::Names names;
    diag::CollectingConsumer sink;
    diag::Diagnostics diags{&sink};
  };
  Unit(const Workspace& ws, std::unique_ptr<Owned> owned, UnitOptions options);
  std::unique_ptr<Owned> owned_;
  std::vector<diag::Diagnostic> none_;

public:
  UnitOptions options;
  std::string path; // the first root's key in the workspace (language server units)
  int64_t version = 0;
  base::SourceMap& sources;
  base::Names& names;
  diag::Diagnostics& diags;
  // What the unit reported, when it owns its diagnostics (else empty: they went to the caller).
  const std::vector<diag::Diagnostic>& diagnostics;
  OverlayLoader loader;
  resolve::Program program;
  check::ProgramChecker checker;
  std::vector<uint32_t> roots;       // the root modules loaded, in order
  base::FileId file;                 // the first root's text in `sources`
  std::optional<uint32_t> root;      // the first root module, when it resolved
  std::optional<uint32_t> module_id; // the first root module, even when it failed to resolve
  bool checked = false;              // the checker ran over the first root

  const resolve::Module* root_module() const {
    return module_id ? &program.module(*module_id) : nullptr;
  }
  // The first root module's types, or null when it was not checked.
  const check::Result* types() const { return module_id ? checker.result(*module_id) : nullptr; }
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

  const std::vector<std::string>& include_dirs() const { return include_dirs_; }

  // An absolute, normalised form of a path (symbolic links resolved when the file exists).
  static std::string normalize(const std::string& path);

private:
  std::vector<std::string> invalidate(const std::string& path);

  std::vector<std::string> include_dirs_;
  std::map<std::string, Document> documents_;
  std::map<std::string, std::unique_ptr<Unit>> units_;
};

} // namespace cairn::workspace
