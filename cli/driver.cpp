// The shared driver state; see driver.h.
#include "cli/driver.h"

#include <sys/stat.h>

#include <fmt/core.h>

#include "runtime/graph/conf_spec.h"

namespace cairn::cli {

Driver::Driver() {
  configure();
  graph::register_provider_contracts(); // `import "cairn/local.conf"` works in every command
}

void Driver::configure() {
  if (message_format == "json") {
    consumer_ = std::make_unique<diag::JsonRenderer>(sources, stderr);
  } else {
    bool use_color = color == "always" || (color == "auto" && diag::want_color(stderr));
    consumer_ = std::make_unique<diag::TextRenderer>(sources, stderr, use_color);
  }
  diags.set_consumer(consumer_.get());
}

std::optional<base::FileId> Driver::load(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    error(diag::DiagKind::FileUnreadable, fmt::format("cannot read `{}`: it is a directory", path));
    return std::nullopt;
  }
  std::string why;
  auto id = sources.load(path, &why);
  if (!id) error(diag::DiagKind::FileUnreadable, fmt::format("cannot read `{}`: {}", path, why));
  return id;
}

void Driver::error(diag::DiagKind kind, std::string message) { diags.error(kind, {}, std::move(message)); }

} // namespace cairn::cli
