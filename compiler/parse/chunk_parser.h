// The chunk parser: the outer structure of a file in C++, the rest with the generated
// ANTLR parser, one small window at a time.
//
// The generated parser builds a tree of ~10 heap objects per token and keeps it until the
// parse ends; for a 10 MB file that is a gigabyte. Instead, the whole file is handed to
// ANTLR with every record and array literal folded into one HOLE token (token_window.h), so
// its tree stays small. When the AST builder reaches a HOLE it calls back here:
//
//  - a record or array *literal* is parsed in C++: the token array knows where each
//    bracket closes, so fields and elements are split at the commas of their own level
//    (a `let ... in` between them is skipped over); a field's path and annotations and
//    simple values (literals, variables, `a.b.c`, strings, nested records and arrays) are
//    built directly, and anything else is parsed by ANTLR from a window over its tokens;
//  - a record or array *pattern* is parsed by ANTLR from a window over its group.
//
// Windows nest (a value window may contain holes, whose fields open windows...), so there
// is one generated parser per nesting level, created on first use; a window's tree lives
// until its level is reused. Whatever the C++ side does not recognise is declined to
// ANTLR, so the accepted language is exactly the grammar's.
//
// Two modes (see parse.cpp):
//  - Fast: each window is parsed in SLL mode, then in full LL mode if that fails, with the
//    bail-out error strategy; any syntax error throws `FastPathFailed`.
//  - Recover: windows that fail are parsed again with recovery, and errors are collected.
//    Windows bound cascades: an error inside one field does not disturb the next field.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/lexer.h"

#include <cstdint>
#include <functional>
#include <llvm/ADT/SmallVector.h>
#include <memory>
#include <stdexcept>
#include <vector>

namespace cairn::parse {

class SyntaxErrors;

// The fast path met something it cannot parse without error recovery.
struct FastPathFailed : std::runtime_error {
  FastPathFailed() : std::runtime_error("fast path failed") {}
};

enum class ChunkMode : uint8_t { Fast, Recover };

struct ChunkStats {
  uint32_t windows = 0;    // ANTLR windows parsed
  uint32_t ll_windows = 0; // windows that needed the full LL stage
  uint32_t max_depth = 0;  // deepest nesting of live windows
};

class ChunkParser final : public HoleResolver {
public:
  ChunkParser(const TokenArray& tokens, ast::File& file, const base::SourceFile& source,
              diag::Diagnostics& diags, ChunkMode mode, SyntaxErrors* errors);
  ~ChunkParser() override;

  // Parses the whole file; `holes` off parses it as one window (for unbalanced brackets).
  ast::NodeId file(bool holes);

  ast::NodeId hole_expr(uint32_t open) override;
  ast::NodeId hole_pattern(uint32_t open) override;

  const ChunkStats& stats() const { return stats_; }

  // What a window parses, for the messages about what follows it: the file, a field's
  // value, a whole field, an array element, an interpolation, a bracketed group.
  enum class Item : uint8_t { File, Field, FieldDecl, Element, Interpolation, Group };

private:
  struct Session;
  using Rule = std::function<antlr4::ParserRuleContext*(cairn_gen::CairnParser&)>;

  // chunk_parser.cpp: records, arrays, fields, annotations.
  ast::NodeId record(uint32_t open);
  ast::NodeId array(uint32_t open);
  void field(uint32_t b, uint32_t e, uint32_t open, Kids& out);
  int annotation_shape(uint32_t b, uint32_t e) const;
  ast::NodeId annotation(uint32_t b, uint32_t e);
  // The end of the field or element starting at `from`: the next `,` (or `;`) of its own
  // level, not counting those between a `let` and its `in`.
  uint32_t item_end(uint32_t from, uint32_t close, bool semicolon) const;
  void check_depth(uint32_t at);

  // chunk_values.cpp: values and strings.
  ast::NodeId value(uint32_t b, uint32_t e, Item item, uint32_t open);
  using Ends = llvm::SmallVector<uint32_t, 8>;
  // `nested` off: no parenthesised, dictionary or enum type atom (inside those, so the
  // planning never recurses).
  uint32_t atom_end(uint32_t b, uint32_t e, bool nested = true) const;
  uint32_t type_atom_end(uint32_t b, uint32_t e) const;
  uint32_t paren_end(uint32_t b, uint32_t e) const;
  bool simple_value_shape(uint32_t b, uint32_t e, Ends* ends, bool nested = true) const;
  ast::NodeId simple_value(uint32_t b, uint32_t e);
  ast::NodeId atom(uint32_t b, uint32_t e);
  ast::NodeId type_atom(uint32_t b);
  ast::NodeId paren(uint32_t b);

  // chunk_infix.cpp: operator chains and annotations over simple values.
  bool chain_shape(uint32_t b, uint32_t e, Ends& cuts, uint32_t& operands,
                   bool nested = true) const;
  ast::NodeId chain(uint32_t b, uint32_t e, const Ends& cuts, uint32_t operands);
  ast::NodeId leaf(uint32_t i);
  ast::NodeId string(uint32_t b, uint32_t e);
  uint32_t string_end(uint32_t open) const;
  ast::NodeId name(uint32_t i);
  base::Span span(uint32_t i) const;

  // chunk_antlr.cpp: ANTLR windows.
  Session& acquire();
  antlr4::ParserRuleContext* run(Session& s, uint32_t b, uint32_t e, bool open_first, Item item,
                                 uint32_t open, const Rule& rule);
  ast::NodeId antlr_term(uint32_t b, uint32_t e, Item item, uint32_t open);
  void antlr_field(uint32_t b, uint32_t e, uint32_t open, Kids& out);
  ast::NodeId antlr_group(uint32_t open, bool pattern);
  void report_trailing(uint32_t at, uint32_t b, Item item, uint32_t open);

  const TokenArray& tokens_;
  ast::File& file_;
  const base::SourceFile& source_;
  diag::Diagnostics& diags_;
  ChunkMode mode_;
  SyntaxErrors* errors_;
  Builder builder_;
  std::vector<std::unique_ptr<Session>> sessions_;
  uint32_t depth_ = 0;
  bool holes_ = true;
  ChunkStats stats_;
};

// The grammar's `ident`: the tokens that name a variable.
inline bool is_ident(TokenType t) {
  return t == P::IDENT || t == P::AS || t == P::INCLUDE || t == P::OR;
}

// The grammar's `extendedIdent`: the tokens that name a field (in a path, after `.`, in
// `include`), where the annotation keywords are names too.
inline bool is_extended_ident(TokenType t) {
  return is_ident(t) || t == P::DEFAULT || t == P::FORCE || t == P::PRIORITY || t == P::OPTIONAL ||
         t == P::NOT_EXPORTED || t == P::DOC;
}

} // namespace cairn::parse
