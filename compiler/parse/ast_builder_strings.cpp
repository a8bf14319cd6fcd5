// Parse tree to AST for string literals and enum tags; the decoding itself (escapes,
// `%{}` interpolation, multiline delimiters and indentation) is shared with the chunk parser
// in string_chunks.cpp. See ast_builder.h.
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/string_chunks.h"

#include <fmt/core.h>

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

NodeId Builder::string(P::StringContext* ctx) {
  if (!ctx || !ctx->getStart()) return error({});
  StringChunks chunks(file_, diags_);
  antlr4::Token* open = ctx->getStart();
  uint32_t percents = StringChunks::percents(text(open));
  for (auto* child : ctx->children) {
    if (auto* c = dynamic_cast<P::StrChunkContext*>(child)) {
      antlr4::Token* t = c->getStart();
      if (!t) continue;
      if (t->getType() == P::STR_INTERP)
        chunks.expr(term(c->term(), c), span(c));
      else
        chunks.text_token(static_cast<TokenType>(t->getType()), text(t), span(t));
    } else if (auto* c = dynamic_cast<P::MstrChunkContext*>(child)) {
      antlr4::Token* t = c->getStart();
      if (!t) continue;
      if (t->getType() != P::MSTR_INTERP) {
        chunks.multiline_text(text(t), span(t));
        continue;
      }
      base::Span whole = span(c);
      whole.begin = chunks.multiline_opener(text(t), span(t), percents);
      chunks.expr(term(c->term(), c), whole);
    }
  }
  return chunks.finish(text(open), static_cast<TokenType>(open->getType()), span(ctx));
}

std::optional<std::string> Builder::static_string(P::StringContext* ctx, std::string_view what) {
  NodeId s = string(ctx);
  std::string out;
  bool ok = file_.kind(s) == NodeKind::Str;
  for (NodeId kid : file_.children(s)) {
    if (file_.kind(kid) == NodeKind::StrText) {
      out += file_.string(ast::StringId(file_.payload(kid)));
    } else {
      ok = false;
      diags_
          .error(diag::DiagKind::InterpolationNotAllowed, file_.loc(kid),
                 fmt::format("{} cannot contain interpolation", what))
          .help("write the text literally");
      file_.set_has_error();
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

base::NameId Builder::enum_tag(P::EnumTagContext* ctx) {
  antlr4::Token* t = ctx->getStart();
  if (!t) return intern("");
  if (t->getType() == P::RAW_ENUM_TAG) return intern(text(t).substr(1));
  StringChunks chunks(file_, diags_);
  for (auto* child : ctx->children) {
    auto* c = dynamic_cast<P::StrChunkContext*>(child);
    if (!c || !c->getStart()) continue;
    antlr4::Token* tok = c->getStart();
    if (tok->getType() == P::STR_INTERP)
      chunks.expr(term(c->term(), c), span(c));
    else
      chunks.text_token(static_cast<TokenType>(tok->getType()), text(tok), span(tok));
  }
  return intern(chunks.finish_tag());
}

} // namespace cairn::parse
