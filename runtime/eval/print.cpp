// Printing values in the language's syntax (`cairn eval`, the REPL, error messages).
//
// The printer never forces anything: thunks already evaluated print as their value, others
// as `...`. `cairn eval` deep-forces first (deep.cpp), so the whole value shows. Records are
// printed one field per line, sorted by name; arrays of scalars on one line. An explicit
// stack of work items, no recursion.
#include "runtime/eval/print.h"

#include <algorithm>

#include "compiler/base/quote.h"
#include "compiler/value/contract.h"
#include "compiler/value/number.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

namespace {
bool is_plain_name(std::string_view s);
}

bool is_identifier(std::string_view s) {
  if (!is_plain_name(s)) return false;
  static const char* keywords[] = {"let",      "rec",      "in",           "fun",    "if",      "then",
                                   "else",     "match",    "import",       "forall", "null",    "true",
                                   "false",    "default",  "force",        "priority", "optional", "not_exported",
                                   "doc",      "Dyn",      "Number",       "Bool",   "String",  "Array",
                                   "or",       "as",       "include"};
  for (const char* k : keywords)
    if (s == k) return false;
  return true;
}

namespace {
// A name the lexer reads as one identifier or enum tag: `_* [a-zA-Z] [_a-zA-Z0-9-']*`.
bool is_plain_name(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size() && s[i] == '_') ++i;
  if (i == s.size() || !std::isalpha(static_cast<unsigned char>(s[i]))) return false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\'')) return false;
  }
  return true;
}
} // namespace

namespace {

bool is_scalar(Value v) {
  v = Machine::peek(v);
  return !(v.is_record() || v.is_array() || v.is(value::ObjKind::Variant));
}

struct Printer {
  Machine& m;
  PrintOptions opts;
  std::string out;

  struct Item {
    enum Kind : uint8_t { Val, Text, Newline, FieldName } kind;
    uint32_t depth;
    Value v;
    const char* text;
    const value::Field* field;
  };
  std::vector<Item> work;

  void text(const char* t) { work.push_back({Item::Text, 0, Value(), t, nullptr}); }
  void newline(uint32_t depth) { work.push_back({Item::Newline, depth, Value(), nullptr, nullptr}); }
  void val(Value v, uint32_t depth) { work.push_back({Item::Val, depth, v, nullptr, nullptr}); }
  void field(const value::Field* f) { work.push_back({Item::FieldName, 0, Value(), nullptr, f}); }

  void name(std::string_view t) {
    if (is_identifier(t)) out += t;
    else base::append_quoted(out, t);
  }
  void tag(base::NameId id) {
    out += '\'';
    std::string_view t = m.names().text(id);
    if (is_plain_name(t)) out += t;
    else base::append_quoted(out, t);
  }

  void scalar(Value v) {
    if (v.is_none() || v.is_thunk()) {
      out += "...";
      return;
    }
    if (v.is_number()) return value::num::append(out, v);
    if (v.is_null()) {
      out += "null";
      return;
    }
    if (v.is_bool()) {
      out += v.as_bool() ? "true" : "false";
      return;
    }
    if (v.is_enum_tag()) return tag(v.enum_tag());
    if (v.is_string()) return base::append_quoted(out, v.as<value::String>()->view());
    switch (v.obj()->kind) {
    case value::ObjKind::Closure:
    case value::ObjKind::Partial:
    case value::ObjKind::ContractedFn: out += "<function>"; return;
    case value::ObjKind::Contract: out += "<contract>"; return;
    case value::ObjKind::Label: out += "<label>"; return;
    case value::ObjKind::Unknown: out += "<unknown>"; return;
    case value::ObjKind::Sealed: out += "<sealed>"; return;
    case value::ObjKind::Thunk:
    case value::ObjKind::BigNum:
    case value::ObjKind::String:
    case value::ObjKind::Array:
    case value::ObjKind::Record:
    case value::ObjKind::Variant: out += "?"; return;
    }
  }

  void array(const value::Array* a, uint32_t depth) {
    if (a->size() == 0) {
      out += "[]";
      return;
    }
    if (!opts.multiline || std::all_of(a->data, a->data + a->size(), is_scalar)) {
      out += "[ ";
      text(" ]");
      for (uint32_t i = a->size(); i-- > 0;) {
        val(a->data[i], depth);
        if (i) text(", ");
      }
      return;
    }
    out += "[";
    text("]");
    newline(depth);
    for (uint32_t i = a->size(); i-- > 0;) {
      text(",");
      val(a->data[i], depth + 1);
      newline(depth + 1);
    }
  }

  void record(const value::Record* r, uint32_t depth) {
    std::vector<const value::Field*> fields;
    for (uint32_t i = 0; i < r->size(); ++i) {
      const value::Field& f = r->fields()[i];
      if (!f.defined() && f.optional()) continue;
      fields.push_back(&f);
    }
    if (fields.empty()) {
      out += "{}";
      return;
    }
    std::sort(fields.begin(), fields.end(), [&](const value::Field* a, const value::Field* b) {
      return m.names().text(a->name) < m.names().text(b->name);
    });
    if (!opts.multiline) {
      out += "{ ";
      text(" }");
      for (size_t i = fields.size(); i-- > 0;) {
        if (fields[i]->defined()) val(fields[i]->value, depth);
        field(fields[i]);
        if (i) text(", ");
      }
      return;
    }
    out += "{";
    text("}");
    newline(depth);
    for (size_t i = fields.size(); i-- > 0;) {
      text(",");
      if (fields[i]->defined()) val(fields[i]->value, depth + 1);
      field(fields[i]);
      newline(depth + 1);
    }
  }

  void run(Value root) {
    val(root, 0);
    while (!work.empty()) {
      if (opts.limit && out.size() > opts.limit) {
        out.resize(opts.limit);
        out += "...";
        return;
      }
      Item it = work.back();
      work.pop_back();
      switch (it.kind) {
      case Item::Text: out += it.text; continue;
      case Item::Newline:
        out += '\n';
        out.append(2 * it.depth, ' ');
        continue;
      case Item::FieldName:
        name(m.names().text(it.field->name));
        if (it.field->defined()) out += " = ";
        continue;
      case Item::Val: break;
      }
      Value v = Machine::peek(it.v);
      if (v.is(value::ObjKind::Variant)) {
        auto* var = v.as<value::Variant>();
        tag(var->tag());
        out += ' ';
        Value arg = Machine::peek(var->arg);
        if (arg.is(value::ObjKind::Variant)) {
          out += '(';
          text(")");
        }
        val(arg, it.depth);
      } else if (v.is_array()) {
        array(v.as<value::Array>(), it.depth);
      } else if (v.is_record()) {
        record(v.as<value::Record>(), it.depth);
      } else {
        scalar(v);
      }
    }
  }
};

} // namespace

std::string print_value(Machine& m, Value v, PrintOptions opts) {
  Printer p{m, opts, {}, {}};
  p.run(v);
  return p.out;
}

std::string show(Machine& m, Value v, size_t limit) {
  PrintOptions o;
  o.multiline = false;
  o.limit = limit;
  return print_value(m, v, o);
}

} // namespace cairn::eval
