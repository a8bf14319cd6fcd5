// The `postgres` provider (libpq): roles, databases, schemas, extensions and grants.
//
//   postgres.Role       name (replaces), login, password (sensitive, never read back),
//                       superuser, create_database, create_role, connection_limit,
//                       valid_until (not read back), member_of
//   postgres.Database   name, template, encoding, lc_collate, lc_ctype (all replace), owner,
//                       connection_limit
//   postgres.Schema     name, database (replace), owner
//   postgres.Extension  name, database (replace), schema
//   postgres.Grant      role, database, schema, object_type (replace), privileges: exactly
//                       these privileges (missing ones granted, others revoked)
//
// Refresh reads the catalogs (pg_roles, pg_auth_members, pg_database, pg_namespace,
// pg_extension, ACLs), so changes made with psql show as drift; attributes the spec leaves
// out are not compared. Import reads an object by its id (the name; grants:
// role/database/schema/object_type). Each operation opens its own connection.
#pragma once

#include <memory>

#include "providers/postgres/conn.h"
#include "providers/provider.h"

namespace cairn::providers::postgres {

// Inputs helpers shared by the resource files.
std::string str(const Value& inputs, const char* name, const std::string& dflt = {});
bool has(const Value& inputs, const char* name);
bool flag(const Value& inputs, const char* name);
long long number(const Value& inputs, const char* name, long long dflt);
std::vector<std::string> strings(const Value& inputs, const char* name);
Value string_array(std::vector<std::string> items);
OpResult failed(const Problem& p);

OpResult role_create(const Settings& s, const Value& inputs);
ReadResult role_read(const Settings& s, const ObjectState& prior);
OpResult role_update(const Settings& s, const ObjectState& prior, const Value& inputs);
OpResult role_delete(const Settings& s, const ObjectState& prior);

OpResult database_create(const Settings& s, const Value& inputs);
ReadResult database_read(const Settings& s, const ObjectState& prior);
OpResult database_update(const Settings& s, const ObjectState& prior, const Value& inputs);
OpResult database_delete(const Settings& s, const ObjectState& prior);

OpResult schema_apply(const Settings& s, const Value& inputs, bool create);
ReadResult schema_read(const Settings& s, const ObjectState& prior);
OpResult schema_delete(const Settings& s, const ObjectState& prior);

OpResult extension_apply(const Settings& s, const Value& inputs, bool create);
ReadResult extension_read(const Settings& s, const ObjectState& prior);
OpResult extension_delete(const Settings& s, const ObjectState& prior);

// The privileges `object_type` allows, upper case; empty for an unknown type.
std::vector<std::string> allowed_privileges(const std::string& object_type);
OpResult grant_apply(const Settings& s, const Value& inputs);
ReadResult grant_read(const Settings& s, const ObjectState& prior);
OpResult grant_delete(const Settings& s, const ObjectState& prior);

} // namespace cairn::providers::postgres
