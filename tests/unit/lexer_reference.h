// Runs the grammar's generated ANTLR lexer and the hand-written lexer on the same text and
// describes the first difference, or returns "" when they agree. Used by the lexer unit
// test and the parse fuzzer. Header-only so both can include it.
#pragma once

#include "CairnLexer.h"
#include "compiler/parse/byte_stream.h"
#include "compiler/parse/lexer.h"

#include <fmt/core.h>
#include <string>
#include <vector>

namespace cairn::parse {

inline std::string compare_lexers(const std::string& text) {
  struct Tok {
    size_t type, start, end;
  };
  ByteStream input(text, "x");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") input.seek(3);
  cairn_gen::CairnLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Tok> want;
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    if (t->getType() == antlr4::Token::EOF) break;
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    want.push_back({t->getType(), t->getStartIndex(), t->getStopIndex() + 1});
  }
  TokenArray got = lex_tokens(text);
  for (size_t i = 0; i < std::max<size_t>(want.size(), got.size()); ++i) {
    if (i >= want.size())
      return fmt::format("extra token {} at {}", got.type(static_cast<uint32_t>(i)),
                         got.begin(static_cast<uint32_t>(i)));
    if (i >= got.size()) return fmt::format("missing token {} at {}", want[i].type, want[i].start);
    uint32_t k = static_cast<uint32_t>(i);
    if (want[i].type != got.type(k) || want[i].start != got.begin(k) || want[i].end != got.end(k))
      return fmt::format("token {}: want type {} [{}, {}), got type {} [{}, {})", i, want[i].type,
                         want[i].start, want[i].end, got.type(k), got.begin(k), got.end(k));
  }
  const std::vector<LexIssue>& a = lexer.issues();
  const std::vector<LexIssue>& b = got.issues();
  if (a.size() != b.size()) return fmt::format("{} lexical issues, want {}", b.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].problem != b[i].problem || a[i].begin != b[i].begin || a[i].end != b[i].end)
      return fmt::format("lexical issue {} differs", i);
  return "";
}

} // namespace cairn::parse
