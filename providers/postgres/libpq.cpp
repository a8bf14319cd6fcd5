// Opening libpq.so.5 and looking up the functions of libpq_functions.def; see libpq.h.
#include "providers/postgres/libpq.h"

#include <dlfcn.h>

namespace cairn::providers::postgres {

namespace {

struct Loaded {
  Libpq table;
  std::string error; // empty when every function was found
};

Loaded load() {
  Loaded out;
  // The soname Debian's libpq5 package installs (libpq-dev depends on it).
  void* handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    out.error = std::string("cannot load libpq (install the libpq5 package): ") + (why ? why : "libpq.so.5");
    return out;
  }
#define CAIRN_PQ_FUNCTION(name)                                                                      \
  out.table.name = reinterpret_cast<decltype(out.table.name)>(dlsym(handle, #name));                 \
  if (!out.table.name && out.error.empty()) out.error = "libpq.so.5 has no function " #name;
#include "providers/postgres/libpq_functions.def"
  return out;
}

} // namespace

const Libpq* libpq(std::string* error) {
  static const Loaded loaded = load();
  if (!loaded.error.empty()) {
    if (error) *error = loaded.error;
    return nullptr;
  }
  return &loaded.table;
}

} // namespace cairn::providers::postgres
