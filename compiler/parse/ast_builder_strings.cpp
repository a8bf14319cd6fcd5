// Parse tree to AST for string literals and enum tags: escapes, `%{}` interpolation,
// multiline delimiters with any number of `%`, indentation stripping; see ast_builder.h.
#include <fmt/core.h>

#include "compiler/parse/ast_builder_impl.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {

void add_text(std::vector<Chunk>& chunks, std::string_view text, base::Span s, bool normalize) {
  if (chunks.empty() || chunks.back().is_expr) {
    chunks.push_back({});
    chunks.back().span = s;
  }
  Chunk& c = chunks.back();
  if (normalize) append_normalized(c.text, text);
  else c.text.append(text);
  c.span = base::Span::cover(c.span, s);
}

uint32_t count(std::string_view s, char ch) {
  uint32_t n = 0;
  for (char c : s) n += c == ch;
  return n;
}

} // namespace

void Builder::str_chunk(P::StrChunkContext* c, std::vector<Chunk>& chunks) {
  antlr4::Token* t = c->getStart();
  if (!t) return;
  std::string_view s = text(t);
  switch (t->getType()) {
  case P::STR_TEXT:
  case P::STR_PCT: add_text(chunks, s, span(t), true); return;
  case P::STR_ESC: {
    std::optional<char> decoded = s.size() == 2 ? decode_escape(s[1]) : std::nullopt;
    if (!decoded) {
      diags_.error(diag::DiagKind::InvalidEscape, {file_.file_id(), span(t)},
                   s.size() < 2 ? std::string("incomplete escape sequence")
                                : fmt::format("unknown escape sequence `{}`", s))
          .help("the escapes are `\\\"` `\\\\` `\\%` `\\'` `\\n` `\\r` `\\t` and `\\xHH` (ASCII)");
      file_.set_has_error();
      add_text(chunks, s.substr(s.size() < 2 ? 0 : 1), span(t), true);
      return;
    }
    char ch = *decoded;
    add_text(chunks, std::string_view(&ch, 1), span(t), false);
    return;
  }
  case P::STR_ESC_HEX: {
    unsigned value = static_cast<unsigned>(std::stoul(std::string(s.substr(2)), nullptr, 16));
    if (value > 0x7f) {
      diags_.error(diag::DiagKind::InvalidEscape, {file_.file_id(), span(t)},
                   fmt::format("escape `{}` is not an ASCII character", s))
          .help("`\\x` escapes go up to `\\x7F`; write other characters directly in UTF-8");
      file_.set_has_error();
      return;
    }
    char ch = static_cast<char>(value);
    add_text(chunks, std::string_view(&ch, 1), span(t), false);
    return;
  }
  case P::STR_INTERP: {
    Chunk e;
    e.is_expr = true;
    e.expr = term(c->term(), c);
    e.span = span(c);
    chunks.push_back(std::move(e));
    return;
  }
  default: return;
  }
}

void Builder::mstr_chunk(P::MstrChunkContext* c, uint32_t percents, std::vector<Chunk>& chunks) {
  antlr4::Token* t = c->getStart();
  if (!t) return;
  std::string_view s = text(t);
  if (t->getType() != P::MSTR_INTERP) {
    add_text(chunks, s, span(t), true);
    return;
  }
  // `"%%{` or `%%%{` with more `%` than the delimiter: the extra ones are text.
  size_t opener = static_cast<size_t>(percents) + 1; // the `%`s and the `{`
  base::Span whole = span(c);
  if (s.size() > opener) {
    base::Span ts = span(t);
    uint32_t text_end = ts.end - static_cast<uint32_t>(opener);
    add_text(chunks, s.substr(0, s.size() - opener), {ts.begin, text_end}, true);
    whole.begin = text_end;
  }
  Chunk e;
  e.is_expr = true;
  e.expr = term(c->term(), c);
  e.span = whole;
  chunks.push_back(std::move(e));
}

NodeId Builder::chunks_node(NodeKind kind, base::Span s, std::vector<Chunk>& chunks, uint32_t payload, uint8_t flags) {
  Kids kids;
  for (Chunk& c : chunks) {
    if (c.is_expr) {
      kids.push_back(file_.add(NodeKind::StrInterp, c.span, {c.expr}, c.indent));
    } else if (!c.text.empty()) {
      kids.push_back(file_.add(NodeKind::StrText, c.span, {}, file_.add_string(c.text).index));
    }
  }
  return file_.add(kind, s, kids.data(), static_cast<uint32_t>(kids.size()), payload, flags);
}

NodeId Builder::string(P::StringContext* ctx) {
  if (!ctx || !ctx->getStart()) return error({});
  std::vector<Chunk> chunks;
  antlr4::Token* open = ctx->getStart();
  if (open->getType() == P::STR_START) {
    for (auto* child : ctx->children)
      if (auto* c = dynamic_cast<P::StrChunkContext*>(child)) str_chunk(c, chunks);
    return chunks_node(NodeKind::Str, span(ctx), chunks, 0, 0);
  }
  uint32_t percents = count(text(open), '%');
  for (auto* child : ctx->children)
    if (auto* c = dynamic_cast<P::MstrChunkContext*>(child)) mstr_chunk(c, percents, chunks);
  strip_indent(chunks);
  if (open->getType() == P::SYM_STR_START) {
    std::string_view opener = text(open);
    size_t dash = opener.rfind("-s");
    base::NameId prefix = intern(opener.substr(0, dash == std::string_view::npos ? 0 : dash));
    return chunks_node(NodeKind::SymStr, span(ctx), chunks, prefix.index, 0);
  }
  return chunks_node(NodeKind::Str, span(ctx), chunks, 0, ast::kStrMultiline);
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
      diags_.error(diag::DiagKind::InterpolationNotAllowed, file_.loc(kid),
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
  std::vector<Chunk> chunks;
  for (auto* child : ctx->children)
    if (auto* c = dynamic_cast<P::StrChunkContext*>(child)) str_chunk(c, chunks);
  std::string out;
  for (const Chunk& c : chunks) {
    if (c.is_expr) {
      diags_.error(diag::DiagKind::InterpolationNotAllowed, {file_.file_id(), c.span},
                   "an enum tag cannot contain interpolation");
      file_.set_has_error();
    } else {
      out += c.text;
    }
  }
  return intern(out);
}

} // namespace cairn::parse
