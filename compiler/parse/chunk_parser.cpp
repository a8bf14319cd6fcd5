// The chunk parser's records, arrays, fields and annotations; see chunk_parser.h.
//
// Each construct is first checked against the shapes the C++ side builds (a plan made of
// token indexes, no nodes yet); anything else is declined whole to ANTLR, so no node is
// built twice. The nodes and spans are exactly those the AST builder makes from ANTLR's
// tree for the same tokens (tests compare the two on every golden case).
#include "compiler/parse/chunk_parser.h"

#include "compiler/base/stack.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/string_chunks.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_window.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {

bool is_number(TokenType t) {
  return t == P::NUM_DEC || t == P::NUM_HEX || t == P::NUM_OCT || t == P::NUM_BIN;
}

} // namespace

void ChunkParser::check_depth(uint32_t at) {
  if (base::stack_exhausted(size_t(1) << 20)) throw NestingTooDeep(tokens_.begin(at));
}

uint32_t ChunkParser::item_end(uint32_t from, uint32_t close, bool semicolon) const {
  uint32_t lets = 0;
  uint32_t i = from;
  while (i < close) {
    TokenType t = tokens_.type(i);
    if (TokenArray::is_opener(t)) {
      i = tokens_.match(i) + 1;
      continue;
    }
    if (t == P::LET) {
      ++lets;
    } else if (t == P::IN) {
      if (lets) --lets;
    } else if (lets == 0 && (t == P::COMMA || (semicolon && t == P::SEMI))) {
      return i;
    }
    ++i;
  }
  return close;
}

NodeId ChunkParser::hole_expr(uint32_t open) {
  if (!is_hole(tokens_, open)) return file_.add(NodeKind::Error, span(open)); // never
  return tokens_.type(open) == P::LBRACE ? record(open) : array(open);
}

// ---------------------------------------------------------------- records

NodeId ChunkParser::record(uint32_t open) {
  check_depth(open);
  uint32_t close = tokens_.match(open);
  // The plan: fields as [begin, end) ranges, `..`, the `; tail`.
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 16> items;
  bool is_open = false;
  uint32_t tail = 0; // index of the tail's name, 0 if none
  uint32_t i = open + 1;
  while (i < close) {
    TokenType t = tokens_.type(i);
    if (t == P::SEMI) break;
    if (t == P::ELLIPSIS) {
      is_open = true;
      ++i;
      break;
    }
    uint32_t e = item_end(i, close, true);
    if (e == i) return antlr_group(open, false); // an empty field: `,,`
    items.push_back({i, e});
    i = e;
    if (i < close && tokens_.type(i) == P::COMMA)
      ++i;
    else
      break;
  }
  if (i < close) {
    TokenType name = i + 1 < close ? tokens_.type(i + 1) : 0;
    if (tokens_.type(i) != P::SEMI || i + 2 != close || !(is_ident(name) || name == P::DYN))
      return antlr_group(open, false);
    tail = i + 1;
  }
  Kids kids;
  for (auto [b, e] : items) field(b, e, open, kids);
  if (tail) {
    bool dyn = tokens_.type(tail) == P::DYN;
    uint32_t name = dyn ? 0 : file_.names().intern(tokens_.text(tail)).index;
    kids.push_back(file_.add(NodeKind::RecordTail, {tokens_.begin(tail - 1), tokens_.end(tail)}, {},
                             name, dyn ? ast::kTailDyn : 0));
  }
  return file_.add(NodeKind::Record, {tokens_.begin(open), tokens_.end(close)}, kids.data(),
                   static_cast<uint32_t>(kids.size()), 0, is_open ? ast::kRecordOpen : 0);
}

// ---------------------------------------------------------------- arrays

NodeId ChunkParser::array(uint32_t open) {
  check_depth(open);
  uint32_t close = tokens_.match(open);
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 16> items;
  uint32_t i = open + 1;
  while (i < close) {
    uint32_t e = item_end(i, close, false);
    if (e == i) return antlr_group(open, false); // an empty element: `,,`
    items.push_back({i, e});
    i = e < close ? e + 1 : e;
  }
  Kids kids;
  for (auto [b, e] : items) kids.push_back(value(b, e, Item::Element, open));
  return file_.add(NodeKind::Array, {tokens_.begin(open), tokens_.end(close)}, kids.data(),
                   static_cast<uint32_t>(kids.size()));
}

// ---------------------------------------------------------------- fields

namespace {

// How an annotation is built: by hand, or not at all (the field goes to ANTLR).
enum class AnnotShape : uint8_t { None, Keyword, Priority, Doc, Type };

} // namespace

// A field `path annotations = value`; fields of other shapes (`include`, interpolated or
// multiline names, annotations beyond the simple ones) are parsed by ANTLR.
void ChunkParser::field(uint32_t b, uint32_t e, uint32_t open, Kids& out) {
  // Plan the path: names and plain static strings separated by `.`.
  uint32_t i = b;
  if (tokens_.type(b) == P::INCLUDE && b + 1 < e && tokens_.type(b + 1) != P::DOT &&
      tokens_.type(b + 1) != P::EQ && tokens_.type(b + 1) != P::PIPE &&
      tokens_.type(b + 1) != P::COLON)
    return antlr_field(b, e, open, out);
  for (;;) {
    TokenType t = tokens_.type(i);
    if (is_extended_ident(t)) {
      ++i;
    } else if (t == P::STR_START) {
      uint32_t end = string_end(i);
      // A name string not closed inside the field (error recovery) is ANTLR's to report.
      if (end >= e) return antlr_field(b, e, open, out);
      for (uint32_t k = i + 1; k < end; ++k)
        if (tokens_.type(k) == P::STR_INTERP) return antlr_field(b, e, open, out);
      i = end + 1;
    } else {
      return antlr_field(b, e, open, out);
    }
    if (i < e && tokens_.type(i) == P::DOT && i + 1 < e) {
      ++i;
      continue;
    }
    break;
  }
  uint32_t path_end = i;
  // Plan the annotations: each runs to the next `|`, `:` or `=` of its own level.
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> annots;
  while (i < e && (tokens_.type(i) == P::PIPE || tokens_.type(i) == P::COLON)) {
    uint32_t g = i + 1;
    while (g < e) {
      TokenType t = tokens_.type(g);
      if (t == P::PIPE || t == P::COLON || t == P::EQ) break;
      g = TokenArray::is_opener(t) ? tokens_.match(g) + 1 : g + 1;
    }
    if (annotation_shape(i, g) == 0) return antlr_field(b, e, open, out);
    annots.push_back({i, g});
    i = g;
  }
  if (i < e && (tokens_.type(i) != P::EQ || i + 1 == e)) return antlr_field(b, e, open, out);

  // Build.
  Kids path;
  for (uint32_t k = b; k < path_end; ++k) {
    TokenType t = tokens_.type(k);
    if (t == P::DOT) continue;
    if (t == P::STR_START) {
      uint32_t end = string_end(k);
      StringChunks chunks(file_, diags_);
      for (uint32_t m = k + 1; m < end; ++m)
        chunks.text_token(tokens_.type(m), tokens_.text(m), span(m));
      base::NameId key = file_.names().intern(chunks.finish_tag());
      path.push_back(
          file_.add(NodeKind::Name, {tokens_.begin(k), tokens_.end(end)}, {}, key.index));
      k = end;
      continue;
    }
    path.push_back(name(k));
  }
  NodeId path_node = file_.add(NodeKind::FieldPath, {tokens_.begin(b), tokens_.end(path_end - 1)},
                               path.data(), static_cast<uint32_t>(path.size()));
  NodeId meta;
  if (!annots.empty()) {
    Kids metas;
    for (auto [ab, ae] : annots) metas.push_back(annotation(ab, ae));
    meta = file_.add(NodeKind::Meta,
                     {tokens_.begin(annots.front().first), tokens_.end(annots.back().second - 1)},
                     metas.data(), static_cast<uint32_t>(metas.size()));
  }
  NodeId val = i < e ? value(i + 1, e, Item::Field, open) : NodeId();
  out.push_back(
      file_.add(NodeKind::Field, {tokens_.begin(b), tokens_.end(e - 1)}, {path_node, meta, val}));
}

// 0 when the annotation [b, e) (starting at its `|` or `:`) is not built by hand.
int ChunkParser::annotation_shape(uint32_t b, uint32_t e) const {
  uint32_t n = e - b;
  TokenType t1 = n > 1 ? tokens_.type(b + 1) : 0;
  if (tokens_.type(b) == P::PIPE) {
    if (n == 2 &&
        (t1 == P::DEFAULT || t1 == P::FORCE || t1 == P::OPTIONAL || t1 == P::NOT_EXPORTED))
      return static_cast<int>(AnnotShape::Keyword);
    if (t1 == P::PRIORITY &&
        ((n == 3 && is_number(tokens_.type(b + 2))) ||
         (n == 4 && tokens_.type(b + 2) == P::MINUS && is_number(tokens_.type(b + 3)))))
      return static_cast<int>(AnnotShape::Priority);
    if (t1 == P::DOC) {
      if (n < 3 || tokens_.type(b + 2) != P::STR_START || string_end(b + 2) != e - 1) return 0;
      for (uint32_t k = b + 3; k < e - 1; ++k)
        if (tokens_.type(k) == P::STR_INTERP) return 0;
      return static_cast<int>(AnnotShape::Doc);
    }
    if (t1 == P::DEFAULT || t1 == P::FORCE || t1 == P::OPTIONAL || t1 == P::NOT_EXPORTED ||
        t1 == P::PRIORITY)
      return 0;
  }
  if (n < 2) return 0;
  return simple_value_shape(b + 1, e, nullptr) ? static_cast<int>(AnnotShape::Type) : 0;
}

NodeId ChunkParser::annotation(uint32_t b, uint32_t e) {
  base::Span whole{tokens_.begin(b), tokens_.end(e - 1)};
  switch (static_cast<AnnotShape>(annotation_shape(b, e))) {
  case AnnotShape::Keyword: {
    TokenType t = tokens_.type(b + 1);
    NodeKind kind = t == P::DEFAULT    ? NodeKind::DefaultAnnot
                    : t == P::FORCE    ? NodeKind::ForceAnnot
                    : t == P::OPTIONAL ? NodeKind::OptionalAnnot
                                       : NodeKind::NotExportedAnnot;
    return file_.add(kind, whole);
  }
  case AnnotShape::Priority: {
    bool negative = tokens_.type(b + 2) == P::MINUS;
    NodeId num = leaf(e - 1);
    return file_.add(NodeKind::PriorityAnnot, whole, {num}, 0, negative ? ast::kNegative : 0);
  }
  case AnnotShape::Doc: {
    StringChunks chunks(file_, diags_);
    for (uint32_t k = b + 3; k < e - 1; ++k)
      chunks.text_token(tokens_.type(k), tokens_.text(k), span(k));
    std::string text = chunks.finish_tag();
    return file_.add(NodeKind::DocAnnot, whole, {}, file_.add_string(text).index);
  }
  case AnnotShape::Type: {
    NodeKind kind = tokens_.type(b) == P::PIPE ? NodeKind::ContractAnnot : NodeKind::TypeAnnot;
    return file_.add(kind, whole, {simple_value(b + 1, e)});
  }
  case AnnotShape::None: break;
  }
  return file_.add(NodeKind::Error, whole);
}

} // namespace cairn::parse
