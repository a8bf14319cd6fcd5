// Deriving a provider's schema (providers/provider.h, `ProviderSchema`) from its contract
// file in the language, so the schema is written once (docs/providers/schema.md).
//
// The contract file evaluates to a record:
//   - each field whose value is a record with a `type` field of default value "<name>.T" is
//     the contract of resource type `<name>.T`; its fields other than the meta fields of
//     `cairn/schema.conf`'s `Resource` are the inputs: the type is the first of the field's
//     contracts that is `String`, `Number`, `Bool`, a record type or `Array ...` (else Dyn),
//     `default = v` gives the default, a field neither optional nor with a default is
//     required, and the contracts `ForceNew` and `Sensitive` (any `x.ForceNew`) mark it;
//   - `Outputs.T` lists the outputs of type T the same way (types, docs, `Sensitive`);
//   - `Settings` lists the settings of `providers.<name>`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/provider.h"

namespace cairn::providers {

// Registers the contract files built into cairn (cairn/schema.conf and every built-in
// provider's) with the importer; idempotent.
void register_builtin_contracts();

// Registers `text` as the importable file `cairn/<name>.conf` (external providers' schemas);
// the text is kept for the life of the process.
void register_contract(const std::string& name, std::string text);

// Derives the schema of provider `name` from the contract file importable as `path`
// (registered already). nullopt with a message when the file is broken.
std::optional<ProviderSchema> derive_schema(const std::string& name, const std::string& path,
                                            std::string* why);

// The meta fields of every resource: the fields of cairn/schema.conf's `Resource`, sorted.
std::vector<std::string> meta_fields();

// The schema of built-in provider `name`, derived once from its embedded contract (a broken
// embedded contract is a bug of the build: the process stops with the message).
const ProviderSchema& builtin_schema(const std::string& name);

} // namespace cairn::providers
