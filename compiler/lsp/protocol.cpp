// JSON conversions of the protocol structs, and file URIs; see protocol.h.
#include "compiler/lsp/protocol.h"

namespace cairn::lsp {

void to_json(json& j, const Position& p) { j = json{{"line", p.line}, {"character", p.character}}; }
void from_json(const json& j, Position& p) {
  p.line = j.at("line").get<uint32_t>();
  p.character = j.at("character").get<uint32_t>();
}
void to_json(json& j, const Range& r) { j = json{{"start", r.start}, {"end", r.end}}; }
void from_json(const json& j, Range& r) {
  r.start = j.at("start").get<Position>();
  r.end = j.at("end").get<Position>();
}
void to_json(json& j, const Location& l) { j = json{{"uri", l.uri}, {"range", l.range}}; }
void to_json(json& j, const Diagnostic& d) {
  j = json{{"range", d.range}, {"severity", d.severity}, {"code", d.code}, {"source", "cairn"}, {"message", d.message}};
  if (!d.related.empty()) {
    json rel = json::array();
    for (const auto& [loc, msg] : d.related) rel.push_back({{"location", loc}, {"message", msg}});
    j["relatedInformation"] = rel;
  }
}
void to_json(json& j, const TextEdit& e) { j = json{{"range", e.range}, {"newText", e.new_text}}; }
void from_json(const json& j, ContentChange& c) {
  c.text = j.at("text").get<std::string>();
  if (j.contains("range")) c.range = j.at("range").get<Range>();
}

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
} // namespace

std::string uri_to_path(const std::string& uri) {
  std::string rest = uri;
  if (rest.rfind("file://", 0) == 0) rest = rest.substr(7);
  // file://host/path: drop a host part (only localhost makes sense here).
  if (!rest.empty() && rest[0] != '/') {
    size_t slash = rest.find('/');
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  std::string out;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
      out += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  static const char* digits = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                 c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

} // namespace cairn::lsp
