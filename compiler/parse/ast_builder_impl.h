// The parse-tree-to-AST builder's class, shared by its three source files:
// ast_builder.cpp (terms, operators), ast_builder_atoms.cpp (atoms, records, types),
// ast_builder_patterns.cpp (patterns) and ast_builder_strings.cpp (string literals).
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <optional>
#include <string>

#include "CairnParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/string_literal.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;
using Kids = llvm::SmallVector<ast::NodeId, 8>;

class Builder {
public:
  Builder(ast::File& file, const base::SourceFile& source, diag::Diagnostics& diags)
      : file_(file), source_(source), diags_(diags) {}

  // `parent` gives the position of an Error node when `ctx` is missing.
  ast::NodeId term(P::TermContext* ctx, antlr4::ParserRuleContext* parent);

private:
  // ast_builder.cpp
  ast::NodeId import(P::ImportTermContext* c);
  ast::NodeId forall(P::ForallContext* c, antlr4::ParserRuleContext* parent);
  ast::NodeId type_expr(P::TypeExprContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId annot(P::AnnotContext* ctx);
  ast::NodeId let_binding(P::LetBindingContext* c);
  ast::NodeId make_meta(const Kids& metas);
  ast::NodeId doc(P::StringContext* s, antlr4::ParserRuleContext* parent);
  ast::NodeId infix(P::InfixContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId applicative(P::ApplicativeContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId head(P::HeadContext* ctx);
  ast::NodeId match_arm(P::MatchArmContext* c);

  // ast_builder_atoms.cpp
  ast::NodeId atom(P::AtomContext* ctx);
  ast::NodeId number(P::NumberContext* ctx);
  ast::NodeId record(P::RecordContext* ctx);
  ast::NodeId field_decl(P::FieldDeclContext* ctx, Kids& out);
  ast::NodeId field_path_elem(P::FieldPathElemContext* ctx);
  ast::NodeId field_annot(P::FieldAnnotContext* ctx);
  ast::NodeId enum_type(P::EnumTypeAtomContext* ctx);
  ast::NodeId key(antlr4::ParserRuleContext* ident_or_string);

  // ast_builder_patterns.cpp
  ast::NodeId pattern(P::PatternContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId alias_pattern(P::AliasPatternContext* ctx);
  ast::NodeId pattern_arg(P::PatternArgContext* ctx);
  ast::NodeId simple_pattern(P::SimplePatternContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId record_pattern(P::RecordPatternContext* ctx);
  ast::NodeId array_pattern(P::ArrayPatternContext* ctx);
  ast::NodeId constant_pattern(P::ConstantPatternContext* ctx);
  ast::NodeId with_alias(P::BinderContext* binder, ast::NodeId pat, antlr4::ParserRuleContext* whole);

  // ast_builder_strings.cpp
  ast::NodeId string(P::StringContext* ctx);
  // The text of a string without interpolation; reports `what` cannot be interpolated.
  std::optional<std::string> static_string(P::StringContext* ctx, std::string_view what);
  base::NameId enum_tag(P::EnumTagContext* ctx);
  void str_chunk(P::StrChunkContext* c, std::vector<Chunk>& chunks);
  void mstr_chunk(P::MstrChunkContext* c, uint32_t percents, std::vector<Chunk>& chunks);
  ast::NodeId chunks_node(ast::NodeKind kind, base::Span s, std::vector<Chunk>& chunks, uint32_t payload,
                          uint8_t flags);

  // helpers (ast_builder.cpp)
  base::Span span(antlr4::ParserRuleContext* ctx) const;
  base::Span span(antlr4::Token* t) const;
  base::Span span(antlr4::tree::TerminalNode* n) const { return span(n->getSymbol()); }
  std::string_view text(antlr4::Token* t) const;
  base::NameId intern(std::string_view s) { return file_.names().intern(s); }
  ast::NodeId error(base::Span s);
  ast::NodeId missing(antlr4::ParserRuleContext* parent);
  ast::NodeId name_node(antlr4::ParserRuleContext* ctx);
  bool too_deep(antlr4::ParserRuleContext* ctx);

  ast::File& file_;
  const base::SourceFile& source_;
  diag::Diagnostics& diags_;
  bool reported_depth_ = false;
};

} // namespace cairn::parse
