// cairn's own modules: shared objects built with cairn (cairn-http.so) that hold the
// libraries only some commands need, opened with dlopen at first use so that start-up does
// not pay for them (docs/architecture.md, "Start-up"). A module is looked for, in order, in
// the folders of CAIRN_MODULE_PATH (colon-separated), beside the running executable, in
// <executable's folder>/../lib/cairn, and in the build tree it was built in.
#pragma once

#include <string>

namespace cairn::providers {

// The address of `symbol` in the module `name` (without `.so`), opened once and kept for
// the life of the process; nullptr with `error` saying where it looked and why it failed.
// Thread-safe.
void* module_symbol(const std::string& name, const char* symbol, std::string* error);

} // namespace cairn::providers
