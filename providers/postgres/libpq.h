// libpq, opened when the postgres provider first connects rather than linked into cairn:
// libpq brings OpenSSL, GnuTLS, Kerberos and LDAP with it, which every command would
// otherwise pay for at start-up (docs/architecture.md, "Start-up"). The declarations come
// from libpq-fe.h as usual; only the calls go through this table.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace cairn::providers::postgres {

struct Libpq {
#define CAIRN_PQ_FUNCTION(name) decltype(&::name) name = nullptr;
#include "providers/postgres/libpq_functions.def"
};

// The table, loaded once (thread-safe); nullptr with `error` set when libpq.so.5 cannot be
// opened or lacks a function.
const Libpq* libpq(std::string* error);

} // namespace cairn::providers::postgres
