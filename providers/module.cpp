// Finding, opening and keeping cairn's modules; see module.h.
#include "providers/module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

namespace cairn::providers {

namespace {

std::string executable_folder() {
  std::string buf(4096, '\0');
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return "";
  buf.resize(static_cast<size_t>(n));
  size_t slash = buf.rfind('/');
  return slash == std::string::npos ? "" : buf.substr(0, slash);
}

std::vector<std::string> folders() {
  std::vector<std::string> out;
  if (const char* path = std::getenv("CAIRN_MODULE_PATH")) {
    std::string p = path;
    size_t start = 0;
    while (start <= p.size()) {
      size_t colon = p.find(':', start);
      if (colon == std::string::npos) colon = p.size();
      if (colon > start) out.push_back(p.substr(start, colon - start));
      start = colon + 1;
    }
  }
  if (std::string exe = executable_folder(); !exe.empty()) {
    out.push_back(exe);
    out.push_back(exe + "/../lib/cairn");
  }
#ifdef CAIRN_BUILD_MODULE_DIR
  out.push_back(CAIRN_BUILD_MODULE_DIR);
#endif
  return out;
}

struct Opened {
  void* handle = nullptr;
  std::string error;
};

Opened open_module(const std::string& name) {
  Opened out;
  std::string looked;
  for (const std::string& folder : folders()) {
    std::string file = folder + "/" + name + ".so";
    if (access(file.c_str(), R_OK) != 0) {
      looked += (looked.empty() ? "" : ", ") + folder;
      continue;
    }
    out.handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (out.handle) return out;
    const char* why = dlerror();
    out.error = "cannot load " + file + ": " + (why ? why : "dlopen failed");
    return out;
  }
  out.error = "cairn's module " + name + ".so was not found (looked in " + looked +
              "; CAIRN_MODULE_PATH adds folders)";
  return out;
}

} // namespace

void* module_symbol(const std::string& name, const char* symbol, std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, Opened> opened;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = opened.find(name);
  if (it == opened.end()) it = opened.emplace(name, open_module(name)).first;
  if (!it->second.handle) {
    if (error) *error = it->second.error;
    return nullptr;
  }
  void* address = dlsym(it->second.handle, symbol);
  if (!address && error) *error = name + ".so has no symbol " + symbol;
  return address;
}

} // namespace cairn::providers
