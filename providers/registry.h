// The providers a deployment can use, by configuration name, and the contract files of the
// built-in ones (embedded in the binary).
//
// A resource of type `local.File` uses the provider configuration named by its `provider`
// field, by default the type's prefix (`local`). Configurations come from the spec's
// `providers` record: `providers.backup = { kind = "local", root = "/srv/backup" }` makes a
// second `local` provider named `backup`; without `kind` the name is the kind.
// `source = "./path"` names an external provider's executable (providers/protocol); a kind
// that is not built in is looked for on CAIRN_PROVIDER_PATH. Built-in providers are listed
// once, in providers/CMakeLists.txt (`cairn_builtin_provider`).
// The registry owns its provider instances; they live as long as it does.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"

namespace cairn::providers {

struct EmbeddedFile {
  std::string_view path; // as imported: "cairn/local.conf"
  std::string_view text;
};

// The contract files of the built-in providers.
std::span<const EmbeddedFile> embedded_contracts();

class Registry {
public:
  Registry() = default;
  // The kinds of provider built into cairn.
  static std::vector<std::string> builtin_kinds();
  // "local.File" -> "local".
  static std::string default_provider_name(std::string_view type);

  // Configures `name` with its settings (from `providers.<name>`); call before `get`.
  // Unknown kinds and bad settings are reported in `problems`.
  void configure(const std::string& name, const Value& settings, std::vector<Problem>& problems);
  // The provider configured as `name` (configured with no settings on first use);
  // nullptr when no provider of that kind exists.
  Provider* get(const std::string& name);

  // The configurations made so far, by name.
  const std::map<std::string, std::unique_ptr<Provider>>& instances() const { return instances_; }

private:
  std::unique_ptr<Provider> make(const std::string& kind, const Value* source,
                                 std::vector<Problem>& problems);
  std::map<std::string, std::unique_ptr<Provider>> instances_;
};

} // namespace cairn::providers
