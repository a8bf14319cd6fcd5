// The span-keeping JSON reader; see json_reader.h. A recursive-descent parser whose depth
// is bounded by kMaxValueDepth.
#include "runtime/graph/json_reader.h"

#include <unordered_map>

#include <fmt/core.h>

namespace cairn::graph {

using resource::ValueKind;

const JsonNode* JsonNode::find(std::string_view key) const {
  const JsonMember* m = find_member(key);
  return m ? &m->value : nullptr;
}

const JsonMember* JsonNode::find_member(std::string_view key) const {
  for (const JsonMember& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

namespace {

class Reader {
public:
  Reader(std::string_view text, base::FileId file, diag::Diagnostics& diags)
      : text_(text), file_(file), diags_(diags) {}

  std::optional<JsonNode> document() {
    skip_ws();
    JsonNode node;
    if (!value(node, 1)) return std::nullopt;
    skip_ws();
    if (pos_ != text_.size()) return fail("unexpected text after the JSON value");
    return node;
  }

private:
  std::nullopt_t fail(std::string message) {
    uint32_t at = static_cast<uint32_t>(pos_);
    uint32_t end = pos_ < text_.size() ? at + 1 : at;
    diags_.error(diag::DiagKind::InvalidJson, {file_, {at, end}}, std::move(message));
    return std::nullopt;
  }

  void skip_ws() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool value(JsonNode& out, uint32_t depth) {
    if (depth > resource::kMaxValueDepth) {
      fail(fmt::format("JSON nested deeper than {} levels", resource::kMaxValueDepth));
      return false;
    }
    uint32_t begin = static_cast<uint32_t>(pos_);
    if (pos_ >= text_.size()) {
      fail("expected a JSON value, found the end of the file");
      return false;
    }
    char c = text_[pos_];
    bool ok = true;
    if (c == '{') {
      ok = object(out, depth);
    } else if (c == '[') {
      ok = array(out, depth);
    } else if (c == '"') {
      out.kind = ValueKind::String;
      ok = string(out.text);
    } else if (literal("true")) {
      out.kind = ValueKind::Bool;
      out.boolean = true;
    } else if (literal("false")) {
      out.kind = ValueKind::Bool;
    } else if (literal("null")) {
      out.kind = ValueKind::Null;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      ok = number(out);
    } else {
      fail(fmt::format("expected a JSON value, found `{}`", c));
      return false;
    }
    out.span = {begin, static_cast<uint32_t>(pos_)};
    return ok;
  }

  bool object(JsonNode& out, uint32_t depth) {
    out.kind = ValueKind::Object;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::unordered_map<std::string, size_t> keys;
    while (true) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        fail("expected a string key in the JSON object");
        return false;
      }
      JsonMember m;
      uint32_t key_begin = static_cast<uint32_t>(pos_);
      if (!string(m.key)) return false;
      m.key_span = {key_begin, static_cast<uint32_t>(pos_)};
      auto [seen, fresh] = keys.emplace(m.key, out.members.size());
      if (!fresh) {
        diags_.error(diag::DiagKind::InvalidJson, {file_, m.key_span},
                     fmt::format("duplicate key `{}` in a JSON object", m.key))
            .label({file_, out.members[seen->second].key_span}, "first defined here");
        return false;
      }
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        fail("expected `:` after the key");
        return false;
      }
      ++pos_;
      skip_ws();
      if (!value(m.value, depth + 1)) return false;
      out.members.push_back(std::move(m));
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      fail("expected `,` or `}` in the JSON object");
      return false;
    }
  }

  bool array(JsonNode& out, uint32_t depth) {
    out.kind = ValueKind::Array;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_ws();
      out.members.emplace_back();
      if (!value(out.members.back().value, depth + 1)) return false;
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      fail("expected `,` or `]` in the JSON array");
      return false;
    }
  }

  static void utf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(uint32_t* out) {
    if (pos_ + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      int h = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    *out = v;
    return true;
  }

  bool string(std::string& out) {
    ++pos_; // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        fail("unterminated JSON string");
        return false;
      }
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character in a JSON string (escape it)");
        return false;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) continue;
      char e = text_[pos_++];
      switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = 0;
        if (!hex4(&cp)) {
          fail("malformed `\\u` escape in a JSON string");
          return false;
        }
        if (cp >= 0xD800 && cp < 0xDC00) {
          uint32_t lo = 0;
          if (literal("\\u") && hex4(&lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        utf8(cp, out);
        break;
      }
      default:
        --pos_;
        fail(fmt::format("unknown escape `\\{}` in a JSON string", e));
        return false;
      }
    }
  }

  bool number(JsonNode& out) {
    size_t begin = pos_;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && ((text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '.' ||
                                   text_[pos_] == 'e' || text_[pos_] == 'E' || text_[pos_] == '+' ||
                                   text_[pos_] == '-'))
      ++pos_;
    std::string canon = resource::canonical_number_text(text_.substr(begin, pos_ - begin));
    if (canon.empty()) {
      pos_ = begin;
      fail("malformed JSON number");
      return false;
    }
    out.kind = ValueKind::Number;
    out.text = std::move(canon);
    return true;
  }

  std::string_view text_;
  base::FileId file_;
  diag::Diagnostics& diags_;
  size_t pos_ = 0;
};

} // namespace

std::optional<JsonNode> read_json(const base::SourceMap& sources, base::FileId file,
                                  diag::Diagnostics& diags) {
  Reader r(sources.get(file).text(), file, diags);
  return r.document();
}

resource::Value to_value(JsonNode&& node) {
  switch (node.kind) {
  case ValueKind::Null:
  case ValueKind::Unknown: return resource::Value::null();
  case ValueKind::Bool: return resource::Value::boolean(node.boolean);
  case ValueKind::Number: return resource::Value::number(std::move(node.text));
  case ValueKind::String: return resource::Value::string(std::move(node.text));
  case ValueKind::Array: {
    resource::Array a;
    a.reserve(node.members.size());
    for (JsonMember& e : node.members) a.push_back(to_value(std::move(e.value)));
    node.members = {};
    return resource::Value::array(std::move(a));
  }
  case ValueKind::Object: {
    resource::Object o;
    o.reserve(node.members.size());
    for (JsonMember& m : node.members) o.emplace_back(std::move(m.key), to_value(std::move(m.value)));
    node.members = {};
    return resource::Value::object(std::move(o));
  }
  }
  return resource::Value::null();
}

} // namespace cairn::graph
