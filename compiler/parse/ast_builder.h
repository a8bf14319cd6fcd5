// Converts ANTLR's parse tree into our AST (compiler/ast). Besides the syntax errors
// (syntax_errors.cpp, syntax_phrases.cpp) and the chunk parser, the only code that knows the
// generated parse-tree classes.
//
// The builder is shared by four source files: ast_builder.cpp (terms, operators),
// ast_builder_atoms.cpp (atoms, records, types), ast_builder_patterns.cpp (patterns) and
// ast_builder_strings.cpp (string literals). It tolerates every shape error recovery can
// leave behind: missing children, contexts of the base class when no alternative was
// chosen, and tokens recovery skipped. Whatever it cannot read becomes an `Error` node,
// never a crash. It recurses along the tree (the tree's depth is already bounded by the
// parser's stack check) and walks left-associative operator chains and `.` chains
// iteratively. HOLE tokens (token_window.h) are handed to a `HoleResolver`.
#pragma once

#include "CairnParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/string_literal.h"

#include <llvm/ADT/SmallVector.h>
#include <optional>
#include <string>

namespace cairn::parse {

using P = cairn_gen::CairnParser;
using Kids = llvm::SmallVector<ast::NodeId, 8>;

// Parses the groups the token window shows as HOLE tokens (see chunk_parser.h).
class HoleResolver {
public:
  virtual ~HoleResolver() = default;
  // `open` is the token index of the group's `{` or `[`.
  virtual ast::NodeId hole_expr(uint32_t open) = 0;
  virtual ast::NodeId hole_pattern(uint32_t open) = 0;
};

class Builder {
public:
  Builder(ast::File& file, const base::SourceFile& source, diag::Diagnostics& diags,
          HoleResolver* holes = nullptr)
      : file_(file), source_(source), diags_(diags), holes_(holes) {}

  // Entry points for a whole file and for the windows of the chunk parser. `parent` gives
  // the position of an Error node when `ctx` is missing.
  ast::NodeId term(P::TermContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId field_decl(P::FieldDeclContext* ctx, Kids& out);
  ast::NodeId atom(P::AtomContext* ctx);
  ast::NodeId record_pattern(P::RecordPatternContext* ctx);
  ast::NodeId array_pattern(P::ArrayPatternContext* ctx);

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
  ast::NodeId number(P::NumberContext* ctx);
  ast::NodeId record(P::RecordContext* ctx);
  ast::NodeId field_path_elem(P::FieldPathElemContext* ctx);
  ast::NodeId field_annot(P::FieldAnnotContext* ctx);
  ast::NodeId enum_type(P::EnumTypeAtomContext* ctx);
  ast::NodeId key(antlr4::ParserRuleContext* ident_or_string);

  // ast_builder_patterns.cpp
  ast::NodeId pattern(P::PatternContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId alias_pattern(P::AliasPatternContext* ctx);
  ast::NodeId pattern_arg(P::PatternArgContext* ctx);
  ast::NodeId simple_pattern(P::SimplePatternContext* ctx, antlr4::ParserRuleContext* parent);
  ast::NodeId constant_pattern(P::ConstantPatternContext* ctx);
  ast::NodeId with_alias(P::BinderContext* binder, ast::NodeId pat,
                         antlr4::ParserRuleContext* whole);

  // ast_builder_strings.cpp
  ast::NodeId string(P::StringContext* ctx);
  // The text of a string without interpolation; reports `what` cannot be interpolated.
  std::optional<std::string> static_string(P::StringContext* ctx, std::string_view what);
  base::NameId enum_tag(P::EnumTagContext* ctx);

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
  // The token-array index of a real HOLE token's opener, or WindowToken::kNone (no
  // resolver, a conjured or missing token).
  uint32_t hole_index(antlr4::tree::TerminalNode* hole) const;

  ast::File& file_;
  const base::SourceFile& source_;
  diag::Diagnostics& diags_;
  HoleResolver* holes_;
  bool reported_depth_ = false;
};

} // namespace cairn::parse
