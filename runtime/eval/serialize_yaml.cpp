// The YAML and TOML writers (to come with milestone M4).
#include <fmt/core.h>

#include "runtime/eval/serialize_impl.h"

namespace cairn::eval {

bool write_yaml(Machine& m, Value, std::string&, const SerializeOptions&, bool) {
  m.error(diag::DiagKind::NotImplemented, {}, "YAML export is not implemented yet");
  return false;
}

bool write_toml(Machine& m, Value, std::string&, const SerializeOptions&) {
  m.error(diag::DiagKind::NotImplemented, {}, "TOML export is not implemented yet");
  return false;
}

} // namespace cairn::eval
