// Printing types as they are written in source, for diagnostics and hover; see types.h.
//
// The printer works from an explicit stack of items (a piece of text, or a type to print
// in a precedence context), so deep types never recurse in C++. Unification variables
// are printed through their bindings; unsolved ones get names `_a`, `_b`, ... in order of
// first appearance, shared by every type printed with the same printer.
#include "compiler/check/types.h"

#include "compiler/base/quote.h"

#include <fmt/core.h>

namespace cairn::check {

namespace {

// Precedence contexts: what a type may be printed as without parentheses.
enum class Ctx : uint8_t {
  Top,      // anything
  ArrowDom, // left of `->`: arrows and foralls need parentheses
  Arg,      // argument of `Array` or of an enum variant: also `Array T`
};

// Types longer than this are cut short in messages.
constexpr size_t kMaxPrinted = 2000;

struct Item {
  TypeId type; // none for a text item
  Ctx ctx;
  std::string text;
};

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!start(s[0])) return false;
  for (char c : s)
    if (!(start(c) || (c >= '0' && c <= '9') || c == '-' || c == '\'')) return false;
  return true;
}

} // namespace

std::string TypePrinter::label(std::string_view text) {
  return is_identifier(text) ? std::string(text) : base::quoted(text);
}

std::string TypePrinter::unif_name(uint32_t unif) {
  auto it = unif_names_.find(unif);
  if (it != unif_names_.end()) return it->second;
  size_t n = unif_names_.size();
  std::string name = "_";
  // _a .. _z, then _a1 ..
  name += static_cast<char>('a' + n % 26);
  if (n >= 26) name += std::to_string(n / 26);
  unif_names_.emplace(unif, name);
  return name;
}

std::string TypePrinter::print(TypeId root) {
  std::string out;
  std::vector<Item> stack;
  stack.push_back(Item{root, Ctx::Top, {}});
  auto text = [&](std::string s) { stack.push_back(Item{TypeId(), Ctx::Top, std::move(s)}); };
  auto type = [&](TypeId t, Ctx c) { stack.push_back(Item{t, c, {}}); };
  base::Names& names = store_.names();

  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    if (out.size() > kMaxPrinted) {
      out += "...";
      break;
    }
    if (!item.type.valid()) {
      out += item.text;
      continue;
    }
    TypeId t = store_.resolve(item.type);
    const TypeNode& n = store_.node(t);
    bool parens = false;
    switch (n.kind) {
    case TypeKind::Arrow:
    case TypeKind::Forall: parens = item.ctx != Ctx::Top; break;
    case TypeKind::Array: parens = item.ctx == Ctx::Arg; break;
    case TypeKind::Dyn:
    case TypeKind::Number:
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Dict:
    case TypeKind::Record:
    case TypeKind::Enum:
    case TypeKind::Var:
    case TypeKind::Rigid:
    case TypeKind::Unif:
    case TypeKind::Contract:
    case TypeKind::RowEmpty:
    case TypeKind::RowDyn:
    case TypeKind::RowExtend:
    case TypeKind::EnumEmpty:
    case TypeKind::EnumExtend:
    case TypeKind::Error: break;
    }
    if (parens) {
      out += "(";
      text(")");
    }
    // Items are pushed in reverse order of printing.
    switch (n.kind) {
    case TypeKind::Dyn: out += "Dyn"; break;
    case TypeKind::Number: out += "Number"; break;
    case TypeKind::Bool: out += "Bool"; break;
    case TypeKind::String: out += "String"; break;
    case TypeKind::Error: out += "?"; break;
    case TypeKind::Array:
      out += "Array ";
      type(TypeId(n.a), Ctx::Arg);
      break;
    case TypeKind::Dict:
      out += (n.flags & kDictContractFlag) ? "{ _ | " : "{ _ : ";
      text(" }");
      type(TypeId(n.a), Ctx::Top);
      break;
    case TypeKind::Arrow:
      type(TypeId(n.b), Ctx::Top);
      text(" -> ");
      type(TypeId(n.a), Ctx::ArrowDom);
      break;
    case TypeKind::Forall: {
      out += "forall";
      TypeId body = t;
      while (store_.kind(body) == TypeKind::Forall) {
        const TypeNode& f = store_.node(body);
        out += " ";
        out += names.text(store_.binder(f.a).name);
        body = store_.resolve(TypeId(f.b));
      }
      out += ". ";
      type(body, Ctx::Top);
      break;
    }
    case TypeKind::Var: out += names.text(store_.binder(n.a).name); break;
    case TypeKind::Rigid: out += names.text(store_.rigid(n.a).name); break;
    case TypeKind::Unif: out += unif_name(n.a); break;
    case TypeKind::Contract: out += store_.contract_info(n.a).text; break;
    case TypeKind::Record:
    case TypeKind::Enum: {
      bool is_enum = n.kind == TypeKind::Enum;
      // Collect the row chain, then push its pieces in reverse.
      std::vector<TypeId> rows;
      TypeId tail = store_.resolve(TypeId(n.a));
      while (store_.kind(tail) == TypeKind::RowExtend ||
             store_.kind(tail) == TypeKind::EnumExtend) {
        rows.push_back(tail);
        tail = store_.resolve(TypeId(store_.node(tail).c));
      }
      TypeKind tk = store_.kind(tail);
      bool closed = tk == TypeKind::RowEmpty || tk == TypeKind::EnumEmpty;
      if (is_enum) {
        out += rows.empty() && closed ? "[|" : "[| ";
        text(" |]");
      } else {
        if (rows.empty() && closed) {
          out += "{}";
          break;
        }
        out += "{ ";
        text(" }");
      }
      if (!closed) {
        if (tk == TypeKind::RowDyn)
          text("Dyn");
        else
          type(tail, Ctx::Top);
        text("; ");
      }
      for (size_t i = rows.size(); i-- > 0;) {
        const TypeNode& r = store_.node(rows[i]);
        std::string name = label(names.text(base::NameId(r.a)));
        if (is_enum) {
          if (TypeId(r.b).valid()) {
            type(TypeId(r.b), Ctx::Arg);
            text(" ");
          }
          text("'" + name);
        } else {
          type(TypeId(r.b), Ctx::Top);
          text(name + " : ");
        }
        if (i > 0) text(", ");
      }
      break;
    }
    case TypeKind::RowEmpty: out += "{}"; break;
    case TypeKind::RowDyn: out += "Dyn"; break;
    case TypeKind::RowExtend: out += "{ ... }"; break; // rows are printed through their record
    case TypeKind::EnumExtend: out += "[| ... |]"; break;
    case TypeKind::EnumEmpty: out += "[||]"; break;
    }
  }
  return out;
}

} // namespace cairn::check
