// External providers: executables speaking the JSON Lines protocol (message.h,
// docs/providers/protocol.md), seen by the engine as any other `Provider`.
//
// A provider is found by its `source` setting (a path, relative to the current directory)
// or, for a kind that is not built in, as an executable `cairn-provider-<kind>` in one of
// the folders of CAIRN_PROVIDER_PATH. It is started once per process; its schema comes from
// the `schema` method (a contract in the language, derived as for built-ins). Calls are
// serialized. A call that fails the protocol (the provider exits, hangs past the timeout,
// writes a line that is not a reply, answers another id) fails that action with a
// `Protocol` or `Timeout` problem and stops the process; the next call starts it again.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace cairn::providers {

// Starts the provider of `kind` (from `source` when given, else CAIRN_PROVIDER_PATH);
// nullptr with problems when it cannot be started or its handshake or schema is wrong;
// nullptr without problems when no such provider exists.
std::unique_ptr<Provider> make_external_provider(const std::string& kind, const Value* source,
                                                 std::vector<Problem>& problems);

// The executable of `kind` on CAIRN_PROVIDER_PATH, if any.
std::optional<std::string> find_external_provider(const std::string& kind);

// Every provider executable on CAIRN_PROVIDER_PATH: (kind, path), sorted by kind.
std::vector<std::pair<std::string, std::string>> list_external_providers();

// What the protocol reports of a running provider (for `cairn providers list`).
struct ExternalInfo {
  std::string name, version, path;
};
std::optional<ExternalInfo> external_info(const Provider& p);

} // namespace cairn::providers
