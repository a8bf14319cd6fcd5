// The string builtins of the standard library (interpolation is in interpolate.cpp).
#include <fmt/core.h>

#include <re2/re2.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "compiler/value/number.h"
#include "compiler/value/string.h"
#include "runtime/eval/prim.h"
#include "runtime/eval/string_search.h"

namespace cairn::eval {

namespace {

using ir::PrimOp;

std::string_view sv(Value v) { return v.as<value::String>()->view(); }

Value strings_array(Machine& m, const std::vector<std::string_view>& parts) {
  value::Array* out = new_array(m, static_cast<uint32_t>(parts.size()));
  for (size_t i = 0; i < parts.size(); ++i) out->data[i] = make_string(m, parts[i]);
  return Value::object(out);
}

Value ordering(Machine& m, int c) {
  return Value::enum_tag(m.names().intern(c < 0 ? "Lesser" : c > 0 ? "Greater" : "Equal"));
}

// Maps each code point with `f` (case conversion).
std::string map_codepoints(std::string_view s, utf8proc_int32_t (*f)(utf8proc_int32_t)) {
  std::string out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(s.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) {
      out += s[static_cast<size_t>(i)];
      ++i;
      continue;
    }
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t w = utf8proc_encode_char(f(c), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
    i += len;
  }
  return out;
}

bool is_space(utf8proc_int32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return true;
  utf8proc_category_t k = utf8proc_category(c);
  return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

std::string_view trim(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(s.size());
  utf8proc_ssize_t start = 0, end = 0;
  bool seen = false;
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) len = 1, c = -1;
    if (c < 0 || !is_space(c)) {
      if (!seen) start = i;
      seen = true;
      end = i + len;
    }
    i += len;
  }
  return seen ? s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)) : std::string_view();
}

// The regex of argument i, compiled (RE2, UTF-8); reports an invalid one.
std::unique_ptr<re2::RE2> regex_arg(Machine& m, const ir::Prim* p, uint32_t i, Value v) {
  auto re = std::make_unique<re2::RE2>(unicode_regex(sv(v)), re2::RE2::Quiet);
  if (!re->ok()) {
    m.error(diag::DiagKind::InvalidArgument, p->arg_loc(i), fmt::format("invalid regular expression: {}", re->error()));
    return nullptr;
  }
  return re;
}

// The grapheme index of byte offset `off` in `s`.
uint32_t grapheme_index(std::string_view s, size_t off) {
  std::vector<uint32_t> b = value::str::grapheme_boundaries(s.substr(0, off));
  return static_cast<uint32_t>(b.size() - 1);
}

Value match_record(Machine& m, std::string_view s, const re2::RE2& re, const std::vector<re2::StringPiece>& groups) {
  base::NameId matched = m.names().intern("matched"), index = m.names().intern("index"),
               gname = m.names().intern("groups");
  value::Array* ga = new_array(m, static_cast<uint32_t>(groups.size() - 1));
  for (size_t g = 1; g < groups.size(); ++g)
    ga->data[g - 1] = make_string(m, groups[g].data() ? std::string_view(groups[g].data(), groups[g].size()) : "");
  std::vector<value::Field> fs = {
      {matched, 0, value::PrioKind::Numeric, 0, nullptr, make_string(m, std::string_view(groups[0].data(), groups[0].size())), nullptr},
      {index, 0, value::PrioKind::Numeric, 0, nullptr,
       Value::small_int(grapheme_index(s, static_cast<size_t>(groups[0].data() - s.data()))), nullptr},
      {gname, 0, value::PrioKind::Numeric, 0, nullptr, Value::object(ga), nullptr},
  };
  (void)re;
  std::sort(fs.begin(), fs.end(), [](auto& a, auto& b) { return a.name < b.name; });
  value::Record* r = new_record(m, 3);
  std::copy(fs.begin(), fs.end(), r->fields());
  return Value::object(r);
}

// Rust-style `$1` / `${name}` replacement references to RE2's `\1`.
std::string re2_rewrite(std::string_view repl) {
  std::string out;
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '$' && i + 1 < repl.size() && std::isdigit(static_cast<unsigned char>(repl[i + 1]))) {
      out += '\\';
      out += repl[++i];
    } else if (c == '$' && i + 2 < repl.size() && repl[i + 1] == '{') {
      size_t close = repl.find('}', i);
      std::string_view num = repl.substr(i + 2, close == std::string_view::npos ? 0 : close - i - 2);
      if (close != std::string_view::npos && !num.empty() && std::all_of(num.begin(), num.end(), ::isdigit)) {
        out += '\\';
        out += num;
        i = close;
      } else {
        out += c;
      }
    } else if (c == '$' && i + 1 < repl.size() && repl[i + 1] == '$') {
      out += '$';
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace

Step call_string_builtin(Machine& m, const ir::Prim* p, Value* a) {
  PrimOp op = p->op();
  for (uint32_t i = 0; i < p->nargs; ++i) {
    if (op == PrimOp::StringSubstring && i < 2) {
      if (!a[i].is_number()) return type_error(m, p, i, "a number", a[i]);
      continue;
    }
    if (op == PrimOp::StringJoin && i == 1) {
      if (!a[i].is_array()) return type_error(m, p, i, "an array of strings", a[i]);
      continue;
    }
    if (!a[i].is_string()) return type_error(m, p, i, "a string", a[i]);
  }
  switch (op) {
  case PrimOp::StringLength: return Step::ret(Value::small_int(value::str::grapheme_count(a[0].as<value::String>())));
  case PrimOp::StringSubstring: {
    const value::String* s = a[2].as<value::String>();
    std::optional<int64_t> start = value::num::to_int64(a[0]), end = value::num::to_int64(a[1]);
    std::vector<uint32_t> b;
    uint32_t n = s->simple() ? s->size() : 0;
    if (!s->simple()) {
      b = value::str::grapheme_boundaries(s->view());
      n = static_cast<uint32_t>(b.size() - 1);
    }
    if (!start || !end || *start < 0 || *end > n || *start > *end)
      return m.fail(diag::DiagKind::IndexOutOfBounds, p->loc(),
                    fmt::format("substring {}..{} is out of bounds for a string of length {}",
                                value::num::to_string(a[0]), value::num::to_string(a[1]), n))
          ;
    size_t from = s->simple() ? static_cast<size_t>(*start) : b[static_cast<size_t>(*start)];
    size_t to = s->simple() ? static_cast<size_t>(*end) : b[static_cast<size_t>(*end)];
    return Step::ret(make_string(m, s->view().substr(from, to - from)));
  }
  case PrimOp::StringCharacters: {
    std::string_view s = sv(a[0]);
    std::vector<uint32_t> b = value::str::grapheme_boundaries(s);
    std::vector<std::string_view> parts;
    for (size_t i = 0; i + 1 < b.size(); ++i) parts.push_back(s.substr(b[i], b[i + 1] - b[i]));
    return Step::ret(strings_array(m, parts));
  }
  case PrimOp::StringUppercase: return Step::ret(make_string(m, map_codepoints(sv(a[0]), utf8proc_toupper)));
  case PrimOp::StringLowercase: return Step::ret(make_string(m, map_codepoints(sv(a[0]), utf8proc_tolower)));
  case PrimOp::StringContains:
    return Step::ret(Value::boolean(ClusterText(sv(a[1])).find(sv(a[0]), 0) != std::string_view::npos));
  case PrimOp::StringCompare: {
    int c = sv(a[0]).compare(sv(a[1]));
    return Step::ret(ordering(m, c));
  }
  case PrimOp::StringReplace: return Step::ret(make_string(m, replace_whole(sv(a[2]), sv(a[0]), sv(a[1]))));
  case PrimOp::StringReplaceRegex: {
    auto re = regex_arg(m, p, 0, a[0]);
    if (!re) return Step::fail();
    ClusterText t(sv(a[2]));
    std::string_view text = t.text();
    std::string rewrite = re2_rewrite(sv(a[1])), out;
    std::vector<re2::StringPiece> groups(static_cast<size_t>(re->NumberOfCapturingGroups()) + 1);
    size_t pos = 0, copied = 0;
    while (pos <= text.size() && match_whole(*re, t, pos, groups)) {
      size_t start = static_cast<size_t>(groups[0].data() - text.data()), end = start + groups[0].size();
      out.append(text.substr(copied, start - copied));
      re->Rewrite(&out, rewrite, groups.data(), static_cast<int>(groups.size()));
      copied = end;
      // After an empty match, the next one starts past the following character.
      if (groups[0].empty()) {
        pos = t.next_boundary(end);
        if (end < text.size()) out.append(text.substr(end, pos - end));
        copied = pos;
        if (end == text.size()) break;
      } else {
        pos = end;
      }
    }
    if (copied < text.size()) out.append(text.substr(copied));
    return Step::ret(make_string(m, out));
  }
  case PrimOp::StringIsMatch: {
    auto re = regex_arg(m, p, 0, a[0]);
    if (!re) return Step::fail();
    std::vector<re2::StringPiece> groups(1);
    return Step::ret(Value::boolean(match_whole(*re, ClusterText(sv(a[1])), 0, groups)));
  }
  case PrimOp::StringFind:
  case PrimOp::StringFindAll: {
    auto re = regex_arg(m, p, 0, a[0]);
    if (!re) return Step::fail();
    std::string_view s = sv(a[1]);
    ClusterText t(s);
    std::vector<re2::StringPiece> groups(static_cast<size_t>(re->NumberOfCapturingGroups()) + 1);
    std::vector<Value> found;
    size_t pos = 0;
    while (pos <= s.size() && match_whole(*re, t, pos, groups)) {
      found.push_back(match_record(m, s, *re, groups));
      if (op == PrimOp::StringFind) break;
      size_t end = static_cast<size_t>(groups[0].data() - s.data()) + groups[0].size();
      pos = groups[0].empty() ? (end == s.size() ? end + 1 : t.next_boundary(end)) : end;
    }
    if (op == PrimOp::StringFind) {
      if (!found.empty()) return Step::ret(found[0]);
      std::vector<re2::StringPiece> none{re2::StringPiece("", 0)};
      base::NameId matched = m.names().intern("matched"), index = m.names().intern("index"),
                   gname = m.names().intern("groups");
      std::vector<value::Field> fs = {
          {matched, 0, value::PrioKind::Numeric, 0, nullptr, make_string(m, ""), nullptr},
          {index, 0, value::PrioKind::Numeric, 0, nullptr, Value::small_int(-1), nullptr},
          {gname, 0, value::PrioKind::Numeric, 0, nullptr, Value::object(new_array(m, 0)), nullptr},
      };
      std::sort(fs.begin(), fs.end(), [](auto& x, auto& y) { return x.name < y.name; });
      value::Record* r = new_record(m, 3);
      std::copy(fs.begin(), fs.end(), r->fields());
      return Step::ret(Value::object(r));
    }
    value::Array* out = new_array(m, static_cast<uint32_t>(found.size()));
    std::copy(found.begin(), found.end(), out->data);
    return Step::ret(Value::object(out));
  }
  case PrimOp::StringSplit: return Step::ret(strings_array(m, split_whole(sv(a[1]), sv(a[0]))));
  case PrimOp::StringTrim: return Step::ret(make_string(m, trim(sv(a[0]))));
  case PrimOp::StringJoin: {
    // The elements must be strings: force them first.
    struct JoinTask : Task {
      const ir::Prim* p;
      std::string_view sep;
      bool sep_simple = false;
      const value::Array* arr;
      uint32_t i = 0;
      bool started = false;
      std::vector<const value::String*> parts;
      Step resume(Machine& m, Value v) override {
        if (started) {
          if (v.is_unknown()) return Step::ret(v);
          if (!v.is_string())
            return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(1),
                          fmt::format("expected an array of strings, element {} is {}", i, describe(m, v)));
          parts.push_back(v.as<value::String>());
          ++i;
        }
        started = true;
        while (i < arr->size()) {
          Value e = Machine::peek(arr->data[i]);
          if (e.is_thunk()) return Step::await(e);
          if (!e.is_string()) return resume_with(m, e);
          parts.push_back(e.as<value::String>());
          ++i;
        }
        size_t size = parts.empty() ? 0 : sep.size() * (parts.size() - 1);
        bool simple = parts.size() < 2 || sep_simple;
        for (auto* s : parts) {
          size += s->size();
          simple = simple && s->simple();
        }
        value::String* out = value::str::alloc(m.arena(), static_cast<uint32_t>(size));
        char* w = out->data();
        for (size_t k = 0; k < parts.size(); ++k) {
          if (k) {
            std::memcpy(w, sep.data(), sep.size());
            w += sep.size();
          }
          std::memcpy(w, parts[k]->data(), parts[k]->size());
          w += parts[k]->size();
        }
        return Step::ret(value::str::finish_as(out, simple));
      }
      Step resume_with(Machine& m, Value e) {
        if (e.is_unknown()) return Step::ret(e);
        return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(1),
                      fmt::format("expected an array of strings, element {} is {}", i, describe(m, e)));
      }
    };
    auto* t = new JoinTask();
    t->p = p;
    t->sep = sv(a[0]);
    t->sep_simple = a[0].as<value::String>()->simple();
    t->arr = a[1].as<value::Array>();
    return Step::start(t);
  }
  case PrimOp::StringToEnum: return Step::ret(Value::enum_tag(m.names().intern(sv(a[0]))));
  case PrimOp::StringIsValidRegex: {
    re2::RE2 re(re2::StringPiece(sv(a[0]).data(), sv(a[0]).size()), re2::RE2::Quiet);
    return Step::ret(Value::boolean(re.ok()));
  }
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not a string builtin");
  }
}

} // namespace cairn::eval
