// `postgres.Role` and `postgres.Database`: created, read from pg_roles/pg_auth_members and
// pg_database, altered and dropped. See postgres.h.
#include <algorithm>

#include <fmt/core.h>

#include "providers/postgres/postgres.h"

namespace cairn::providers::postgres {

namespace {

std::string role_options(Conn& c, const Value& in, bool with_password) {
  std::string o;
  o += flag(in, "login") ? " LOGIN" : " NOLOGIN";
  o += flag(in, "superuser") ? " SUPERUSER" : " NOSUPERUSER";
  o += flag(in, "create_database") ? " CREATEDB" : " NOCREATEDB";
  o += flag(in, "create_role") ? " CREATEROLE" : " NOCREATEROLE";
  o += fmt::format(" CONNECTION LIMIT {}", number(in, "connection_limit", -1));
  if (with_password && has(in, "password")) o += " PASSWORD " + c.literal(str(in, "password"));
  if (has(in, "valid_until")) o += " VALID UNTIL " + c.literal(str(in, "valid_until"));
  return o;
}

std::vector<std::string> memberships(Conn& c, const std::string& role, Problem* p, bool* ok) {
  std::vector<Row> rows;
  *ok = c.exec("SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
               "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1 ORDER BY 1",
               {role}, &rows, p);
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r[0].value_or(""));
  return out;
}

bool set_memberships(Conn& c, const std::string& role, const std::vector<std::string>& want, Problem* p) {
  bool ok = true;
  std::vector<std::string> have = memberships(c, role, p, &ok);
  if (!ok) return false;
  for (const std::string& g : want)
    if (std::find(have.begin(), have.end(), g) == have.end() &&
        !c.exec(fmt::format("GRANT {} TO {}", c.ident(g), c.ident(role)), {}, nullptr, p)) {
      p->attribute = "member_of";
      return false;
    }
  for (const std::string& g : have)
    if (std::find(want.begin(), want.end(), g) == want.end() &&
        !c.exec(fmt::format("REVOKE {} FROM {}", c.ident(g), c.ident(role)), {}, nullptr, p))
      return false;
  return true;
}

OpResult done(const std::string& id, const Value& inputs, Value outputs) {
  OpResult r;
  r.ok = true;
  r.state.id = id;
  r.state.inputs = inputs;
  r.state.outputs = std::move(outputs);
  return r;
}

} // namespace

OpResult role_create(const Settings& s, const Value& in) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  std::string name = str(in, "name");
  if (!c->exec("CREATE ROLE " + c->ident(name) + " WITH" + role_options(*c, in, true), {}, nullptr, &p)) {
    if (p.kind == ProblemKind::Conflict) p.message = fmt::format("the role `{}` exists already: import it instead", name);
    return failed(p);
  }
  if (!set_memberships(*c, name, strings(in, "member_of"), &p)) return failed(p);
  return done(name, in, Value::object({{"name", Value::string(name)}}));
}

ReadResult role_read(const Settings& s, const ObjectState& prior) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return read_error(p.message, p.kind);
  std::string name = prior.id.empty() ? str(prior.inputs, "name") : prior.id;
  std::vector<Row> rows;
  if (!c->exec("SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolconnlimit FROM pg_roles WHERE rolname = $1",
               {name}, &rows, &p))
    return read_error(p.message, p.kind);
  ReadResult r;
  if (rows.empty()) {
    r.status = ReadResult::Status::Gone;
    return r;
  }
  bool ok = true;
  std::vector<std::string> member_of = memberships(*c, name, &p, &ok);
  if (!ok) return read_error(p.message, p.kind);
  Value in = prior.inputs.is_object() ? prior.inputs : Value::object(); // password, valid_until kept
  in.set("name", Value::string(name));
  in.set("login", Value::boolean(rows[0][0] == "t"));
  in.set("superuser", Value::boolean(rows[0][1] == "t"));
  in.set("create_database", Value::boolean(rows[0][2] == "t"));
  in.set("create_role", Value::boolean(rows[0][3] == "t"));
  in.set("connection_limit", Value::integer(std::stoll(rows[0][4].value_or("-1"))));
  in.set("member_of", string_array(member_of));
  r.status = ReadResult::Status::Exists;
  r.state = {name, in, Value::object({{"name", Value::string(name)}})};
  return r;
}

OpResult role_update(const Settings& s, const ObjectState& prior, const Value& in) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  std::string name = prior.id;
  // The password is set again only when it changed (it cannot be read back).
  const Value* old_pw = prior.inputs.get("password");
  const Value* new_pw = in.get("password");
  bool pw_changed = new_pw && (!old_pw || !(*old_pw == *new_pw));
  if (!c->exec("ALTER ROLE " + c->ident(name) + " WITH" + role_options(*c, in, pw_changed), {}, nullptr, &p))
    return failed(p);
  if (!set_memberships(*c, name, strings(in, "member_of"), &p)) return failed(p);
  return done(name, in, Value::object({{"name", Value::string(name)}}));
}

OpResult role_delete(const Settings& s, const ObjectState& prior) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  if (!c->exec("DROP ROLE IF EXISTS " + c->ident(prior.id), {}, nullptr, &p)) {
    if (p.kind == ProblemKind::Conflict)
      p.message = fmt::format("cannot delete the role `{}`: it still owns objects or holds privileges ({}); "
                              "delete them or give them to another owner first (a resource owned by the "
                              "role that reads its `name` output is deleted before it)",
                              prior.id, p.message);
    return failed(p);
  }
  OpResult r;
  r.ok = true;
  return r;
}

OpResult database_create(const Settings& s, const Value& in) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  std::string name = str(in, "name");
  std::string sql = "CREATE DATABASE " + c->ident(name);
  if (has(in, "owner")) sql += " OWNER " + c->ident(str(in, "owner"));
  sql += " TEMPLATE " + c->ident(str(in, "template", "template0"));
  sql += " ENCODING " + c->literal(str(in, "encoding", "UTF8"));
  if (has(in, "lc_collate")) sql += " LC_COLLATE " + c->literal(str(in, "lc_collate"));
  if (has(in, "lc_ctype")) sql += " LC_CTYPE " + c->literal(str(in, "lc_ctype"));
  sql += fmt::format(" CONNECTION LIMIT {}", number(in, "connection_limit", -1));
  if (!c->exec(sql, {}, nullptr, &p)) {
    if (p.kind == ProblemKind::Conflict) p.message = fmt::format("the database `{}` exists already: import it instead", name);
    if (p.message.find("role") != std::string::npos && p.kind == ProblemKind::NotFound) p.attribute = "owner";
    return failed(p);
  }
  std::vector<Row> rows;
  if (!c->exec("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", {name}, &rows, &p) || rows.empty())
    return failed(p);
  return done(name, in, Value::object({{"name", Value::string(name)}, {"owner", Value::string(rows[0][0].value_or(""))}}));
}

ReadResult database_read(const Settings& s, const ObjectState& prior) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return read_error(p.message, p.kind);
  std::string name = prior.id.empty() ? str(prior.inputs, "name") : prior.id;
  std::vector<Row> rows;
  if (!c->exec("SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, datctype, datconnlimit "
               "FROM pg_database WHERE datname = $1",
               {name}, &rows, &p))
    return read_error(p.message, p.kind);
  ReadResult r;
  if (rows.empty()) {
    r.status = ReadResult::Status::Gone;
    return r;
  }
  bool import = !prior.inputs.is_object() || prior.inputs.as_object().empty();
  Value in = import ? Value::object() : prior.inputs;
  in.set("name", Value::string(name));
  if (import || has(prior.inputs, "owner")) in.set("owner", Value::string(rows[0][0].value_or("")));
  in.set("encoding", Value::string(rows[0][1].value_or("")));
  if (import || has(prior.inputs, "lc_collate")) in.set("lc_collate", Value::string(rows[0][2].value_or("")));
  if (import || has(prior.inputs, "lc_ctype")) in.set("lc_ctype", Value::string(rows[0][3].value_or("")));
  in.set("connection_limit", Value::integer(std::stoll(rows[0][4].value_or("-1"))));
  if (!has(in, "template")) in.set("template", Value::string("template0"));
  r.status = ReadResult::Status::Exists;
  r.state = {name, in, Value::object({{"name", Value::string(name)}, {"owner", Value::string(rows[0][0].value_or(""))}})};
  return r;
}

OpResult database_update(const Settings& s, const ObjectState& prior, const Value& in) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  std::string name = prior.id;
  if (has(in, "owner") && !c->exec("ALTER DATABASE " + c->ident(name) + " OWNER TO " + c->ident(str(in, "owner")), {},
                                   nullptr, &p)) {
    p.attribute = "owner";
    return failed(p);
  }
  if (!c->exec(fmt::format("ALTER DATABASE {} CONNECTION LIMIT {}", c->ident(name), number(in, "connection_limit", -1)),
               {}, nullptr, &p))
    return failed(p);
  std::vector<Row> rows;
  if (!c->exec("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", {name}, &rows, &p) || rows.empty())
    return failed(p);
  return done(name, in, Value::object({{"name", Value::string(name)}, {"owner", Value::string(rows[0][0].value_or(""))}}));
}

OpResult database_delete(const Settings& s, const ObjectState& prior) {
  Problem p;
  auto c = Conn::open(s, "", &p);
  if (!c) return failed(p);
  if (!c->exec("DROP DATABASE IF EXISTS " + c->ident(prior.id) + " WITH (FORCE)", {}, nullptr, &p)) return failed(p);
  OpResult r;
  r.ok = true;
  return r;
}

} // namespace cairn::providers::postgres
