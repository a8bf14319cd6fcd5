// libpq connections for the `postgres` provider; see conn.h.
#include "providers/postgres/conn.h"

#include <fmt/core.h>

#include "providers/postgres/libpq.h"

namespace cairn::providers::postgres {

namespace {

ProblemKind kind_of(const char* sqlstate) {
  std::string s = sqlstate ? sqlstate : "";
  if (s == "2BP01" || s == "55006" || s == "42710" || s == "42P04" || s == "42P06" || s == "23505") return ProblemKind::Conflict;
  if (s.rfind("28", 0) == 0 || s == "42501") return ProblemKind::Denied;
  if (s == "42704" || s == "3D000" || s == "3F000") return ProblemKind::NotFound;
  if (s.rfind("22", 0) == 0 || s.rfind("42", 0) == 0) return ProblemKind::Invalid;
  if (s.rfind("08", 0) == 0 || s.rfind("57", 0) == 0) return ProblemKind::Unavailable;
  return ProblemKind::Failed;
}

std::string trimmed(const char* msg) {
  std::string m = msg ? msg : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

} // namespace

std::unique_ptr<Conn> Conn::open(const Settings& s, const std::string& database, Problem* problem) {
  std::vector<const char*> keys, values;
  std::string db = database.empty() ? s.database : database;
  for (const auto& [k, v] : s.params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  std::string missing;
  const Libpq* pq = libpq(&missing);
  if (!pq) {
    *problem = {"", missing, ProblemKind::Unavailable};
    return nullptr;
  }
  keys.push_back("dbname");
  values.push_back(db.c_str());
  keys.push_back("application_name");
  values.push_back("cairn");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* pg = pq->PQconnectdbParams(keys.data(), values.data(), 0);
  if (!pg || pq->PQstatus(pg) != CONNECTION_OK) {
    std::string why = pg ? trimmed(pq->PQerrorMessage(pg)) : "out of memory";
    if (pg) pq->PQfinish(pg);
    *problem = {"", fmt::format("cannot connect to PostgreSQL (database `{}`): {}", db, why),
                why.find("password") != std::string::npos || why.find("authentication") != std::string::npos
                    ? ProblemKind::Denied
                    : ProblemKind::Unavailable};
    return nullptr;
  }
  auto c = std::unique_ptr<Conn>(new Conn());
  c->pg_ = pg;
  c->pq_ = pq;
  c->database_ = db;
  std::vector<Row> ignored;
  // Messages in English whatever the server's locale, and no NOTICE noise.
  c->exec("SET client_min_messages = warning", {}, &ignored, problem);
  return c;
}

Conn::~Conn() {
  if (pg_) pq_->PQfinish(pg_);
}

bool Conn::exec(const std::string& sql, const std::vector<std::string>& params, std::vector<Row>* rows,
                Problem* problem) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* r = pq_->PQexecParams(pg_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
  ExecStatusType st = pq_->PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string msg = trimmed(r ? pq_->PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
    if (msg.empty()) msg = trimmed(pq_->PQerrorMessage(pg_));
    std::string detail = trimmed(r ? pq_->PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr);
    if (!detail.empty()) msg += " (" + detail + ")";
    *problem = {"", msg, kind_of(r ? pq_->PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr)};
    pq_->PQclear(r);
    return false;
  }
  if (rows) {
    rows->clear();
    for (int i = 0; i < pq_->PQntuples(r); ++i) {
      Row row;
      for (int j = 0; j < pq_->PQnfields(r); ++j)
        row.push_back(pq_->PQgetisnull(r, i, j) ? std::nullopt : std::optional<std::string>(pq_->PQgetvalue(r, i, j)));
      rows->push_back(std::move(row));
    }
  }
  pq_->PQclear(r);
  return true;
}

std::string Conn::ident(const std::string& name) {
  char* q = pq_->PQescapeIdentifier(pg_, name.c_str(), name.size());
  std::string out = q ? q : "\"\"";
  pq_->PQfreemem(q);
  return out;
}

std::string Conn::literal(const std::string& text) {
  char* q = pq_->PQescapeLiteral(pg_, text.c_str(), text.size());
  std::string out = q ? q : "''";
  pq_->PQfreemem(q);
  return out;
}

} // namespace cairn::providers::postgres
