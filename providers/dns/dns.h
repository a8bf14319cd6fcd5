// The `dns` provider: zones and RRsets through the PowerDNS HTTP API, or deSEC's
// (`flavor = 'desec`).
//
//   dns.Zone    name (replaces), kind (PowerDNS: Native, Master, Slave), nameservers (the
//               apex NS RRset; left out: not managed after creation)
//   dns.Record  zone, name, record_type (all replace), ttl, records: exactly these records
//               at that name and type
//
// Names are canonical (names.h), record contents too as far as zone files allow leaving
// things out; the records the server holds (in its own canonical form) are an output, so
// refresh compares what the server has now with what it had after the last apply: a change
// made outside cairn shows as drift whichever way the spec writes a record. Import reads a
// zone by its id ("example.org.") and a record by "zone/name/TYPE". Writes to the server are
// serialised within one provider configuration; requests are built in api.h, sent in
// client.h.
#pragma once

#include <mutex>

#include "providers/dns/api.h"

namespace cairn::providers::dns {

struct Context {
  Settings settings;
  std::mutex writes; // one write (and the read it depends on) at a time
};

OpResult zone_create(Context& c, const Value& inputs);
ReadResult zone_read(Context& c, const ObjectState& prior);
OpResult zone_update(Context& c, const ObjectState& prior, const Value& inputs);
OpResult zone_delete(Context& c, const ObjectState& prior);

OpResult record_create(Context& c, const Value& inputs);
ReadResult record_read(Context& c, const ObjectState& prior);
OpResult record_update(Context& c, const ObjectState& prior, const Value& inputs);
OpResult record_delete(Context& c, const ObjectState& prior);

// "zone/name/TYPE" of a record.
std::string record_id(const std::string& zone, const std::string& fqdn, const std::string& type);

} // namespace cairn::providers::dns
