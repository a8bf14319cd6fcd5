// The program generator; see program_gen.h. Each `gen_*` builds an expression of one type at
// a bounded depth; variables in scope are kept with their types so references are mostly
// well-typed. Depth bounds the size, so the generator itself never recurses far.
#include "tests/programs/program_gen.h"

#include <fmt/core.h>

#include <vector>

namespace cairn::testgen {

namespace {

enum class Ty { Num, Str, Bool, Rec, Arr };

struct Var {
  std::string name;
  Ty ty;
  std::vector<std::string> fields; // for records: names known to be defined
};

class Gen {
public:
  explicit Gen(const ProgramChooser& next) : next_(next) {}

  std::string program() {
    uint32_t lets = pick(4);
    std::string out;
    for (uint32_t i = 0; i < lets; ++i) {
      Ty ty = static_cast<Ty>(pick(5));
      Var v{fmt::format("v{}", i), ty, {}};
      std::string value = ty == Ty::Rec ? record(3, &v.fields) : gen(ty, 3);
      out += fmt::format("let {} = {} in\n", v.name, value);
      vars_.push_back(std::move(v));
    }
    std::vector<std::string> fields;
    out += pick(4) == 0 ? gen(static_cast<Ty>(pick(5)), 4) : record(4, &fields);
    return out + "\n";
  }

private:
  const ProgramChooser& next_;
  std::vector<Var> vars_;
  uint32_t fresh_ = 0;

  uint32_t pick(uint32_t n) { return n <= 1 ? 0 : next_(n) % n; }

  std::string fresh(const char* prefix) { return fmt::format("{}{}", prefix, fresh_++); }

  const Var* var_of(Ty ty) {
    std::vector<const Var*> ok;
    for (const Var& v : vars_)
      if (v.ty == ty) ok.push_back(&v);
    return ok.empty() ? nullptr : ok[pick(static_cast<uint32_t>(ok.size()))];
  }

  std::string gen(Ty ty, int d) {
    switch (ty) {
    case Ty::Num: return num(d);
    case Ty::Str: return str(d);
    case Ty::Bool: return boolean(d);
    case Ty::Rec: {
      std::vector<std::string> fields;
      return record(d, &fields);
    }
    case Ty::Arr: return arr(d);
    }
    return "null";
  }

  std::string num_literal() {
    static const char* lits[] = {"0", "1", "2", "-3", "7.5", "1e3", "0.1", "1e300", "-0", "42", "1/3"};
    return lits[pick(11)];
  }

  std::string num(int d) {
    if (d <= 0 || pick(4) == 0) {
      if (const Var* v = var_of(Ty::Num); v && pick(2)) return v->name;
      return num_literal();
    }
    switch (pick(12)) {
    case 0: return fmt::format("({} + {})", num(d - 1), num(d - 1));
    case 1: return fmt::format("({} * {})", num(d - 1), num(d - 1));
    case 2: return fmt::format("({} - {})", num(d - 1), num(d - 1));
    case 3: return fmt::format("(std.array.length {})", arr(d - 1));
    case 4: return fmt::format("(std.string.length {})", str(d - 1));
    case 5: return fmt::format("(if {} then {} else {})", boolean(d - 1), num(d - 1), num(d - 1));
    case 6: return fmt::format("(std.array.fold_left (fun acc x => acc + x) 0 {})", num_arr(d - 1));
    case 7: {
      std::string x = fresh("n");
      vars_.push_back({x, Ty::Num, {}});
      std::string body = num(d - 1);
      vars_.pop_back();
      return fmt::format("((fun {} => {}) {})", x, body, num(d - 1));
    }
    case 8: return fmt::format("(let rec f = fun k => if k <= 0 then {} else 1 + f (k - 1) in f {})", num(d - 1),
                               pick(50));
    case 9: return fmt::format("(std.record.length {})", gen(Ty::Rec, d - 1));
    case 10: return fmt::format("({} | Number)", num(d - 1));
    default: return select(Ty::Num, d);
    }
  }

  std::string str_literal() {
    static const char* lits[] = {"\"\"", "\"a\"", "\"hello world\"", "\"\\n\\t\\\"q\\\"\"", "\"é✓\"",
                                 "\"50% off\"", "m%\"multi\n  line\"%", "\"a.b\"", "\"1e999\""};
    return lits[pick(9)];
  }

  std::string str(int d) {
    if (d <= 0 || pick(4) == 0) {
      if (const Var* v = var_of(Ty::Str); v && pick(2)) return v->name;
      return str_literal();
    }
    switch (pick(12)) {
    case 0: return fmt::format("({} ++ {})", str(d - 1), str(d - 1));
    case 11: return fmt::format("\"n%{{std.to_string {}}}-%{{{}}}\"", gen(static_cast<Ty>(pick(5)), d - 1), num(d - 1));
    case 1: return fmt::format("\"x%{{{}}}y%{{{}}}\"", gen(static_cast<Ty>(pick(3)), d - 1), str(d - 1));
    case 2: return fmt::format("(std.string.join \",\" {})", str_arr(d - 1));
    case 3: return fmt::format("(std.serialize 'Json {})", gen(static_cast<Ty>(pick(5)), d - 1));
    case 4: return fmt::format("(std.serialize '{} {})", pick(2) ? "Yaml" : "Toml", gen(Ty::Rec, d - 1));
    case 5: return fmt::format("(std.string.from_number {})", num(d - 1));
    case 6: return fmt::format("(std.string.uppercase {})", str(d - 1));
    case 7: return fmt::format("(if {} then {} else {})", boolean(d - 1), str(d - 1), str(d - 1));
    case 8: return fmt::format("(match {{ 'A => {}, 'B => {}, _ => {} }} '{})", str(d - 1), str(d - 1),
                               str(d - 1), pick(3) == 0 ? "A" : pick(2) ? "B" : "C");
    case 9: return fmt::format("({} | String)", str(d - 1));
    default: return select(Ty::Str, d);
    }
  }

  std::string boolean(int d) {
    if (d <= 0 || pick(4) == 0) {
      if (const Var* v = var_of(Ty::Bool); v && pick(2)) return v->name;
      return pick(2) ? "true" : "false";
    }
    switch (pick(8)) {
    case 0: return fmt::format("({} == {})", num(d - 1), num(d - 1));
    case 1: return fmt::format("({} < {})", num(d - 1), num(d - 1));
    case 2: return fmt::format("({} && {})", boolean(d - 1), boolean(d - 1));
    case 3: return fmt::format("({} || !{})", boolean(d - 1), boolean(d - 1));
    case 4: {
      Ty ty = static_cast<Ty>(pick(5));
      return fmt::format("({} == {})", gen(ty, d - 1), gen(ty, d - 1));
    }
    case 5: return fmt::format("(std.record.has_field \"{}\" {})", name(), gen(Ty::Rec, d - 1));
    case 6: return fmt::format("({} != {})", str(d - 1), str(d - 1));
    default: return select(Ty::Bool, d);
    }
  }

  std::string num_arr(int d) {
    std::string out = "[";
    for (uint32_t i = 0, n = pick(4); i < n; ++i) out += (i ? ", " : "") + num(d - 1);
    return out + "]";
  }

  std::string str_arr(int d) {
    if (d > 0 && pick(3) == 0) return fmt::format("(std.array.map (fun s => s ++ \"!\") {})", str_arr(d - 1));
    std::string out = "[";
    for (uint32_t i = 0, n = pick(4); i < n; ++i) out += (i ? ", " : "") + str(d - 1);
    return out + "]";
  }

  std::string arr(int d) {
    if (d <= 0 || pick(3) == 0) {
      if (const Var* v = var_of(Ty::Arr); v && pick(2)) return v->name;
      return pick(2) ? num_arr(0) : str_arr(0);
    }
    switch (pick(9)) {
    case 0: return fmt::format("({} @ {})", arr(d - 1), arr(d - 1));
    // Predicates on captured variables: direct calls with dropped steps, a captured thunk
    // forced first, a difference compared with zero (runtime/eval/direct.cpp).
    case 7:
      return fmt::format("(let k = {} in std.array.filter (fun x => let m = k % 7 in x - m {} 0) {})", num(d - 1),
                         pick(2) ? "<" : ">=", num_arr(d - 1));
    case 8:
      return fmt::format("(let k = {} in std.array.filter (fun x => if x > 3 then x - 1 < k else {}) {})",
                         num(d - 1), boolean(d - 1), num_arr(d - 1));
    case 1: return fmt::format("(std.array.map (fun x => x + 1) {})", num_arr(d - 1));
    case 2: return fmt::format("(std.array.generate (fun i => {}) {})", pick(2) ? "i * i" : "\"%{i}\"", pick(20));
    case 3: return fmt::format("(std.record.fields {})", gen(Ty::Rec, d - 1));
    case 4: return fmt::format("(std.array.sort (fun a b => if a < b then 'Lesser else if a == b then 'Equal else "
                               "'Greater) {})",
                               num_arr(d - 1));
    case 5: {
      std::string out = "[";
      for (uint32_t i = 0, n = pick(4); i < n; ++i) out += (i ? ", " : "") + gen(static_cast<Ty>(pick(5)), d - 1);
      return out + "]";
    }
    default: return fmt::format("({} | Array Dyn)", arr(d - 1));
    }
  }

  std::string name() {
    static const char* names[] = {"a", "b", "c", "name", "port", "x_y", "in"};
    return names[pick(7)];
  }

  // A field of a record expression built here, or of a record variable, selected.
  std::string select(Ty ty, int d) {
    for (const Var& v : vars_)
      if (v.ty == Ty::Rec && !v.fields.empty() && pick(3) == 0)
        return fmt::format("({}.\"{}\")", v.name, v.fields[pick(static_cast<uint32_t>(v.fields.size()))]);
    std::string f = fresh("f");
    return fmt::format("({{ {} = {} }}.{})", f, gen(ty, d - 1), f);
  }

  std::string contract_for(Ty ty) {
    switch (ty) {
    case Ty::Num: return pick(2) ? "Number" : "std.contract.from_predicate (fun x => x == x)";
    case Ty::Str: return pick(2) ? "String" : "std.string.NonEmpty";
    case Ty::Bool: return "Bool";
    case Ty::Rec: return pick(2) ? "{ .. }" : "{ _ : Dyn }";
    case Ty::Arr: return "Array Dyn";
    }
    return "Dyn";
  }

  // A record literal; `fields` gets the names it surely defines (for selections).
  std::string record(int d, std::vector<std::string>* fields) {
    if (d <= 0) return "{}";
    if (pick(5) == 0) {
      std::vector<std::string> a, b;
      std::string l = record(d - 1, &a), r = record(d - 1, &b);
      for (auto& f : a) fields->push_back(f);
      return fmt::format("({} & {})", l, r);
    }
    if (pick(8) == 0) {
      if (const Var* v = var_of(Ty::Rec)) {
        *fields = v->fields;
        return v->name;
      }
    }
    std::vector<std::string> parts;
    std::vector<std::pair<std::string, Ty>> siblings;
    uint32_t n = pick(5);
    for (uint32_t i = 0; i < n; ++i) {
      std::string f = name() + std::to_string(i);
      Ty ty = static_cast<Ty>(pick(5));
      std::string value;
      // A sibling reference (recursive records), then a path, a dynamic name, metadata.
      if (!siblings.empty() && pick(4) == 0) {
        auto& s = siblings[pick(static_cast<uint32_t>(siblings.size()))];
        value = s.first;
        ty = s.second;
      } else {
        std::vector<std::string> inner;
        value = ty == Ty::Rec ? record(d - 1, &inner) : gen(ty, d - 1);
      }
      switch (pick(8)) {
      case 0: parts.push_back(fmt::format("{}.sub.leaf = {}", f, value)); break;
      case 1: parts.push_back(fmt::format("\"%{{{}}}\" = {}", pick(2) ? str(0) : fmt::format("\"dyn{}\"", i), value)); break;
      case 2: parts.push_back(fmt::format("{} | {} = {}", f, contract_for(ty), value)); break;
      case 3: parts.push_back(fmt::format("{} | default = {}", f, value)); break;
      case 4: parts.push_back(fmt::format("{} | force = {}", f, value)); break;
      case 5: parts.push_back(fmt::format("\"{} q\" = {}", f, value)); break;
      case 6: parts.push_back(fmt::format("{} | doc \"d\" = {}", f, value)); break;
      default:
        parts.push_back(fmt::format("{} = {}", f, value));
        fields->push_back(f);
        siblings.emplace_back(f, ty);
      }
    }
    if (pick(10) == 0) parts.push_back(fmt::format("broken | Number = {}", str(0))); // fails on purpose
    std::string out = "{";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : " ") + parts[i];
    return out + (parts.empty() ? "}" : " }");
  }
};

} // namespace

std::string generate_program(const ProgramChooser& next) {
  Gen g(next);
  return g.program();
}

} // namespace cairn::testgen
