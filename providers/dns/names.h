// DNS names and record contents in the one form the `dns` provider stores and compares:
// names are lower case and absolute, with their trailing dot ("Example.ORG" is
// "example.org."); an owner name is relative to its zone unless it ends with a dot or with
// the zone's name ("www", "@" and "www.example.org" in "example.org." are all in the zone).
// Contents get the small fixes zone files allow leaving out: a trailing dot on the names
// of CNAME, NS, PTR, DNAME, MX and SRV records, quotes around TXT text, lower-case AAAA.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::providers::dns {

// "Example.org" -> "example.org."; "" and "." -> ".".
std::string canonical_zone(std::string_view name);
// The absolute owner name of `name` in `zone` (canonical).
std::string owner_name(std::string_view name, const std::string& zone);
// `fqdn` is `zone` or below it (both canonical).
bool in_zone(const std::string& fqdn, const std::string& zone);
// deSEC's subname of `fqdn` in `zone`: "" for the apex, "www" for "www.<zone>".
std::string subname(const std::string& fqdn, const std::string& zone);
// Without the trailing dot (deSEC's domain names).
std::string without_dot(const std::string& name);
// "aaaa" -> "AAAA".
std::string canonical_type(std::string_view type);
// One record's content in the form above.
std::string canonical_content(const std::string& type, std::string content);
// All of an RRset's contents: canonical, sorted, without duplicates.
std::vector<std::string> canonical_records(const std::string& type, std::vector<std::string> records);

} // namespace cairn::providers::dns
