// The HTTP requests the `dns` provider sends and the answers it reads, built and parsed
// without a network so that both API shapes are unit-tested (tests/deploy/dns_test.cpp):
//
//   PowerDNS  /api/v1/servers/{server}/zones[/{id}], `X-API-Key`; RRsets change with
//             PATCH {"rrsets": [{name, type, ttl, changetype: REPLACE|DELETE, records}]}
//   deSEC     /api/v1/domains/[{name}/[rrsets/]], `Authorization: Token ...`; RRsets change
//             with a bulk PATCH of [{subname, type, ttl, records}] (no records: deleted)
//
// Zone names are canonical here (lower case, trailing dot, providers/dns/names.h); deSEC's
// paths and bodies drop the dot. client.h sends a request; dns.cpp decides which ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/provider.h"

namespace cairn::providers::dns {

enum class Flavor : uint8_t { PowerDNS, Desec };

struct Settings {
  Flavor flavor = Flavor::PowerDNS;
  std::string url;                  // scheme://host[:port][/prefix], no trailing slash
  std::string api_key;              // empty: no authentication header
  std::string server = "localhost"; // PowerDNS server id
  int timeout = 30;                 // seconds
};

struct HttpRequest {
  std::string method; // GET POST PUT PATCH DELETE
  std::string path;   // below the URL's prefix
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body; // JSON text; empty for none
};

struct HttpResponse {
  int status = 0;     // 0: no answer (see `error`)
  std::string body;
  std::string error;  // why there was no answer
  bool timed_out = false;
};

// One RRset as the server holds it: absolute owner name, upper-case type, enabled records.
struct RRset {
  std::string name;
  std::string type;
  int64_t ttl = 0;
  std::vector<std::string> records; // sorted
};

struct ZoneData {
  std::string id;   // the server's id (PowerDNS: "example.org."; deSEC: "example.org")
  std::string kind; // PowerDNS only
  std::vector<RRset> rrsets;
  const RRset* find(const std::string& name, const std::string& type) const;
};

// The server's id of zone `zone` (canonical) when it was not recorded.
std::string zone_id(const Settings& s, const std::string& zone);

HttpRequest zone_create_request(const Settings& s, const std::string& zone, const std::string& kind,
                        const std::vector<std::string>& nameservers);
// Reads the zone with its RRsets (deSEC: its RRsets; an unknown domain answers 404).
HttpRequest zone_read_request(const Settings& s, const std::string& id);
HttpRequest zone_set_kind_request(const Settings& s, const std::string& id, const std::string& kind);
HttpRequest zone_delete_request(const Settings& s, const std::string& id);
// Makes `set` the RRset at its name and type (created or replaced).
HttpRequest rrset_replace_request(const Settings& s, const std::string& id, const std::string& zone,
                          const RRset& set);
HttpRequest rrset_delete_request(const Settings& s, const std::string& id, const std::string& zone,
                         const std::string& name, const std::string& type);

// The zone's id in a create answer; empty when the body has none.
std::string parse_created_id(const Settings& s, const std::string& zone, const std::string& body);
// The zone in a zone_read answer; nullopt with `why` when the body is not what the API sends.
std::optional<ZoneData> parse_zone(const Settings& s, const std::string& id, const std::string& body,
                                   std::string* why);

// A problem for an answer that is not a success: the kind from the status (or from the
// missing answer), the message from the body's `error` / `detail` / field errors.
Problem response_problem(const HttpResponse& r, const std::string& doing);

} // namespace cairn::providers::dns
