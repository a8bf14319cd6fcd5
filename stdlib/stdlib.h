// The standard library `std`, written in the language (stdlib/*.conf) and embedded in the
// binary at build time. `register_files()` makes the files importable as `std/<name>.conf`
// (idempotent); the evaluator calls it before loading a program.
#pragma once

namespace cairn::stdlib {

void register_files();

} // namespace cairn::stdlib
