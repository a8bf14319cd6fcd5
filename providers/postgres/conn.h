// A libpq connection for the `postgres` provider: connecting with the provider's settings
// (libpq fills what is missing from PG* variables and the password file), running SQL with
// parameters, quoting names, and turning server errors into `Problem`s by SQLSTATE.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace cairn::providers::postgres {
struct Libpq;
}

namespace cairn::providers::postgres {

struct Settings {
  std::vector<std::pair<std::string, std::string>> params; // libpq keywords, given ones only
  std::string database = "postgres";
};

// Rows of text (NULL as nullopt).
using Row = std::vector<std::optional<std::string>>;

class Conn {
public:
  // Connects to `database` (empty: the settings' one); nullopt with a problem when it cannot.
  static std::unique_ptr<Conn> open(const Settings& s, const std::string& database, Problem* problem);
  Conn() = default;
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs `sql` with text parameters $1...; false with a problem (kind from the SQLSTATE).
  bool exec(const std::string& sql, const std::vector<std::string>& params, std::vector<Row>* rows,
            Problem* problem);
  std::string ident(const std::string& name);   // "quoted" identifier
  std::string literal(const std::string& text); // 'quoted' literal
  const std::string& database() const { return database_; }

private:
  PGconn* pg_ = nullptr;
  const Libpq* pq_ = nullptr; // libpq.h: the functions, opened at the first connection
  std::string database_;
};

} // namespace cairn::providers::postgres
