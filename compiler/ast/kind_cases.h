// Case labels for all the node kinds of one category (node_kind.def), for a switch over
// NodeKind that treats a whole category alike. Such switches have no `default:`, so -Wswitch
// reports a kind they do not handle; a group names every kind of its category:
//
//   switch (file.kind(n)) {
//   CAIRN_AST_EXPR_CASES return expression(n);
//   CAIRN_AST_PAT_CASES return pattern(n);
//   CAIRN_AST_PART_CASES return;  // parts are reached through their parents
//   }
//
// A switch that handles a few kinds of a category itself lists the rest of that category,
// naming the groups inside it that it treats alike (literals, operations, value forms, type
// forms, annotations) rather than their kinds:
//
//   case NodeKind::Paren: ...
//   case NodeKind::Record: ...
//   case NodeKind::Error:
//   ...
//   CAIRN_AST_LITERAL_CASES
//   CAIRN_AST_TYPE_FORM_CASES
//   CAIRN_AST_PAT_CASES
//   CAIRN_AST_PART_CASES return NodeId();
//
// Each kind is written once here: a category is its groups and the kinds in none of them,
// each list in node_kind.def's order. A kind added to the .def and not here is a -Wswitch
// error wherever its category is used; a kind here that is also a case beside it is a
// duplicate case error.
#pragma once

#include "compiler/ast/ast.h"

// Named groups inside the expression category, for the switches that treat most expressions
// alike but a few apart. The literals and operations are value forms; otherwise no kind is
// in two groups.
//
// The literal forms: null, booleans, numbers, strings (interpolated ones too), enum tags and
// enum variants.
#define CAIRN_AST_LITERAL_CASES \
  case ::cairn::ast::NodeKind::Null: \
  case ::cairn::ast::NodeKind::Bool: \
  case ::cairn::ast::NodeKind::Num: \
  case ::cairn::ast::NodeKind::Str: \
  case ::cairn::ast::NodeKind::SymStr: \
  case ::cairn::ast::NodeKind::EnumTag: \
  case ::cairn::ast::NodeKind::EnumVariant:

// The forms computed from operands: conditionals, matches, applications, the unary
// operators and operator sections. Binary operators are apart (`->` is one, and a type),
// as is field selection (followed by the features that read records).
#define CAIRN_AST_OPERATION_CASES \
  case ::cairn::ast::NodeKind::If: \
  case ::cairn::ast::NodeKind::Match: \
  case ::cairn::ast::NodeKind::App: \
  case ::cairn::ast::NodeKind::Neg: \
  case ::cairn::ast::NodeKind::Not: \
  case ::cairn::ast::NodeKind::OpSection:

// The forms that only write values, never a type (in type position each is an opaque
// contract): the literals and operations above, arrays, `let`, functions, field selections,
// annotations and imports.
#define CAIRN_AST_VALUE_FORM_CASES \
  case ::cairn::ast::NodeKind::Array: \
  case ::cairn::ast::NodeKind::Let: \
  case ::cairn::ast::NodeKind::Fun: \
  case ::cairn::ast::NodeKind::Select: \
  case ::cairn::ast::NodeKind::Annot: \
  case ::cairn::ast::NodeKind::Import: \
  CAIRN_AST_LITERAL_CASES \
  CAIRN_AST_OPERATION_CASES

// The forms that only write types: `forall`, `Number`.., `Array T`, `{_ : T}`, `[| .. |]`, `_`.
#define CAIRN_AST_TYPE_FORM_CASES \
  case ::cairn::ast::NodeKind::Forall: \
  case ::cairn::ast::NodeKind::TypeBuiltin: \
  case ::cairn::ast::NodeKind::TypeArray: \
  case ::cairn::ast::NodeKind::TypeDict: \
  case ::cairn::ast::NodeKind::TypeEnum: \
  case ::cairn::ast::NodeKind::Wildcard:

// Every expression kind: the value forms, the type forms, the forms that write either
// (variables, records, binary operators for `->`, parentheses) and errors.
#define CAIRN_AST_EXPR_CASES \
  case ::cairn::ast::NodeKind::Error: \
  case ::cairn::ast::NodeKind::Var: \
  case ::cairn::ast::NodeKind::Record: \
  case ::cairn::ast::NodeKind::BinOp: \
  case ::cairn::ast::NodeKind::Paren: \
  CAIRN_AST_VALUE_FORM_CASES \
  CAIRN_AST_TYPE_FORM_CASES

#define CAIRN_AST_PAT_CASES \
  case ::cairn::ast::NodeKind::PatAny: \
  case ::cairn::ast::NodeKind::PatWildcard: \
  case ::cairn::ast::NodeKind::PatConst: \
  case ::cairn::ast::NodeKind::PatEnum: \
  case ::cairn::ast::NodeKind::PatRecord: \
  case ::cairn::ast::NodeKind::PatField: \
  case ::cairn::ast::NodeKind::PatArray: \
  case ::cairn::ast::NodeKind::PatOr: \
  case ::cairn::ast::NodeKind::PatAlias:

// The annotation atoms of a Meta: `: T`, `| C`, `| doc`, `| default`, `| force`,
// `| priority`, `| optional`, `| not_exported`.
#define CAIRN_AST_ANNOT_CASES \
  case ::cairn::ast::NodeKind::TypeAnnot: \
  case ::cairn::ast::NodeKind::ContractAnnot: \
  case ::cairn::ast::NodeKind::DocAnnot: \
  case ::cairn::ast::NodeKind::DefaultAnnot: \
  case ::cairn::ast::NodeKind::ForceAnnot: \
  case ::cairn::ast::NodeKind::PriorityAnnot: \
  case ::cairn::ast::NodeKind::OptionalAnnot: \
  case ::cairn::ast::NodeKind::NotExportedAnnot:

// Every part kind: the annotation atoms and the other pieces.
#define CAIRN_AST_PART_CASES \
  case ::cairn::ast::NodeKind::Name: \
  case ::cairn::ast::NodeKind::StrText: \
  case ::cairn::ast::NodeKind::StrInterp: \
  case ::cairn::ast::NodeKind::Field: \
  case ::cairn::ast::NodeKind::FieldPath: \
  case ::cairn::ast::NodeKind::Include: \
  case ::cairn::ast::NodeKind::RecordTail: \
  case ::cairn::ast::NodeKind::LetBinding: \
  case ::cairn::ast::NodeKind::MatchArm: \
  case ::cairn::ast::NodeKind::EnumRow: \
  case ::cairn::ast::NodeKind::Meta: \
  CAIRN_AST_ANNOT_CASES
