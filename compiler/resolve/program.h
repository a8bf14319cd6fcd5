// A program: the modules (files) of one evaluation and where they come from.
//
// The root file and everything it imports, transitively, are modules: language files
// (parsed, resolved and later lowered), data files (JSON, YAML, TOML: parsed into a JSON
// tree) and text files. Each file is loaded once, keyed by its canonical path (or its
// embedded name). Files come through a `SourceLoader`: the default one looks in the
// importing file's directory, then in the `-I` directories, then in `CAIRN_IMPORT_PATH`,
// and first of all in a table of embedded files (the standard library, provider schemas).
//
// The Program owns the modules and the arena holding the lowered IR; it must outlive every
// evaluation that uses it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/ast/ast.h"
#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/value/arena.h"

namespace cairn::ir {
struct Node;
}

namespace cairn::resolve {

enum class Format : uint8_t { Conf, Json, Yaml, Toml, Text };
std::string_view format_name(Format f);
// The format an import tag names (`'Json`...), or nullopt.
std::optional<Format> format_from_tag(std::string_view tag);
// The format implied by a file name's extension (Conf when unknown).
Format format_from_path(std::string_view path);

// A file the binary carries: the standard library and provider schemas.
struct EmbeddedFile {
  std::string_view path; // e.g. "std/array.conf", "cairn/local.conf"
  std::string_view text;
};

// Registers an embedded file (idempotent for the same path; the views must outlive the
// process). The table is shared by every thread (the language server's worker registers an
// external provider's contract while the main thread looks files up): it is locked, and
// lookups return copies, so a file found stays valid while others are registered.
void register_embedded(std::string_view path, std::string_view text);
std::optional<EmbeddedFile> find_embedded(std::string_view path);
// Called when an import names a `cairn/...` file that is not registered: it may register it
// (the contracts of external providers, providers/protocol) before the lookup is retried.
void set_embedded_fallback(void (*fallback)(std::string_view path));
std::vector<EmbeddedFile> embedded_files(); // a snapshot

// The directory part of a path ("" when there is none).
std::string dirname(std::string_view path);

class SourceLoader {
public:
  virtual ~SourceLoader() = default;
  struct Found {
    std::string key;  // canonical identity of the file (absolute path or embedded name)
    std::string path; // the path shown in diagnostics
    std::string text;
    bool embedded = false;
  };
  // Finds `path` imported from a file in `importer_dir`; nullopt with the places searched.
  virtual std::optional<Found> load(std::string_view path, std::string_view importer_dir,
                                    std::vector<std::string>* searched) = 0;
};

// Embedded files, then the importer's directory, `include_dirs`, and CAIRN_IMPORT_PATH.
class DefaultLoader : public SourceLoader {
public:
  DefaultLoader();
  std::optional<Found> load(std::string_view path, std::string_view importer_dir,
                            std::vector<std::string>* searched) override;
  std::vector<std::string> include_dirs;

private:
  std::vector<std::string> env_dirs_;
};

// What a variable refers to (one per Var node of a language module).
struct Binding {
  enum Kind : uint8_t {
    None,     // not a variable
    Local,    // binder: a pattern node (PatAny, PatAlias, PatField, PatRecord/PatArray rest)
    RecField, // binder: the Record node whose static field has the variable's name
    TypeVar,  // binder: the Name node in a `forall`
    Std,      // the standard library
    Prim,     // `__prim`, only inside the standard library
    Unbound,  // reported
  };
  Kind kind = None;
  ast::NodeId binder;
};

struct Module {
  uint32_t id = 0;
  base::FileId file;
  Format format = Format::Conf;
  std::string key;
  std::string dir; // directory of the path shown to the user, for relative imports
  bool embedded = false;
  bool is_std = false; // part of the standard library: `__prim` is visible
  bool loaded = false; // parsed and resolved (or failed)
  bool failed = false; // could not be parsed or resolved
  ast::File ast;       // Conf
  std::vector<Binding> bindings;                        // Conf: by NodeId index
  std::unordered_map<uint32_t, uint32_t> imports;       // Import NodeId index -> module id
  std::vector<bool> self_ref;                           // Record NodeId index: a field is used
  nlohmann::json data;                                  // Json, Yaml, Toml
  const ir::Node* ir = nullptr;                         // after lowering
};

class Program {
public:
  Program(base::SourceMap& sources, base::Names& names, SourceLoader& loader)
      : sources(sources), names(names), loader(loader) {}

  Module& module(uint32_t id) { return *modules_[id]; }
  const Module& module(uint32_t id) const { return *modules_[id]; }
  uint32_t module_count() const { return static_cast<uint32_t>(modules_.size()); }
  // The module with this key, or nullopt.
  std::optional<uint32_t> find(const std::string& key) const;
  Module& add_module(std::string key);

  base::SourceMap& sources;
  base::Names& names;
  SourceLoader& loader;
  value::Arena ir_arena;                // IR nodes and constants, shared by evaluations
  std::optional<uint32_t> std_module;   // the root of the standard library, once loaded

private:
  std::vector<std::unique_ptr<Module>> modules_;
  std::unordered_map<std::string, uint32_t> by_key_;
};

} // namespace cairn::resolve
