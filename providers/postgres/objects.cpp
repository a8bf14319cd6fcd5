// `postgres.Schema`, `postgres.Extension` and `postgres.Grant`: objects inside one
// database (a connection to it per operation). Grants converge: applying one revokes what
// the role has beyond the listed privileges, and refresh reads the ACLs. See postgres.h.
#include <algorithm>

#include <fmt/core.h>

#include "providers/postgres/postgres.h"

namespace cairn::providers::postgres {

namespace {

OpResult ok_result(const std::string& id, const Value& inputs, Value outputs) {
  OpResult r;
  r.ok = true;
  r.state.id = id;
  r.state.inputs = inputs;
  r.state.outputs = std::move(outputs);
  return r;
}

OpResult deleted() {
  OpResult r;
  r.ok = true;
  return r;
}

// A connection to the object's database; a database that does not exist means "gone".
std::unique_ptr<Conn> open_db(const Settings& s, const std::string& db, Problem* p, bool* gone) {
  auto c = Conn::open(s, db, p);
  *gone = !c && p->message.find("does not exist") != std::string::npos;
  return c;
}

ReadResult gone() {
  ReadResult r;
  r.status = ReadResult::Status::Gone;
  return r;
}

// role/database/schema/object_type, the grant's id; and back.
std::string grant_id(const Value& in) {
  return fmt::format("{}/{}/{}/{}", str(in, "role"), str(in, "database"), str(in, "schema"), str(in, "object_type"));
}

Value grant_inputs_from_id(const std::string& id) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = id.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(id.substr(start, slash - start));
  parts.push_back(id.substr(start));
  if (parts.size() != 4) return Value::object();
  Value in = Value::object({{"role", Value::string(parts[0])}, {"database", Value::string(parts[1])},
                            {"object_type", Value::string(parts[3])}});
  if (!parts[2].empty()) in.set("schema", Value::string(parts[2]));
  return in;
}

std::string target(Conn& c, const Value& in) {
  std::string type = str(in, "object_type");
  if (type == "database") return "DATABASE " + c.ident(str(in, "database"));
  if (type == "schema") return "SCHEMA " + c.ident(str(in, "schema"));
  if (type == "table") return "ALL TABLES IN SCHEMA " + c.ident(str(in, "schema"));
  return "ALL SEQUENCES IN SCHEMA " + c.ident(str(in, "schema"));
}

// The privileges the role holds now: on the database or schema; on every table (sequence)
// of the schema (nullopt when the schema has none, so nothing can be read).
std::optional<std::vector<std::string>> current(Conn& c, const Value& in, Problem* p, bool* ok) {
  std::string type = str(in, "object_type"), role = str(in, "role");
  std::vector<Row> rows;
  *ok = true;
  if (type == "database") {
    *ok = c.exec("SELECT DISTINCT a.privilege_type FROM pg_database d, aclexplode(d.datacl) a "
                 "WHERE d.datname = $1 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2) ORDER BY 1",
                 {str(in, "database"), role}, &rows, p);
  } else if (type == "schema") {
    *ok = c.exec("SELECT DISTINCT a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a "
                 "WHERE n.nspname = $1 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2) ORDER BY 1",
                 {str(in, "schema"), role}, &rows, p);
  } else {
    std::string kinds = type == "table" ? "'r', 'p', 'v', 'm', 'f'" : "'S'";
    std::vector<Row> count;
    *ok = c.exec("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE n.nspname = $1 AND c.relkind IN (" + kinds + ")",
                 {str(in, "schema")}, &count, p);
    if (!*ok) return std::nullopt;
    if (count.empty() || count[0][0] == "0") return std::nullopt;
    *ok = c.exec("SELECT a.privilege_type FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
                 "aclexplode(c.relacl) a WHERE n.nspname = $1 AND c.relkind IN (" + kinds + ") "
                 "AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2) "
                 "GROUP BY 1 HAVING count(DISTINCT c.oid) = $3::bigint ORDER BY 1",
                 {str(in, "schema"), role, count[0][0].value_or("0")}, &rows, p);
  }
  if (!*ok) return std::nullopt;
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r[0].value_or(""));
  return out;
}

} // namespace

std::vector<std::string> allowed_privileges(const std::string& t) {
  if (t == "database") return {"CONNECT", "CREATE", "TEMPORARY"};
  if (t == "schema") return {"CREATE", "USAGE"};
  if (t == "table") return {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"};
  if (t == "sequence") return {"SELECT", "UPDATE", "USAGE"};
  return {};
}

OpResult schema_apply(const Settings& s, const Value& in, bool create) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) {
    if (missing) p.attribute = "database";
    return failed(p);
  }
  std::string name = str(in, "name");
  if (create) {
    std::string sql = "CREATE SCHEMA " + c->ident(name);
    if (has(in, "owner")) sql += " AUTHORIZATION " + c->ident(str(in, "owner"));
    if (!c->exec(sql, {}, nullptr, &p)) return failed(p);
  } else if (has(in, "owner") &&
             !c->exec("ALTER SCHEMA " + c->ident(name) + " OWNER TO " + c->ident(str(in, "owner")), {}, nullptr, &p)) {
    p.attribute = "owner";
    return failed(p);
  }
  return ok_result(str(in, "database") + "/" + name, in, Value::object({{"name", Value::string(name)}}));
}

ReadResult schema_read(const Settings& s, const ObjectState& prior) {
  Value in = prior.inputs;
  if (!in.is_object() || in.as_object().empty()) { // import by "database/name"
    size_t slash = prior.id.find('/');
    if (slash == std::string::npos) return read_error("a schema's id is `database/name`", ProblemKind::Invalid);
    in = Value::object({{"database", Value::string(prior.id.substr(0, slash))},
                        {"name", Value::string(prior.id.substr(slash + 1))}, {"owner", Value::string("")}});
  }
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) return missing ? gone() : read_error(p.message, p.kind);
  std::vector<Row> rows;
  if (!c->exec("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1", {str(in, "name")}, &rows, &p))
    return read_error(p.message, p.kind);
  if (rows.empty()) return gone();
  if (has(in, "owner")) in.set("owner", Value::string(rows[0][0].value_or("")));
  ReadResult r;
  r.status = ReadResult::Status::Exists;
  r.state = {prior.id, in, Value::object({{"name", Value::string(str(in, "name"))}})};
  return r;
}

OpResult schema_delete(const Settings& s, const ObjectState& prior) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(prior.inputs, "database"), &p, &missing);
  if (!c) return missing ? deleted() : failed(p);
  if (!c->exec("DROP SCHEMA IF EXISTS " + c->ident(str(prior.inputs, "name")), {}, nullptr, &p)) return failed(p);
  return deleted();
}

OpResult extension_apply(const Settings& s, const Value& in, bool create) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) {
    if (missing) p.attribute = "database";
    return failed(p);
  }
  std::string name = str(in, "name");
  std::string sql = create ? "CREATE EXTENSION " + c->ident(name) + (has(in, "schema") ? " SCHEMA " + c->ident(str(in, "schema")) : "")
                           : has(in, "schema") ? "ALTER EXTENSION " + c->ident(name) + " SET SCHEMA " + c->ident(str(in, "schema"))
                                               : "";
  if (!sql.empty() && !c->exec(sql, {}, nullptr, &p)) {
    if (p.kind == ProblemKind::Invalid || p.kind == ProblemKind::Failed) p.attribute = "name";
    return failed(p);
  }
  std::vector<Row> rows;
  if (!c->exec("SELECT extversion FROM pg_extension WHERE extname = $1", {name}, &rows, &p) || rows.empty()) return failed(p);
  return ok_result(str(in, "database") + "/" + name, in, Value::object({{"version", Value::string(rows[0][0].value_or(""))}}));
}

ReadResult extension_read(const Settings& s, const ObjectState& prior) {
  Value in = prior.inputs;
  if (!in.is_object() || in.as_object().empty()) {
    size_t slash = prior.id.find('/');
    if (slash == std::string::npos) return read_error("an extension's id is `database/name`", ProblemKind::Invalid);
    in = Value::object({{"database", Value::string(prior.id.substr(0, slash))}, {"name", Value::string(prior.id.substr(slash + 1))}});
  }
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) return missing ? gone() : read_error(p.message, p.kind);
  std::vector<Row> rows;
  if (!c->exec("SELECT e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
               "WHERE e.extname = $1",
               {str(in, "name")}, &rows, &p))
    return read_error(p.message, p.kind);
  if (rows.empty()) return gone();
  if (has(in, "schema")) in.set("schema", Value::string(rows[0][1].value_or("")));
  ReadResult r;
  r.status = ReadResult::Status::Exists;
  r.state = {prior.id, in, Value::object({{"version", Value::string(rows[0][0].value_or(""))}})};
  return r;
}

OpResult extension_delete(const Settings& s, const ObjectState& prior) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(prior.inputs, "database"), &p, &missing);
  if (!c) return missing ? deleted() : failed(p);
  if (!c->exec("DROP EXTENSION IF EXISTS " + c->ident(str(prior.inputs, "name")), {}, nullptr, &p)) return failed(p);
  return deleted();
}

OpResult grant_apply(const Settings& s, const Value& in) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) {
    if (missing) p.attribute = "database";
    return failed(p);
  }
  std::string on = target(*c, in), role = c->ident(str(in, "role"));
  std::vector<std::string> privs = strings(in, "privileges");
  std::string list;
  for (const std::string& x : privs) list += (list.empty() ? "" : ", ") + x;
  // One transaction: the role has exactly the listed privileges afterwards.
  bool ok = c->exec("BEGIN", {}, nullptr, &p) && c->exec("REVOKE ALL ON " + on + " FROM " + role, {}, nullptr, &p) &&
            (privs.empty() || c->exec("GRANT " + list + " ON " + on + " TO " + role, {}, nullptr, &p)) &&
            c->exec("COMMIT", {}, nullptr, &p);
  if (!ok) {
    Problem ignored;
    c->exec("ROLLBACK", {}, nullptr, &ignored);
    if (p.message.find("role") != std::string::npos && p.kind == ProblemKind::NotFound) p.attribute = "role";
    return failed(p);
  }
  return ok_result(grant_id(in), in, Value::object({{"id", Value::string(grant_id(in))}}));
}

ReadResult grant_read(const Settings& s, const ObjectState& prior) {
  Value in = prior.inputs.is_object() && !prior.inputs.as_object().empty() ? prior.inputs : grant_inputs_from_id(prior.id);
  if (in.as_object().empty()) return read_error("a grant's id is `role/database/schema/object_type`", ProblemKind::Invalid);
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(in, "database"), &p, &missing);
  if (!c) return missing ? gone() : read_error(p.message, p.kind);
  std::vector<Row> rows;
  if (!c->exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {str(in, "role")}, &rows, &p)) return read_error(p.message, p.kind);
  if (rows.empty()) return gone();
  bool ok = true;
  std::optional<std::vector<std::string>> now = current(*c, in, &p, &ok);
  if (!ok) return read_error(p.message, p.kind);
  if (now) in.set("privileges", string_array(*now));
  else if (!has(in, "privileges")) in.set("privileges", string_array({}));
  ReadResult r;
  r.status = ReadResult::Status::Exists;
  r.state = {grant_id(in), in, Value::object({{"id", Value::string(grant_id(in))}})};
  return r;
}

OpResult grant_delete(const Settings& s, const ObjectState& prior) {
  Problem p;
  bool missing = false;
  auto c = open_db(s, str(prior.inputs, "database"), &p, &missing);
  if (!c) return missing ? deleted() : failed(p);
  std::vector<Row> rows;
  if (!c->exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {str(prior.inputs, "role")}, &rows, &p)) return failed(p);
  if (rows.empty()) return deleted();
  if (!c->exec("REVOKE ALL ON " + target(*c, prior.inputs) + " FROM " + c->ident(str(prior.inputs, "role")), {}, nullptr, &p)) {
    if (p.kind == ProblemKind::NotFound) return deleted(); // the schema went first
    return failed(p);
  }
  return deleted();
}

} // namespace cairn::providers::postgres
