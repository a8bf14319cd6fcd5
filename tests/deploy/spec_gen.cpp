// Random specs for the edge property; see spec_gen.h. Expressions are typed (strings,
// booleans, numbers, arrays of strings, records of strings with fields k1 and k2) so every
// generated spec evaluates whatever strings its outputs hold. The generator recurses on its
// own depth budget (a few levels), never on input.
#include "tests/deploy/spec_gen.h"

#include <fmt/core.h>

namespace cairn::testgen {

namespace {

struct Local {
  std::string name;
  bool function; // `fun p => ...` taking a string, else a string
  uint32_t level; // reads resources below this index only
};

class Gen {
public:
  explicit Gen(const Chooser& next) : next_(next) {}

  GeneratedSpec run() {
    uint32_t n = 2 + pick(6);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t group = pick(4);
      std::string addr = group == 0 ? fmt::format("g{}.r{}", pick(2), i)
                         : group == 1 ? fmt::format("g{}.inner.r{}", pick(2), i)
                                      : fmt::format("r{}", i);
      spec_.addresses.push_back(addr);
    }
    std::string locals;
    uint32_t nlocals = pick(4);
    for (uint32_t j = 0; j < nlocals; ++j) {
      Local l{fmt::format("l{}", j), pick(2) == 0, pick(n)};
      readable_ = l.level;
      std::string body;
      if (l.function) {
        std::string p = fresh();
        vars_.push_back(p);
        body = fmt::format("fun {} => {}", p, str(3));
        vars_.pop_back();
      } else {
        body = str(3);
      }
      locals += fmt::format("    {} = {},\n", l.name, body);
      locals_.push_back(l);
    }
    std::string resources;
    for (uint32_t i = 0; i < n; ++i) {
      readable_ = i;
      std::string inputs = fmt::format("t = {}", str(4));
      if (pick(2)) inputs += fmt::format(", u = {}", arr(3));
      if (pick(3) == 0) inputs += fmt::format(", w = {}", rec(3, false));
      std::string meta;
      if (i > 0 && pick(5) == 0)
        meta = fmt::format(", depends_on = [\"{}\"]", spec_.addresses[pick(i)]);
      resources += fmt::format("  resources.{} | Null.Resource = {{ triggers = {{ {} }}{} }},\n",
                               spec_.addresses[i], inputs, meta);
    }
    readable_ = n;
    std::string outputs = fmt::format("  outputs = {{ o = {}, p = {} }},\n", str(3), str(2));
    spec_.text = "let Null = import \"cairn/null.conf\" in\n{\n";
    if (!locals.empty()) spec_.text += "  locals = {\n" + locals + "  },\n";
    spec_.text += resources + outputs + "}\n";
    return spec_;
  }

private:
  uint32_t pick(uint32_t n) { return n <= 1 ? 0 : next_(n) % n; }
  std::string fresh() { return fmt::format("v{}", counter_++); }
  std::string word() {
    static const char* words[] = {"a", "b", "ab", "", "x"};
    return fmt::format("\"{}\"", words[pick(5)]);
  }
  std::string read() {
    uint32_t j = pick(readable_);
    if (pick(4) == 0) return fmt::format("resources.{}.triggers.t", spec_.addresses[j]);
    return fmt::format("resources.{}.outputs.id", spec_.addresses[j]);
  }
  // A local usable here (its reads are all below `readable_`), of the wanted kind.
  const Local* local(bool function) {
    std::vector<const Local*> ok;
    for (const Local& l : locals_)
      if (l.function == function && l.level <= readable_) ok.push_back(&l);
    return ok.empty() ? nullptr : ok[pick(static_cast<uint32_t>(ok.size()))];
  }
  // `body` with a fresh string variable in scope: fun v => body.
  template <typename F> std::string lambda(F body) {
    std::string v = fresh();
    vars_.push_back(v);
    std::string b = body();
    vars_.pop_back();
    return fmt::format("fun {} => {}", v, b);
  }

  std::string str(int d) {
    if (d <= 0 || pick(5) == 0) {
      uint32_t k = pick(3);
      if (k == 0 && readable_ > 0) return read();
      if (k == 1 && !vars_.empty()) return vars_[pick(static_cast<uint32_t>(vars_.size()))];
      return word();
    }
    switch (pick(26)) {
    case 0: return word();
    case 1:
    case 2: return readable_ > 0 ? read() : word();
    case 3: return fmt::format("\"%{{{}}}-%{{{}}}\"", str(d - 1), str(d - 1));
    case 4: return fmt::format("({} ++ {})", str(d - 1), str(d - 1));
    case 5: return fmt::format("(std.string.join \",\" {})", arr(d - 1));
    case 6: return fmt::format("(std.serialize 'Json {})", rec(d - 1, false));
    case 7: return fmt::format("(if {} then {} else {})", boolean(d - 1), str(d - 1), str(d - 1));
    case 8:
      return fmt::format("({} |> match {{ \"a\" => {}, \"b\" => {}, _ => {} }})", str(d - 1), str(d - 1),
                         str(d - 1), str(d - 1));
    case 9: return fmt::format("(std.string.uppercase {})", str(d - 1));
    case 10: {
      std::string value = str(d - 1);
      std::string v = fresh();
      vars_.push_back(v);
      std::string body = str(d - 1);
      vars_.pop_back();
      return fmt::format("(let {} = {} in {})", v, value, body);
    }
    case 11: return fmt::format("(({}) {})", lambda([&] { return str(d - 1); }), str(d - 1));
    case 12: {
      std::string acc = fresh();
      vars_.push_back(acc);
      std::string f = lambda([&] { return fmt::format("{} ++ {}", acc, str(d - 1)); });
      vars_.pop_back();
      return fmt::format("(std.array.fold_left (fun {} => {}) \"\" {})", acc, f, arr(d - 1));
    }
    case 13: return fmt::format("({}).k{}", rec(d - 1, true), 1 + pick(2));
    case 14:
      return fmt::format("({}).\"%{{if {} then \"k1\" else \"k2\"}}\"", rec(d - 1, true), boolean(d - 1));
    case 15: return fmt::format("(std.array.at 0 ([{}] @ {}))", str(d - 1), arr(d - 1));
    case 16:
      if (const Local* l = local(false)) return "locals." + l->name;
      return word();
    case 17:
      if (const Local* l = local(true)) return fmt::format("(locals.{} {})", l->name, str(d - 1));
      return word();
    case 18: return fmt::format("(std.to_string {})", number(d - 1));
    case 19: return fmt::format("(std.string.replace \"a\" {} {})", str(d - 1), str(d - 1));
    case 20:
      return fmt::format("({} | std.contract.from_predicate (fun v => std.is_string v && (v == {} || true)))",
                         str(d - 1), str(d - 1));
    case 21: return fmt::format("(std.record.map (fun k v => v ++ {}) {}).k1", str(d - 1), rec(d - 1, true));
    case 22: return fmt::format("(let {{ k1, k2, .. }} = {} in k1 ++ k2)", rec(d - 1, true));
    case 23: return fmt::format("(std.string.trim {})", str(d - 1));
    case 24:
      return fmt::format("(match {{ 'Yes => {}, 'No => {} }} (if {} then 'Yes else 'No))", str(d - 1), str(d - 1),
                         boolean(d - 1));
    default: return fmt::format("(std.record.get {} {})", fmt::format("\"k{}\"", 1 + pick(2)), rec(d - 1, true));
    }
  }

  std::string boolean(int d) {
    if (d <= 0) return fmt::format("({} == {})", str(0), str(0));
    switch (pick(10)) {
    case 0: return fmt::format("({} == {})", str(d - 1), str(d - 1));
    case 1: return fmt::format("({} != {})", str(d - 1), str(d - 1));
    case 2: return fmt::format("(std.string.length {} > {})", str(d - 1), number(d - 1));
    case 3: return fmt::format("(std.array.any ({}) {})", lambda([&] { return boolean(d - 1); }), arr(d - 1));
    case 4: return fmt::format("(std.string.is_match \"^a\" {})", str(d - 1));
    case 5: return fmt::format("({} && {})", boolean(d - 1), boolean(d - 1));
    case 6: return fmt::format("({} || {})", boolean(d - 1), boolean(d - 1));
    case 7: return fmt::format("(!{})", boolean(d - 1));
    case 8: return fmt::format("(std.array.elem {} {})", str(d - 1), arr(d - 1));
    default: return fmt::format("({} == {})", arr(d - 1), arr(d - 1));
    }
  }

  std::string number(int d) {
    if (d <= 0) return std::to_string(pick(3));
    switch (pick(4)) {
    case 0: return fmt::format("(std.string.length {})", str(d - 1));
    case 1: return fmt::format("(std.array.length {})", arr(d - 1));
    case 2: return fmt::format("({} + {})", number(d - 1), number(d - 1));
    default: return std::to_string(pick(3));
    }
  }

  std::string arr(int d) {
    if (d <= 0) return fmt::format("[{}]", str(0));
    switch (pick(11)) {
    case 0: return fmt::format("[{}, {}]", str(d - 1), str(d - 1));
    case 1: return fmt::format("(std.array.map ({}) {})", lambda([&] { return str(d - 1); }), arr(d - 1));
    case 2: return fmt::format("(std.array.filter ({}) {})", lambda([&] { return boolean(d - 1); }), arr(d - 1));
    case 3: return fmt::format("(std.array.sort (fun x y => std.string.compare x y) {})", arr(d - 1));
    case 4: return fmt::format("({} @ {})", arr(d - 1), arr(d - 1));
    case 5: return fmt::format("(std.record.values {})", rec(d - 1, false));
    case 6: return fmt::format("(std.string.split \",\" {})", str(d - 1));
    case 7: return fmt::format("(std.array.flatten [{}, {}])", arr(d - 1), arr(d - 1));
    case 8:
      if (readable_ > 0)
        return fmt::format("(std.array.map (fun r => r.outputs.id) [resources.{}, resources.{}])",
                           spec_.addresses[pick(readable_)], spec_.addresses[pick(readable_)]);
      return fmt::format("[{}]", str(d - 1));
    case 9: return fmt::format("(std.array.generate (fun i => {}) 2)", str(d - 1));
    default: return fmt::format("(if {} then {} else {})", boolean(d - 1), arr(d - 1), arr(d - 1));
    }
  }

  // A record of strings; with `keys`, it has the fields k1 and k2.
  std::string rec(int d, bool keys) {
    if (d <= 0) return fmt::format("{{ k1 = {}, k2 = {} }}", str(0), str(0));
    switch (pick(7)) {
    case 0: return fmt::format("{{ k1 = {}, k2 = {} }}", str(d - 1), str(d - 1));
    case 1: return fmt::format("({} & {{ m{} = {} }})", rec(d - 1, keys), counter_++, str(d - 1));
    case 2: return fmt::format("(std.record.map (fun k v => {}) {})", "v ++ " + str(d - 1), rec(d - 1, keys));
    case 3:
      if (!keys)
        return fmt::format("(std.record.filter (fun k v => {}) {})", boolean(d - 1), rec(d - 1, false));
      return fmt::format("{{ k1 = {}, k2 = {} }}", str(d - 1), str(d - 1));
    case 4:
      return fmt::format("(std.record.from_array [{{ field = \"k1\", value = {} }}, {{ field = \"k2\", value = {} }}])",
                         str(d - 1), str(d - 1));
    case 5: return fmt::format("{{ k1 = {}, k2 = {}, \"%{{{}}}-d\" = {} }}", str(d - 1), str(d - 1), str(d - 1), str(d - 1));
    default: return fmt::format("(if {} then {} else {})", boolean(d - 1), rec(d - 1, keys), rec(d - 1, keys));
    }
  }

  const Chooser& next_;
  GeneratedSpec spec_;
  std::vector<Local> locals_;
  std::vector<std::string> vars_;
  uint32_t readable_ = 0;
  uint32_t counter_ = 0;
};

} // namespace

GeneratedSpec generate_spec(const Chooser& next) { return Gen(next).run(); }

} // namespace cairn::testgen
