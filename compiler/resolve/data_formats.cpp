// Imported data files: JSON (nlohmann), YAML (yaml-cpp, core schema scalars) and TOML
// (toml++), all converted to one JSON tree that the evaluator turns into values. Dates and
// times in TOML become strings. Conversions use explicit stacks, not recursion.
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <sstream>
#include <unordered_set>
#include <toml++/toml.h>

#include "compiler/resolve/resolve_impl.h"
#include "compiler/value/number.h"

namespace cairn::resolve {

namespace {

using nlohmann::json;

void malformed(Program& program, Module& m, uint32_t offset, std::string_view what, const std::string& why,
               diag::Diagnostics& diags) {
  const base::SourceFile& src = program.sources.get(m.file);
  if (offset > src.size()) offset = src.size();
  diags.error(diag::DiagKind::ImportMalformed, {m.file, {offset, offset}},
              fmt::format("malformed {} in `{}`", what, src.path()))
      .primary(why);
}

uint32_t offset_of(Program& program, Module& m, uint32_t line, uint32_t column) {
  return program.sources.get(m.file).offset_of({line, column});
}

// A number kept exact (kExactNumber) is read as digits * 10^scale; the evaluator refuses a
// scale beyond value::num::kMaxDecimalScale (the exact value of 1e99999999 would take
// 40 MB), so the readers refuse it first, where they can point at the number.
constexpr long kMaxExactExponent = value::num::kMaxDecimalScale;

std::string too_many_digits(std::string_view s) {
  return fmt::format("the number {} needs more than {} decimal digits to be read exactly", s, kMaxExactExponent);
}

bool exponent_within_bound(std::string_view s) {
  std::optional<long> scale = value::num::decimal_scale(s);
  return scale && *scale <= kMaxExactExponent && *scale >= -kMaxExactExponent;
}

// A JSON number the reader refuses: its exponent is beyond kMaxExactExponent.
struct JsonRefused {
  std::string number;
};

// JSON through nlohmann's tree builder, except for numbers a double does not hold exactly:
// nlohmann reads every number with a fraction, an exponent or more digits than 64 bits
// as a double, so `100000000000000000000000003` would come back as 1e26. A decimal of at
// most 15 significant digits is the value of the double's shortest text (what the
// evaluator reads back); a longer one is kept as its text (kExactNumber), read as an exact
// rational, so what `cairn export` writes reads back unchanged.
class ExactJsonSax : public nlohmann::detail::json_sax_dom_parser<json> {
public:
  using json_sax_dom_parser::json_sax_dom_parser;
  bool number_float(double d, const std::string& text) {
    size_t digits = significant_digits(text);
    // Underflow: nlohmann reads 1e-400 as 0 and 5e-324 as a subnormal double.
    bool underflow = digits > 0 && (d == 0 || std::fpclassify(d) == FP_SUBNORMAL);
    if (digits <= 15 && !underflow) return json_sax_dom_parser::number_float(d, text);
    if (!exponent_within_bound(text)) throw JsonRefused{text};
    json::binary_t exact(std::vector<uint8_t>(text.begin(), text.end()), kExactNumber);
    return binary(exact);
  }

private:
  static size_t significant_digits(std::string_view text) {
    size_t n = 0;
    bool leading = true;
    for (char c : text) {
      if (c == 'e' || c == 'E') break;
      if (c < '0' || c > '9') continue;
      if (leading && c == '0') continue;
      leading = false;
      ++n;
    }
    return n;
  }
};

// A YAML document the conversion refuses: a number with an exponent beyond
// kMaxExactExponent, an alias cycle,
// aliases that expand past kMaxYamlAliasValues (a "billion laughs" document), nesting past
// kMaxYamlDepth.
struct YamlRefused {
  YAML::Mark mark;
  std::string message;
};
constexpr size_t kMaxYamlAliasValues = 100'000;
constexpr size_t kMaxYamlDepth = 10'000;

// A number a double cannot hold, kept as its text (see kExactNumber): `s` is a decimal that
// strtod read whole. The exponent is bounded, since the exact value of 1e99999999 would
// take 40 MB.
json exact_number(const YAML::Node& n, const std::string& s) {
  if (!exponent_within_bound(s))
    throw YamlRefused{n.Mark(), too_many_digits(s)};
  return json::binary(std::vector<uint8_t>(s.begin(), s.end()), kExactNumber);
}

// YAML 1.2 core schema for plain scalars.
json yaml_scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s; // quoted
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const char* begin = s.c_str();
  char* end = nullptr;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    long long v = std::strtoll(begin + 2, &end, s[1] == 'x' ? 16 : 8);
    if (*end == 0) return v;
    return s;
  }
  bool numeric = !s.empty();
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
      numeric = false;
  if (numeric) {
    errno = 0;
    long long v = std::strtoll(begin, &end, 10);
    if (*end == 0 && errno == 0) return v;
    bool too_long = *end == 0; // an integer beyond 64 bits
    errno = 0;
    double d = std::strtod(begin, &end);
    if (*end == 0 && (too_long || errno == ERANGE || !std::isfinite(d))) return exact_number(n, s);
    if (*end == 0) return d;
  }
  return s;
}

// Aliases share nodes: a node met again is an alias, and everything below it is a copy.
// Nodes are told apart by their position in the text.
json from_yaml(const YAML::Node& root) {
  json out;
  struct Item {
    YAML::Node node;
    json* slot;
    uint32_t depth;
    bool copy; // below an alias
  };
  std::vector<Item> work{{root, &out, 0, false}};
  std::unordered_set<int> seen;
  size_t copies = 0;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    YAML::Mark mark = it.node.Mark();
    bool container = it.node.IsSequence() || it.node.IsMap();
    if (container && mark.pos >= 0 && !seen.insert(mark.pos).second) it.copy = true;
    if (it.copy && ++copies > kMaxYamlAliasValues)
      throw YamlRefused{mark, fmt::format("aliases expand to more than {} values", kMaxYamlAliasValues)};
    if (it.depth > kMaxYamlDepth)
      throw YamlRefused{mark, fmt::format("nested deeper than {} levels (an alias refers to a node that contains it?)",
                                          kMaxYamlDepth)};
    switch (it.node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: *it.slot = nullptr; break;
    case YAML::NodeType::Scalar: *it.slot = yaml_scalar(it.node); break;
    case YAML::NodeType::Sequence: {
      *it.slot = json::array();
      for (size_t i = 0; i < it.node.size(); ++i) it.slot->push_back(nullptr);
      for (size_t i = 0; i < it.node.size(); ++i) work.push_back({it.node[i], &(*it.slot)[i], it.depth + 1, it.copy});
      break;
    }
    case YAML::NodeType::Map: {
      *it.slot = json::object();
      for (auto kv : it.node) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
        json& slot = (*it.slot)[key];
        work.push_back({kv.second, &slot, it.depth + 1, it.copy});
      }
      break;
    }
    }
  }
  return out;
}

json from_toml(const toml::table& root) {
  json out = json::object();
  struct Item {
    const toml::node* node;
    json* slot;
  };
  std::vector<Item> work;
  for (auto&& [k, v] : root) work.push_back({&v, &out[std::string(k.str())]});
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const toml::node& n = *it.node;
    if (auto t = n.as_table()) {
      *it.slot = json::object();
      for (auto&& [k, v] : *t) work.push_back({&v, &(*it.slot)[std::string(k.str())]});
    } else if (auto a = n.as_array()) {
      *it.slot = json::array();
      for (size_t i = 0; i < a->size(); ++i) it.slot->push_back(nullptr);
      for (size_t i = 0; i < a->size(); ++i) work.push_back({a->get(i), &(*it.slot)[i]});
    } else if (auto s = n.as_string()) {
      *it.slot = s->get();
    } else if (auto i = n.as_integer()) {
      *it.slot = i->get();
    } else if (auto f = n.as_floating_point()) {
      *it.slot = f->get();
    } else if (auto b = n.as_boolean()) {
      *it.slot = b->get();
    } else {
      std::ostringstream text;
      if (auto d = n.as_date()) text << d->get();
      else if (auto tm = n.as_time()) text << tm->get();
      else if (auto dt = n.as_date_time()) text << dt->get();
      *it.slot = text.str();
    }
  }
  return out;
}

} // namespace

std::optional<json> parse_data_text(Format format, std::string_view text, DataError* err) {
  switch (format) {
  case Format::Json: {
    try {
      json out;
      ExactJsonSax sax(out);
      json::sax_parse(text.begin(), text.end(), &sax);
      return out;
    } catch (const json::parse_error& e) {
      std::string why = e.what();
      size_t colon = why.rfind(": ");
      if (colon != std::string::npos) why = why.substr(colon + 2);
      err->offset = e.byte > 0 ? static_cast<int64_t>(e.byte - 1) : 0;
      err->message = why;
      return std::nullopt;
    } catch (const JsonRefused& r) {
      size_t at = text.find(r.number);
      err->offset = at == std::string_view::npos ? 0 : static_cast<int64_t>(at);
      err->message = too_many_digits(r.number);
      return std::nullopt;
    } catch (const json::exception& e) {
      // A number beyond a double's range ("number overflow parsing '1e999'"): point at it.
      std::string why = e.what();
      size_t q1 = why.find('\''), q2 = why.rfind('\'');
      std::string number = q1 != std::string::npos && q2 > q1 ? why.substr(q1 + 1, q2 - q1 - 1) : "";
      size_t at = number.empty() ? std::string_view::npos : text.find(number);
      err->offset = at == std::string_view::npos ? 0 : static_cast<int64_t>(at);
      err->message = number.empty() ? why : fmt::format("the number {} is beyond the range of a 64-bit float", number);
      return std::nullopt;
    }
  }
  case Format::Yaml: {
    try {
      std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
      if (docs.empty()) return json(nullptr);
      if (docs.size() == 1) return from_yaml(docs[0]);
      json all = json::array();
      for (const YAML::Node& d : docs) all.push_back(from_yaml(d));
      return all;
    } catch (const YamlRefused& e) {
      err->line = e.mark.line >= 0 ? static_cast<uint32_t>(e.mark.line) + 1 : 1;
      err->column = e.mark.column >= 0 ? static_cast<uint32_t>(e.mark.column) + 1 : 1;
      err->message = e.message;
      return std::nullopt;
    } catch (const YAML::Exception& e) {
      err->line = e.mark.line >= 0 ? static_cast<uint32_t>(e.mark.line) + 1 : 1;
      err->column = e.mark.column >= 0 ? static_cast<uint32_t>(e.mark.column) + 1 : 1;
      err->message = e.msg;
      return std::nullopt;
    }
  }
  case Format::Toml: {
    try {
      toml::table t = toml::parse(text);
      return from_toml(t);
    } catch (const toml::parse_error& e) {
      err->line = e.source().begin.line;
      err->column = e.source().begin.column;
      err->message = std::string(e.description());
      return std::nullopt;
    }
  }
  case Format::Conf:
  case Format::Text: return json();
  }
  return json();
}

bool parse_data(Program& program, Module& m, diag::Diagnostics& diags) {
  std::string_view text = program.sources.get(m.file).text();
  DataError err;
  std::optional<json> data = parse_data_text(m.format, text, &err);
  if (data) {
    m.data = std::move(*data);
    return true;
  }
  uint32_t off = err.offset >= 0 ? static_cast<uint32_t>(err.offset) : offset_of(program, m, err.line, err.column);
  malformed(program, m, off, format_name(m.format) == "Json" ? "JSON" : format_name(m.format) == "Yaml" ? "YAML" : "TOML",
            err.message, diags);
  return false;
}

} // namespace cairn::resolve
