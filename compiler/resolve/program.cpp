// Modules, formats, embedded files and the default source loader; see program.h.
#include "compiler/resolve/program.h"

#include <sys/stat.h>

#include <atomic>
#include <climits>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <sstream>

namespace cairn::resolve {

std::string_view format_name(Format f) {
  switch (f) {
  case Format::Conf: return "Nickel";
  case Format::Json: return "Json";
  case Format::Yaml: return "Yaml";
  case Format::Toml: return "Toml";
  case Format::Text: return "Text";
  }
  return "?";
}

std::optional<Format> format_from_tag(std::string_view tag) {
  if (tag == "Nickel" || tag == "Conf") return Format::Conf;
  if (tag == "Json") return Format::Json;
  if (tag == "Yaml") return Format::Yaml;
  if (tag == "Toml") return Format::Toml;
  if (tag == "Text") return Format::Text;
  return std::nullopt;
}

Format format_from_path(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".json")) return Format::Json;
  if (ends(".yaml") || ends(".yml")) return Format::Yaml;
  if (ends(".toml")) return Format::Toml;
  if (ends(".txt")) return Format::Text;
  return Format::Conf;
}

namespace {

// The embedded files, and the lock every access takes (readers share it).
std::deque<EmbeddedFile>& registry() {
  static std::deque<EmbeddedFile> files;
  return files;
}

std::shared_mutex& registry_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string join(std::string_view dir, std::string_view path) {
  if (dir.empty()) return std::string(path);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += path;
  return out;
}

} // namespace

std::string dirname(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

namespace {

} // namespace

void register_embedded(std::string_view path, std::string_view text) {
  std::unique_lock lock(registry_mutex());
  for (EmbeddedFile& f : registry()) {
    if (f.path == path) {
      f.text = text;
      return;
    }
  }
  registry().push_back({path, text});
}

std::optional<EmbeddedFile> find_embedded(std::string_view path) {
  std::shared_lock lock(registry_mutex());
  for (const EmbeddedFile& f : registry())
    if (f.path == path) return f;
  return std::nullopt;
}

std::vector<EmbeddedFile> embedded_files() {
  std::shared_lock lock(registry_mutex());
  return {registry().begin(), registry().end()};
}

namespace {
std::atomic<void (*)(std::string_view)> g_embedded_fallback{nullptr};
} // namespace

void set_embedded_fallback(void (*fallback)(std::string_view path)) { g_embedded_fallback.store(fallback); }

DefaultLoader::DefaultLoader() {
  if (const char* env = std::getenv("CAIRN_IMPORT_PATH")) {
    std::string all(env);
    size_t start = 0;
    while (start <= all.size()) {
      size_t colon = all.find(':', start);
      if (colon == std::string::npos) colon = all.size();
      if (colon > start) env_dirs_.push_back(all.substr(start, colon - start));
      start = colon + 1;
    }
  }
}

std::optional<SourceLoader::Found> DefaultLoader::load(std::string_view path, std::string_view importer_dir,
                                                       std::vector<std::string>* searched) {
  std::optional<EmbeddedFile> e = find_embedded(path);
  void (*fallback)(std::string_view) = g_embedded_fallback.load();
  if (!e && fallback && path.rfind("cairn/", 0) == 0) {
    fallback(path); // outside the lock: it registers the file
    e = find_embedded(path);
  }
  if (e) {
    return Found{"<embedded>/" + std::string(path), std::string(path), std::string(e->text), true};
  }
  std::vector<std::string> candidates;
  if (!path.empty() && path[0] == '/') {
    candidates.emplace_back(path);
  } else {
    candidates.push_back(join(importer_dir, path));
    for (const std::string& d : include_dirs) candidates.push_back(join(d, path));
    for (const std::string& d : env_dirs_) candidates.push_back(join(d, path));
  }
  for (const std::string& c : candidates) {
    if (searched) searched->push_back(c);
    if (!is_regular_file(c)) continue;
    std::ifstream in(c, std::ios::binary);
    if (!in) continue;
    std::ostringstream text;
    text << in.rdbuf();
    char resolved[PATH_MAX];
    std::string key = realpath(c.c_str(), resolved) ? std::string(resolved) : c;
    return Found{key, c, text.str(), false};
  }
  return std::nullopt;
}

std::optional<uint32_t> Program::find(const std::string& key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

Module& Program::add_module(std::string key) {
  auto m = std::make_unique<Module>();
  m->id = static_cast<uint32_t>(modules_.size());
  m->key = key;
  m->embedded = key.rfind("<embedded>/", 0) == 0;
  by_key_.emplace(std::move(key), m->id);
  modules_.push_back(std::move(m));
  return *modules_.back();
}

} // namespace cairn::resolve
