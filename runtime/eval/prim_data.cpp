// `std.deserialize`: JSON, YAML or TOML text to a value.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "compiler/resolve/resolve.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

Step deserialize(Machine& m, Format f, std::string_view text, base::Loc at) {
  resolve::Format rf = f == Format::Json ? resolve::Format::Json : f == Format::Yaml ? resolve::Format::Yaml
                                                                                       : resolve::Format::Toml;
  resolve::DataError err;
  std::optional<nlohmann::json> data = resolve::parse_data_text(rf, text, &err);
  if (!data) {
    std::string where = err.offset >= 0 ? fmt::format("at byte {}", err.offset)
                                        : fmt::format("at line {}, column {}", err.line, err.column);
    return m.fail(diag::DiagKind::DeserializeFailed, at,
                  fmt::format("cannot deserialize this {}: {} ({})", resolve::format_name(rf), err.message, where));
  }
  return Step::ret(json_to_value(m, *data));
}

} // namespace cairn::eval
