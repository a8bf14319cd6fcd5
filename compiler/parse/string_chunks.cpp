// String literal assembly; see string_chunks.h.
#include "compiler/parse/string_chunks.h"

#include "CairnParser.h"

#include <fmt/core.h>

namespace cairn::parse {

using P = cairn_gen::CairnParser;
using ast::NodeId;
using ast::NodeKind;

uint32_t StringChunks::percents(std::string_view opener) {
  uint32_t n = 0;
  for (char c : opener) n += c == '%';
  return n;
}

void StringChunks::add_text(std::string_view text, base::Span s, bool normalize) {
  if (chunks_.empty() || chunks_.back().is_expr) {
    chunks_.push_back({});
    chunks_.back().span = s;
  }
  Chunk& c = chunks_.back();
  if (normalize)
    append_normalized(c.text, text);
  else
    c.text.append(text);
  c.span = base::Span::cover(c.span, s);
}

void StringChunks::text_token(TokenType type, std::string_view s, base::Span span) {
  switch (type) {
  case P::STR_TEXT:
  case P::STR_PCT: add_text(s, span, true); return;
  case P::STR_ESC: {
    std::optional<char> decoded = s.size() == 2 ? decode_escape(s[1]) : std::nullopt;
    if (!decoded) {
      std::string message;
      if (s.size() < 2)
        message = "incomplete escape sequence";
      else if (s[1] == 'x')
        message = "incomplete escape sequence `\\x`: it takes two hexadecimal digits";
      else
        message = fmt::format("unknown escape sequence `{}`", s);
      diags_.error(diag::DiagKind::InvalidEscape, {file_.file_id(), span}, std::move(message))
          .help("the escapes are `\\\"` `\\\\` `\\%` `\\'` `\\n` `\\r` `\\t` and `\\xHH` (ASCII)");
      file_.set_has_error();
      add_text(s.substr(s.size() < 2 ? 0 : 1), span, true);
      return;
    }
    char ch = *decoded;
    add_text(std::string_view(&ch, 1), span, false);
    return;
  }
  case P::STR_ESC_HEX: {
    unsigned value = 0;
    for (char c : s.substr(2))
      value = value * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    if (value > 0x7f) {
      diags_
          .error(diag::DiagKind::InvalidEscape, {file_.file_id(), span},
                 fmt::format("escape `{}` is not an ASCII character", s))
          .help("`\\x` escapes go up to `\\x7F`; write other characters directly in UTF-8");
      file_.set_has_error();
      return;
    }
    char ch = static_cast<char>(value);
    add_text(std::string_view(&ch, 1), span, false);
    return;
  }
  default: return;
  }
}

uint32_t StringChunks::multiline_opener(std::string_view text, base::Span span, uint32_t percents) {
  // `"%%{` or `%%%{` with more `%` than the delimiter: the extra ones are text.
  size_t opener = static_cast<size_t>(percents) + 1; // the `%`s and the `{`
  if (text.size() <= opener) return span.begin;
  uint32_t text_end = span.end - static_cast<uint32_t>(opener);
  add_text(text.substr(0, text.size() - opener), {span.begin, text_end}, true);
  return text_end;
}

void StringChunks::expr(NodeId e, base::Span span) {
  Chunk c;
  c.is_expr = true;
  c.expr = e;
  c.span = span;
  chunks_.push_back(std::move(c));
}

NodeId StringChunks::finish(std::string_view opener, TokenType opener_type, base::Span span) {
  NodeKind kind = NodeKind::Str;
  uint32_t payload = 0;
  uint8_t flags = 0;
  if (opener_type == P::MSTR_START || opener_type == P::SYM_STR_START) {
    strip_indent(chunks_);
    if (opener_type == P::SYM_STR_START) {
      size_t dash = opener.rfind("-s");
      kind = NodeKind::SymStr;
      payload =
          file_.names().intern(opener.substr(0, dash == std::string_view::npos ? 0 : dash)).index;
    } else {
      flags = ast::kStrMultiline;
    }
  }
  kids_.clear();
  for (Chunk& c : chunks_) {
    if (c.is_expr) {
      kids_.push_back(file_.add(NodeKind::StrInterp, c.span, {c.expr}, c.indent));
    } else if (!c.text.empty()) {
      kids_.push_back(file_.add(NodeKind::StrText, c.span, {}, file_.add_string(c.text).index));
    }
  }
  return file_.add(kind, span, kids_.data(), static_cast<uint32_t>(kids_.size()), payload, flags);
}

std::string StringChunks::finish_tag() {
  std::string out;
  for (const Chunk& c : chunks_) {
    if (c.is_expr) {
      diags_
          .error(diag::DiagKind::InterpolationNotAllowed, {file_.file_id(), c.span},
                 "an enum tag cannot contain interpolation")
          .help("write the tag's text literally");
      file_.set_has_error();
    } else {
      out += c.text;
    }
  }
  return out;
}

std::optional<std::string_view> static_text(const ast::File& file, NodeId str) {
  if (file.kind(str) != NodeKind::Str) return std::nullopt;
  ast::Children kids = file.children(str);
  if (kids.empty()) return std::string_view();
  if (kids.size() > 1 || file.kind(kids[0]) != NodeKind::StrText) return std::nullopt;
  return file.string(ast::StringId(file.payload(kids[0])));
}

} // namespace cairn::parse
