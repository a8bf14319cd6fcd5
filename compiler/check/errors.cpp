// Type errors: turning a unification failure into a diagnostic; see checker.h.
//
// A mismatch names the expected and the found type of the expression at the caret. When
// the failure is deeper than the outer types (an array element, a record field), a note
// names the precise clash. A secondary label says where the expectation came from: the
// type annotation that wrote it (types remember their source), or the construct that
// imposes it (a condition, an operator, a function's parameter, another branch).
#include "compiler/check/checker.h"

#include <fmt/core.h>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

namespace {

// The labels of a record or enum type's row, for "did you mean".
std::vector<std::string> row_labels(TypeStore& types, TypeId t) {
  std::vector<std::string> out;
  t = types.resolve(t);
  if (types.kind(t) != TypeKind::Record && types.kind(t) != TypeKind::Enum) return out;
  for (TypeId row = types.resolve(TypeId(types.node(t).a));
       types.kind(row) == TypeKind::RowExtend || types.kind(row) == TypeKind::EnumExtend;
       row = types.resolve(TypeId(types.node(row).c)))
    out.emplace_back(types.names().text(base::NameId(types.node(row).a)));
  return out;
}

} // namespace

void Checker::report(const Failure& failure, NodeId node, TypeId expected, TypeId found,
                     uint32_t origin_id) {
  if (failure.kind == Failure::None || !type_error_allowed()) return;
  TypePrinter p(types_);
  std::string e = p.print(expected);
  std::string fnd = p.print(found);
  TypeId inner_e = types_.resolve(failure.expected.valid() ? failure.expected : expected);
  TypeId inner_f = types_.resolve(failure.found.valid() ? failure.found : found);
  base::Loc at = loc(node);

  auto explain_origin = [&](diag::Builder& b) {
    TypeId re = types_.resolve(expected);
    const base::Loc* type_loc = types_.origin(re);
    const Origin& o = origins_[origin_id];
    switch (o.kind) {
    case OriginKind::None:
    case OriginKind::Annotation:
    case OriginKind::Field:
      if (type_loc)
        b.label(*type_loc, fmt::format("expected `{}` because of this type", e));
      else if (o.kind != OriginKind::None)
        b.label(loc(o.node), "expected because of this annotation");
      break;
    case OriginKind::Condition: b.note("the condition of an `if` must be a `Bool`"); break;
    case OriginKind::Branch:
      b.label(loc(o.node), fmt::format("the other branch has type `{}`", e));
      break;
    case OriginKind::Operator: {
      std::string op =
          file_.kind(o.node) == NodeKind::BinOp
              ? std::string(ast::binop_spelling(static_cast<ast::BinOpKind>(file_.payload(o.node))))
              : std::string(file_.kind(o.node) == NodeKind::Neg ? "-" : "!");
      b.note(fmt::format("`{}` expects operands of type `{}`", op, e));
      break;
    }
    case OriginKind::Argument:
      if (type_loc)
        b.label(*type_loc, fmt::format("the parameter has type `{}` here", e));
      else
        b.label(loc(o.node),
                fmt::format("this function expects an argument of type `{}`", p.print(o.type)));
      break;
    case OriginKind::Element:
      b.label(loc(o.node), fmt::format("the first element has type `{}`", e));
      break;
    case OriginKind::Guard: b.note("a match guard must be a `Bool`"); break;
    case OriginKind::Interpolation:
      b.note("in typed code, interpolated values must be strings")
          .help("convert the value with `std.to_string`");
      break;
    case OriginKind::ArmBody:
      b.label(loc(o.node), fmt::format("the first arm has type `{}`", e));
      break;
    case OriginKind::Pattern: break;
    }
  };
  auto mismatch_notes = [&](diag::Builder& b) {
    std::string ie = p.print(inner_e), inf = p.print(inner_f);
    if (ie != e || inf != fnd) b.note(fmt::format("`{}` and `{}` are not compatible", ie, inf));
    for (TypeId side : {inner_e, inner_f}) {
      if (types_.kind(side) == TypeKind::Rigid) {
        std::string v(names_.text(types_.rigid(types_.node(side).a).name));
        TypeId other = side == inner_e ? inner_f : inner_e;
        b.note(fmt::format(
            "`{}` is a type variable of a `forall`: the code must work for any type `{}`, so it "
            "cannot assume `{}`",
            v, v, p.print(other)));
        break;
      }
    }
    if (types_.kind(inner_e) == TypeKind::Contract && types_.kind(inner_f) == TypeKind::Contract &&
        ie == inf)
      b.note(fmt::format("the two `{}` are different definitions with the same name", ie));
    else if (types_.kind(inner_e) == TypeKind::Contract ||
             types_.kind(inner_f) == TypeKind::Contract)
      b.note("a contract used as a type is opaque: only a value annotated with `| C` has type `C`");
    NodeKind nk = file_.kind(node);
    bool from_elsewhere = nk == NodeKind::Var || nk == NodeKind::Select || nk == NodeKind::Import;
    if (from_elsewhere && types_.kind(inner_f) == TypeKind::Dyn &&
        types_.kind(inner_e) != TypeKind::Dyn)
      b.help(fmt::format(
          "the value comes from untyped code: give its definition a type annotation, or add a "
          "contract such as `| {}`",
          e));
  };

  if (origins_[origin_id].kind == OriginKind::Pattern && report_pattern(failure, at, e, fnd))
    return;
  switch (failure.kind) {
  case Failure::None: return;
  case Failure::Mismatch: {
    auto b = diags_.error(diag::DiagKind::TypeMismatch, at,
                          fmt::format("type mismatch: expected `{}`, found `{}`", e, fnd));
    b.primary(fmt::format("this has type `{}`", fnd));
    mismatch_notes(b);
    explain_origin(b);
    return;
  }
  case Failure::MissingRow:
  case Failure::ExtraRow: {
    bool missing = failure.kind == Failure::MissingRow;
    std::string l = (failure.enum_row ? "'" : "") + TypePrinter::label(names_.text(failure.label));
    const char* what = failure.enum_row ? "enum tag" : "field";
    std::string row_e = p.print(failure.expected), row_f = p.print(failure.found);
    auto b = diags_.error(missing ? diag::DiagKind::MissingField : diag::DiagKind::ExtraField, at,
                          missing ? fmt::format("missing {} `{}`", what, l)
                                  : fmt::format("unexpected {} `{}`", what, l));
    b.primary(fmt::format("this has type `{}`", fnd));
    if (missing)
      b.note(fmt::format("expected `{}`, which has the {} `{}`", row_e, what, l));
    else
      b.note(fmt::format("expected `{}`, which has no {} `{}`", row_e, what, l));
    if (row_f != fnd) b.note(fmt::format("found `{}`", row_f));
    std::string guess = closest_name(
        names_.text(failure.label), row_labels(types_, missing ? failure.found : failure.expected));
    std::string q = failure.enum_row ? "'" : "";
    if (!guess.empty() && missing)
      b.help(fmt::format("the found type has `{}{}`: is it a misspelling of `{}`?", q, guess, l));
    else if (!guess.empty())
      b.help(fmt::format("did you mean `{}{}`?", q, guess));
    explain_origin(b);
    return;
  }
  case Failure::RowConflict: {
    std::string l = (failure.enum_row ? "'" : "") + TypePrinter::label(names_.text(failure.label));
    auto b = diags_.error(diag::DiagKind::RowConflict, at,
                          fmt::format("{} `{}` would appear twice in a {} type",
                                      failure.enum_row ? "tag" : "field", l,
                                      failure.enum_row ? "enum" : "record"));
    b.primary(fmt::format("this has type `{}`", fnd));
    b.note(fmt::format("expected `{}`, whose polymorphic tail already excludes `{}`", e, l));
    explain_origin(b);
    return;
  }
  case Failure::Escapes: {
    std::string v(names_.text(types_.rigid(types_.node(failure.rigid).a).name));
    auto b = diags_.error(diag::DiagKind::EscapingTypeVariable, at,
                          fmt::format("type variable `{}` escapes its scope", v));
    b.primary(fmt::format("this has type `{}`", fnd));
    b.note(fmt::format("`{}` was fixed outside the `forall {}`, so it cannot depend on `{}`",
                       p.print(failure.expected), v, v));
    b.help("give the definition a polymorphic type annotation");
    explain_origin(b);
    return;
  }
  case Failure::Occurs: {
    auto b = diags_.error(diag::DiagKind::InfiniteType, at,
                          fmt::format("infinite type: `{}` would have to contain itself in `{}`",
                                      p.print(failure.expected), p.print(failure.found)));
    b.primary(fmt::format("this has type `{}`", fnd));
    b.note(fmt::format("expected `{}`", e));
    explain_origin(b);
    return;
  }
  case Failure::MissingDynTail:
  case Failure::ExtraDynTail: {
    auto b = diags_.error(diag::DiagKind::DynTailMismatch, at,
                          fmt::format("type mismatch: expected `{}`, found `{}`", e, fnd));
    b.primary(fmt::format("this has type `{}`", fnd));
    b.note(failure.kind == Failure::MissingDynTail
               ? "the expected record type ends in `; Dyn` (it may have more fields); the found "
                 "one is closed"
               : "the found record type ends in `; Dyn` (it may have more fields); the expected "
                 "one is closed");
    explain_origin(b);
    return;
  }
  }
}

// A pattern against the type of the value it matches: `expected` is what the pattern
// accepts, `found` the value's type.
bool Checker::report_pattern(const Failure& failure, base::Loc at, const std::string& e,
                             const std::string& fnd) {
  switch (failure.kind) {
  case Failure::Mismatch:
    diags_
        .error(
            diag::DiagKind::TypeMismatch, at,
            fmt::format("pattern type mismatch: the pattern matches `{}`, the value has type `{}`",
                        e, fnd))
        .primary("this pattern");
    return true;
  case Failure::MissingRow: {
    std::string l = (failure.enum_row ? "'" : "") + TypePrinter::label(names_.text(failure.label));
    diags_
        .error(diag::DiagKind::MissingField, at,
               fmt::format("the matched value has no {} `{}`",
                           failure.enum_row ? "enum tag" : "field", l))
        .primary("this pattern expects it")
        .note(fmt::format("the value has type `{}`", fnd));
    return true;
  }
  case Failure::ExtraRow: {
    std::string l = (failure.enum_row ? "'" : "") + TypePrinter::label(names_.text(failure.label));
    auto b =
        diags_.error(diag::DiagKind::ExtraField, at,
                     fmt::format("the matched value has {} `{}` that this pattern does not accept",
                                 failure.enum_row ? "an enum tag" : "a field", l));
    b.primary("this pattern").note(fmt::format("the value has type `{}`", fnd));
    if (!failure.enum_row) b.help("add `..` to the pattern to accept other fields");
    return true;
  }
  default: return false;
  }
}

std::string Checker::operator_note(NodeId op) const {
  if (file_.kind(op) == NodeKind::Neg) return "`-` expects a `Number`";
  if (file_.kind(op) == NodeKind::Not) return "`!` expects a `Bool`";
  auto k = static_cast<ast::BinOpKind>(file_.payload(op));
  std::string s(ast::binop_spelling(k));
  switch (k) {
  case ast::BinOpKind::Add:
  case ast::BinOpKind::Sub:
  case ast::BinOpKind::Mul:
  case ast::BinOpKind::Div:
  case ast::BinOpKind::Mod:
  case ast::BinOpKind::Lt:
  case ast::BinOpKind::Le:
  case ast::BinOpKind::Gt:
  case ast::BinOpKind::Ge: return fmt::format("`{}` expects operands of type `Number`", s);
  case ast::BinOpKind::Concat: return "`++` expects operands of type `String`";
  case ast::BinOpKind::And:
  case ast::BinOpKind::Or: return fmt::format("`{}` expects operands of type `Bool`", s);
  case ast::BinOpKind::ArrayConcat: return "`@` expects two arrays with the same element type";
  case ast::BinOpKind::Eq:
  case ast::BinOpKind::Ne:
  case ast::BinOpKind::Merge:
  case ast::BinOpKind::Pipe:
  case ast::BinOpKind::Arrow: break;
  }
  return fmt::format("the operands of `{}` do not fit", s);
}

void Checker::unbound_variable(NodeId var) {
  std::string name(file_.name_text(var));
  auto b = diags_.error(diag::DiagKind::UnboundVariable, loc(var),
                        fmt::format("unbound identifier `{}`", name));
  b.primary("not defined here");
  std::string guess = did_you_mean(name, false);
  if (!guess.empty()) b.help(fmt::format("did you mean `{}`?", guess));
}

} // namespace cairn::check
