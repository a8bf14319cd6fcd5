// Where a token ends, recomputed from its start and type so the token array need not store
// it (see lexer.h). Each case follows the lexer rule that made the token; the lexer tests
// compare every token's end with the grammar's lexer.
#include "CairnParser.h"
#include "compiler/parse/char_class.h"
#include "compiler/parse/lexer.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;

uint32_t TokenArray::end(uint32_t i) const {
  uint32_t b = begin_[i];
  if (is_virtual(i)) return b;
  uint32_t size = static_cast<uint32_t>(text_.size());
  auto at = [this](uint32_t k) { return static_cast<unsigned char>(text_[k]); };
  auto scan = [&](uint32_t from, CharClass k) {
    while (from < size && is(at(from), k)) ++from;
    return from;
  };
  auto run_of = [&](uint32_t from, char ch) {
    while (from < size && at(from) == static_cast<unsigned char>(ch)) ++from;
    return from;
  };
  switch (type_[i]) {
  // Inside a string nothing is skipped: text runs up to the next token.
  case P::STR_TEXT:
  case P::STR_ESC:
  case P::STR_ESC_HEX:
  case P::STR_PCT:
  case P::MSTR_TEXT:
  case P::MSTR_PCT:
  case P::MSTR_QUOTE: return i + 1 < size_t(type_.size()) ? begin_[i + 1] : size;
  case P::STR_INTERP:
  case P::QUOTED_ENUM_TAG_START:
  case P::ENUM_OPEN:
  case P::ENUM_CLOSE:
  case P::ELLIPSIS:
  case P::FAT_ARROW:
  case P::ARROW:
  case P::PIPE_GT:
  case P::OROR:
  case P::ANDAND:
  case P::EQEQ:
  case P::NEQ:
  case P::LE:
  case P::GE:
  case P::PLUSPLUS: return b + 2;
  case P::MSTR_INTERP: return run_of(at(b) == '"' ? b + 1 : b, '%') + 1;
  case P::MSTR_END: return run_of(b + 1, '%');
  case P::MSTR_START:
  case P::SYM_STR_START: {
    uint32_t k = b;
    while (k < size && at(k) != '"') ++k;
    return k + 1;
  }
  case P::RAW_ENUM_TAG: return scan(b + 1, kIdentRest);
  case P::NUM_HEX: return scan(b + 2, kHex);
  case P::NUM_OCT: {
    uint32_t k = b + 2;
    while (k < size && at(k) >= '0' && at(k) <= '7') ++k;
    return k;
  }
  case P::NUM_BIN: {
    uint32_t k = b + 2;
    while (k < size && (at(k) == '0' || at(k) == '1')) ++k;
    return k;
  }
  case P::NUM_DEC: return decimal_end(at, b, size);
  case P::BAD_CHAR: {
    if (at(b) < 0x80) return b + 1;
    uint32_t k = b;
    while (k < size && at(k) >= 0x80) ++k;
    return k;
  }
  default: break;
  }
  TokenType t = type_[i];
  if (t == P::IDENT || (t >= P::LET && t <= P::INCLUDE)) return scan(b, kIdentRest);
  return b + 1;
}

} // namespace cairn::parse
