// Canonical DNS names and record contents; see names.h.
#include "providers/dns/names.h"

#include <algorithm>
#include <cctype>

namespace cairn::providers::dns {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Splits on runs of blanks.
std::vector<std::string> fields(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string absolute(std::string name) {
  if (name.empty() || name.back() != '.') name += '.';
  return name;
}

// The content with its `index`th field (0-based) made absolute; unchanged when shorter.
std::string absolute_field(const std::string& content, size_t index) {
  std::vector<std::string> f = fields(content);
  if (f.size() <= index) return content;
  f[index] = absolute(f[index]);
  std::string out;
  for (const std::string& x : f) out += (out.empty() ? "" : " ") + x;
  return out;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

} // namespace

std::string canonical_zone(std::string_view name) {
  std::string n = lower(name);
  while (!n.empty() && n.back() == '.') n.pop_back();
  return n + ".";
}

std::string owner_name(std::string_view name, const std::string& zone) {
  std::string n = lower(name);
  if (n.empty() || n == "@") return zone;
  if (n.back() == '.') return n;
  std::string bare = without_dot(zone);
  if (n == bare || ends_with(n, "." + bare)) return n + ".";
  return zone == "." ? n + "." : n + "." + zone;
}

bool in_zone(const std::string& fqdn, const std::string& zone) {
  return zone == "." || fqdn == zone || ends_with(fqdn, "." + zone);
}

std::string subname(const std::string& fqdn, const std::string& zone) {
  if (fqdn == zone || !in_zone(fqdn, zone)) return "";
  if (zone == ".") return without_dot(fqdn);
  return fqdn.substr(0, fqdn.size() - zone.size() - 1);
}

std::string without_dot(const std::string& name) {
  if (name.size() > 1 && name.back() == '.') return name.substr(0, name.size() - 1);
  return name;
}

std::string canonical_type(std::string_view type) {
  std::string out(type);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string canonical_content(const std::string& type, std::string content) {
  if (type == "CNAME" || type == "NS" || type == "PTR" || type == "DNAME" || type == "ALIAS")
    return absolute(lower(content));
  if (type == "MX") return absolute_field(content, 1);
  if (type == "SRV") return absolute_field(content, 3);
  if (type == "AAAA") return lower(content);
  if ((type == "TXT" || type == "SPF") && (content.empty() || content.front() != '"')) return quoted(content);
  return content;
}

std::vector<std::string> canonical_records(const std::string& type, std::vector<std::string> records) {
  for (std::string& r : records) r = canonical_content(type, std::move(r));
  std::sort(records.begin(), records.end());
  records.erase(std::unique(records.begin(), records.end()), records.end());
  return records;
}

} // namespace cairn::providers::dns
