// Unit tests for the type checker's building blocks: printing types, unification and
// subsumption (rows, constraints, occurs check, escaping variables), and the results the
// checker hands to later phases (types by node, contract sites).
#include "compiler/check/check.h"
#include "compiler/check/type_walk.h"
#include "compiler/check/types.h"
#include "compiler/check/unify.h"
#include "compiler/parse/parse.h"

#include <catch2/catch.hpp>

using namespace cairn;
using check::Failure;
using check::RelateMode;
using check::TypeId;
using check::TypeStore;
using check::VarKind;

namespace {

struct Fixture {
  base::Names names;
  TypeStore types{&names};
  check::Unifier unifier{types};

  base::NameId n(const char* s) { return names.intern(s); }
  // { l1 : t1, ...; tail }
  TypeId record(std::initializer_list<std::pair<const char*, TypeId>> fields,
                TypeId tail = TypeStore::kRowEmpty) {
    std::vector<std::pair<const char*, TypeId>> v(fields);
    TypeId row = tail;
    for (size_t i = v.size(); i-- > 0;) row = types.row_extend(n(v[i].first), v[i].second, row);
    return types.record(row);
  }
  std::string print(TypeId t) {
    check::TypePrinter p(types);
    return p.print(t);
  }
};

} // namespace

TEST_CASE("types print as they are written", "[check]") {
  Fixture f;
  TypeId num = TypeStore::kNumber, str = TypeStore::kString;
  CHECK(f.print(f.types.arrow(f.types.arrow(num, str), f.types.array(f.types.array(num)))) ==
        "(Number -> String) -> Array (Array Number)");
  CHECK(f.print(f.record({{"a", num}, {"b c", str}})) == "{ a : Number, \"b c\" : String }");
  CHECK(f.print(f.record({})) == "{}");
  CHECK(f.print(f.types.dict(num)) == "{ _ : Number }");
  TypeId tail = f.types.fresh_unif(VarKind::EnumRow, 0);
  CHECK(f.print(f.types.enum_type(f.types.enum_extend(
            f.n("Some"), num, f.types.enum_extend(f.n("None"), TypeId(), tail)))) ==
        "[| 'Some Number, 'None; _a |]");
  uint32_t a = f.types.new_binder(f.n("a"), VarKind::Type);
  CHECK(f.print(f.types.forall(a, f.types.arrow(f.types.var(a), f.types.var(a)))) ==
        "forall a. a -> a");
}

TEST_CASE("records unify whatever the order of their fields", "[check]") {
  Fixture f;
  TypeId a = f.record({{"x", TypeStore::kNumber}, {"y", TypeStore::kString}});
  TypeId b = f.record({{"y", TypeStore::kString}, {"x", TypeStore::kNumber}});
  CHECK(!f.unifier.unify(a, b, 0));
}

TEST_CASE("missing and extra fields are named", "[check]") {
  Fixture f;
  TypeId want = f.record({{"x", TypeStore::kNumber}});
  TypeId got = f.record({{"x", TypeStore::kNumber}, {"y", TypeStore::kBool}});
  Failure extra = f.unifier.unify(want, got, 0);
  CHECK(extra.kind == Failure::ExtraRow);
  CHECK(f.names.text(extra.label) == "y");
  Failure missing = f.unifier.unify(got, want, 0);
  CHECK(missing.kind == Failure::MissingRow);
  CHECK(f.names.text(missing.label) == "y");
}

TEST_CASE("an open row grows by the fields the other side has", "[check]") {
  Fixture f;
  TypeId rho = f.types.fresh_unif(VarKind::RecordRow, 0);
  TypeId open = f.record({{"x", TypeStore::kNumber}}, rho);
  TypeId closed = f.record({{"x", TypeStore::kNumber}, {"y", TypeStore::kBool}});
  REQUIRE(!f.unifier.unify(open, closed, 0));
  CHECK(f.print(open) == "{ x : Number, y : Bool }");
}

TEST_CASE("row constraints forbid a second field of the same name", "[check]") {
  Fixture f;
  TypeId rho = f.types.fresh_unif(VarKind::RecordRow, 0);
  TypeId open = f.record({{"x", TypeStore::kNumber}}, rho);
  check::constrain_rows(f.types, open);
  TypeId row = TypeId(f.types.node(f.record({{"x", TypeStore::kString}})).a);
  Failure fail = f.unifier.unify(rho, row, 0);
  CHECK(fail.kind == Failure::RowConflict);
}

TEST_CASE("the occurs check stops infinite types", "[check]") {
  Fixture f;
  TypeId a = f.types.fresh_unif(VarKind::Type, 0);
  CHECK(f.unifier.unify(a, f.types.array(a), 0).kind == Failure::Occurs);
}

TEST_CASE("a variable may not capture a younger rigid variable", "[check]") {
  Fixture f;
  TypeId old_var = f.types.fresh_unif(VarKind::Type, 0);
  TypeId rigid = f.types.fresh_rigid(f.n("a"), VarKind::Type, 1);
  CHECK(f.unifier.unify(old_var, rigid, 1).kind == Failure::Escapes);
  TypeId young_var = f.types.fresh_unif(VarKind::Type, 1);
  CHECK(!f.unifier.unify(young_var, rigid, 1));
}

TEST_CASE("subsumption: records to dictionaries, anything to Dyn, forall instantiated", "[check]") {
  Fixture f;
  TypeId rec = f.record({{"a", TypeStore::kNumber}, {"b", TypeStore::kNumber}});
  CHECK(!f.unifier.relate(f.types.dict(TypeStore::kNumber), rec, RelateMode::Subsume, 0));
  CHECK(f.unifier.relate(f.types.dict(TypeStore::kNumber), rec, RelateMode::Unify, 0));
  CHECK(!f.unifier.relate(TypeStore::kDyn, TypeStore::kNumber, RelateMode::Subsume, 0));
  CHECK(f.unifier.relate(TypeStore::kDyn, TypeStore::kNumber, RelateMode::Unify, 0));
  CHECK(f.unifier.relate(TypeStore::kNumber, TypeStore::kDyn, RelateMode::Subsume, 0));
  uint32_t a = f.types.new_binder(f.n("a"), VarKind::Type);
  TypeId id = f.types.forall(a, f.types.arrow(f.types.var(a), f.types.var(a)));
  CHECK(!f.unifier.relate(f.types.arrow(TypeStore::kNumber, TypeStore::kNumber), id,
                          RelateMode::Subsume, 0));
}

TEST_CASE("the checker records types by node and contract sites", "[check]") {
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  auto file = sources.add(
      "t.conf", "let f : Number -> Number = fun x => x + 1 in { a = 1, b : Number = a + f 1 }");
  ast::File tree = parse::parse(sources, file, names, diags);
  REQUIRE(!diags.has_errors());
  check::Result result = check::check(sources, tree, check::Options{}, diags);
  CHECK(result.ok());
  CHECK(sink.diagnostics.empty());
  int typed_blocks = 0, untyped_values = 0;
  for (const check::ContractSite& site : result.contracts) {
    if (site.kind == check::ContractSite::Kind::TypedBlock)
      ++typed_blocks;
    else
      ++untyped_values;
  }
  CHECK(typed_blocks == 2);   // `f : Number -> Number` and `b : Number`
  CHECK(untyped_values == 1); // `a` used inside `b`'s typed block
  // The parameter `x` was inferred as a Number.
  bool found_x = false;
  for (uint32_t i = 0; i < tree.node_count(); ++i) {
    ast::NodeId id(i);
    if (tree.kind(id) == ast::NodeKind::PatAny && tree.name_text(id) == "x") {
      CHECK(result.type_text(id) == "Number");
      found_x = true;
    }
  }
  CHECK(found_x);
}

TEST_CASE("the checker reports type errors with their code", "[check]") {
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  auto file = sources.add("t.conf", "(1 + \"2\" : Number)");
  ast::File tree = parse::parse(sources, file, names, diags);
  check::Result result = check::check(sources, tree, check::Options{}, diags);
  CHECK(!result.ok());
  REQUIRE(sink.diagnostics.size() == 1);
  CHECK(diag::kind_code(sink.diagnostics[0].kind) == "E0301");
}
