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
// A switch that handles a few kinds of a category itself lists the rest of that category.
//
// The lists follow node_kind.def's order. A kind added to the .def and not here is a -Wswitch
// error wherever the group is used; a kind here that is also a case beside it is a
// duplicate case error.
#pragma once

#include "compiler/ast/ast.h"

#define CAIRN_AST_EXPR_CASES \
  case ::cairn::ast::NodeKind::Error: \
  case ::cairn::ast::NodeKind::Null: \
  case ::cairn::ast::NodeKind::Bool: \
  case ::cairn::ast::NodeKind::Num: \
  case ::cairn::ast::NodeKind::Str: \
  case ::cairn::ast::NodeKind::SymStr: \
  case ::cairn::ast::NodeKind::Var: \
  case ::cairn::ast::NodeKind::EnumTag: \
  case ::cairn::ast::NodeKind::EnumVariant: \
  case ::cairn::ast::NodeKind::Record: \
  case ::cairn::ast::NodeKind::Array: \
  case ::cairn::ast::NodeKind::Let: \
  case ::cairn::ast::NodeKind::Fun: \
  case ::cairn::ast::NodeKind::If: \
  case ::cairn::ast::NodeKind::Match: \
  case ::cairn::ast::NodeKind::App: \
  case ::cairn::ast::NodeKind::Select: \
  case ::cairn::ast::NodeKind::Neg: \
  case ::cairn::ast::NodeKind::Not: \
  case ::cairn::ast::NodeKind::BinOp: \
  case ::cairn::ast::NodeKind::OpSection: \
  case ::cairn::ast::NodeKind::Annot: \
  case ::cairn::ast::NodeKind::Import: \
  case ::cairn::ast::NodeKind::Paren: \
  case ::cairn::ast::NodeKind::Forall: \
  case ::cairn::ast::NodeKind::TypeBuiltin: \
  case ::cairn::ast::NodeKind::TypeArray: \
  case ::cairn::ast::NodeKind::TypeDict: \
  case ::cairn::ast::NodeKind::TypeEnum: \
  case ::cairn::ast::NodeKind::Wildcard:

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
  case ::cairn::ast::NodeKind::TypeAnnot: \
  case ::cairn::ast::NodeKind::ContractAnnot: \
  case ::cairn::ast::NodeKind::DocAnnot: \
  case ::cairn::ast::NodeKind::DefaultAnnot: \
  case ::cairn::ast::NodeKind::ForceAnnot: \
  case ::cairn::ast::NodeKind::PriorityAnnot: \
  case ::cairn::ast::NodeKind::OptionalAnnot: \
  case ::cairn::ast::NodeKind::NotExportedAnnot:
