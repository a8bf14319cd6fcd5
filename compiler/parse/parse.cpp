// The parse driver: encoding checks, lexing, the fast path, the recovery parse, and the
// diagnostics of all of them in source order. See parse.h.
#include "compiler/parse/parse.h"

#include "compiler/parse/ast_image.h"

#include "CairnParser.h"
#include "compiler/base/stack.h"
#include "compiler/parse/chunk_parser.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/pattern_check.h"
#include "compiler/parse/syntax_errors.h"

#include <algorithm>
#include <fmt/core.h>
#include <utf8proc.h>

namespace cairn::parse {

namespace {

using P = cairn_gen::CairnParser;

// Reports the first invalid UTF-8 sequence and the first NUL byte, if any. NUL bytes are
// reported here wherever they are (in code, strings or comments), so the parser does not
// report them again.
void check_encoding(const base::SourceFile& src, base::FileId file, diag::Diagnostics& diags) {
  std::string_view text = src.text();
  size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    uint32_t at = static_cast<uint32_t>(nul);
    diags.error(diag::DiagKind::NulByte, {file, {at, at + 1}}, "unexpected NUL byte")
        .primary("not valid in a source file")
        .help("source files are text; inside a string, write `\\x00` for a NUL character");
  }
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      uint32_t at = static_cast<uint32_t>(i);
      diags
          .error(diag::DiagKind::InvalidUtf8, {file, {at, at + 1}},
                 fmt::format("invalid UTF-8 byte 0x{:02x}", c))
          .primary("not valid UTF-8")
          .note("source files must be encoded in UTF-8");
      return;
    }
    i += static_cast<size_t>(n);
  }
}

void report_lex_issues(const TokenArray& tokens, base::FileId file, diag::Diagnostics& diags) {
  // An interpolation left open makes its string, and the string around it, unterminated:
  // one report says what to close.
  uint32_t open = tokens.unclosed();
  if (open != TokenArray::kNoMatch &&
      (tokens.type(open) == P::STR_INTERP || tokens.type(open) == P::MSTR_INTERP)) {
    auto b = diags.error(diag::DiagKind::UnterminatedString,
                         {file, {tokens.begin(open), tokens.end(open)}}, "unclosed interpolation");
    b.primary("this `%{` has no `}`");
    for (const LexIssue& issue : tokens.issues())
      if (issue.begin < tokens.begin(open)) {
        b.label({file, {issue.begin, issue.end}}, "in this string");
        break;
      }
    b.help("close the interpolation with `}` before the end of the string");
    return;
  }
  for (const LexIssue& issue : tokens.issues()) {
    base::Loc loc{file, {issue.begin, issue.end}};
    switch (issue.problem) {
    case LexProblem::UnterminatedString:
      diags.error(diag::DiagKind::UnterminatedString, loc, "unterminated string")
          .primary("the string starts here")
          .help("close it with `\"`");
      break;
    case LexProblem::UnterminatedMultiline:
      diags.error(diag::DiagKind::UnterminatedString, loc, "unterminated multiline string")
          .primary("the string starts here")
          .help("close it with `\"` followed by as many `%` as it opened with");
      break;
    case LexProblem::DelimiterMismatch:
      diags
          .error(diag::DiagKind::StringDelimiterMismatch, loc,
                 "closing delimiter has more `%` than the opening one")
          .help("use the same number of `%` to open and close a multiline string");
      break;
    case LexProblem::UnmatchedBrace: break; // a bracket issue too, reported below
    }
  }
}

// The repairs of the bracket matcher (brackets.cpp): one diagnostic each. After an
// unterminated string, brackets left open at the end are its consequence and not reported.
void report_bracket_issues(const TokenArray& tokens, bool string_problems, base::FileId file,
                           diag::Diagnostics& diags, SyntaxErrors& errors) {
  std::string_view src = tokens.source();
  auto text = [&](uint32_t b, uint32_t e) { return std::string(src.substr(b, e - b)); };
  bool reported_eof = false;
  for (const BracketIssue& issue : tokens.bracket_issues()) {
    base::Loc at{file, {issue.at_begin, issue.at_end}};
    bool eof = issue.eof;
    if (eof && (string_problems || reported_eof)) continue;
    errors.mark_reported(issue.at_begin);
    std::string found = eof ? "end of input" : "`" + text(issue.at_begin, issue.at_end) + "`";
    if (issue.kind == BracketIssue::Stray) {
      diags.error(diag::DiagKind::UnmatchedClosingDelimiter, at, fmt::format("unmatched {}", found))
          .primary("nothing to close here");
      continue;
    }
    std::string opener = text(issue.opener_begin, issue.opener_end);
    if (opener.size() > 1 && opener.back() == '{') opener = "%{";
    std::string want = token_description(issue.want);
    auto b =
        diags.error(eof ? diag::DiagKind::UnexpectedEof : diag::DiagKind::UnmatchedClosingDelimiter,
                    at, fmt::format("expected {} to close `{}`, found {}", want, opener, found));
    b.primary(issue.kind == BracketIssue::Mismatch ? "does not close the innermost bracket"
                                                   : fmt::format("expected {} here", want));
    b.label({file, {issue.opener_begin, issue.opener_end}}, fmt::format("unclosed `{}`", opener));
    if (!eof) continue;
    // One report at the end of the input, naming the other brackets left open too.
    reported_eof = true;
    size_t more = 0;
    for (const BracketIssue& other : tokens.bracket_issues()) {
      if (&other == &issue || !other.eof) continue;
      if (++more > 4) break;
      b.label({file, {other.opener_begin, other.opener_end}},
              fmt::format("`{}` not closed either", text(other.opener_begin, other.opener_end)));
    }
  }
  if (tokens.bracket_issues_truncated()) {
    uint32_t at = static_cast<uint32_t>(src.size());
    diags.error(diag::DiagKind::UnmatchedClosingDelimiter, {file, {at, at}},
                "too many unbalanced brackets; stopped reporting after 25");
  }
}

// Problems with strings make the rest of the file hard to read; errors at its end are
// then the lexer's to report.
bool string_problems(const TokenArray& tokens) {
  for (const LexIssue& issue : tokens.issues())
    if (issue.problem != LexProblem::UnmatchedBrace) return true;
  return false;
}

void report_syntax_errors(const SyntaxErrors& errors, bool lex_failed, base::FileId file,
                          uint32_t size, diag::Diagnostics& diags) {
  for (const SyntaxError& err : errors.list()) {
    // At the end of the input after an unterminated string, the lexer has said it.
    if (lex_failed && err.kind == diag::DiagKind::UnexpectedEof) continue;
    auto b = diags.error(err.kind, {file, {err.begin, err.end}}, err.message);
    if (!err.label.empty()) b.primary(err.label);
    for (const auto& [span, text] : err.related) b.label({file, span}, text);
    for (const std::string& h : err.helps) b.help(h);
  }
  if (errors.truncated())
    diags.error(diag::DiagKind::UnexpectedToken, {file, {size, size}},
                fmt::format("too many syntax errors; stopped after {}", kMaxSyntaxErrors));
}

// Sizes the tree's stores from the token count so they never grow by copying (a copy
// briefly holds both the old and the new array); reserved pages not written are free.
void reserve(ast::File& out, const TokenArray& tokens) {
  out.reserve(size_t(tokens.size()) + 16);
  out.reserve_strings(tokens.size() / 4 + 16, tokens.source().size() + 16);
}

// Forwards buffered diagnostics in source order.
void forward(diag::CollectingConsumer& buffer, diag::Diagnostics& diags) {
  std::stable_sort(buffer.diagnostics.begin(), buffer.diagnostics.end(),
                   [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
                     return a.loc.span.begin < b.loc.span.begin;
                   });
  for (diag::Diagnostic& d : buffer.diagnostics) diags.report(std::move(d));
  buffer.diagnostics.clear();
}

void run(const base::SourceFile& src, base::FileId file, base::Names& names, ast::File& out,
         diag::Diagnostics& diags, ParseStats* stats, const ParseOptions& options) {
  TokenArray tokens = lex(src.text());
  if (stats) {
    stats->tokens = tokens.size();
    stats->token_bytes = tokens.memory_bytes();
  }
  bool lex_failed = string_problems(tokens);
  diag::CollectingConsumer buffer;
  diag::Diagnostics local(&buffer);
  reserve(out, tokens);
  try {
    if (tokens.issues().empty() && tokens.balanced() && !options.whole_file) {
      try {
        ChunkParser fast(tokens, out, src, local, ChunkMode::Fast, nullptr);
        out.set_root(fast.file(true));
        check_patterns(out, src, local);
        if (local.has_errors()) out.set_has_error(); // a name bound twice in a pattern
        if (stats) {
          stats->windows = fast.stats().windows;
          stats->max_depth = fast.stats().max_depth;
          stats->used_ll = fast.stats().ll_windows > 0;
        }
        forward(buffer, diags);
        return;
      } catch (const FastPathFailed&) {
        buffer.diagnostics.clear();
        out = ast::File(file, &names);
        reserve(out, tokens);
      }
    }
    if (stats) stats->recovered = !options.whole_file;
    report_lex_issues(tokens, file, local);
    SyntaxErrors errors(tokens);
    report_bracket_issues(tokens, lex_failed, file, local, errors);
    ChunkParser slow(tokens, out, src, local, ChunkMode::Recover, &errors);
    out.set_root(slow.file(!options.whole_file));
    check_patterns(out, src, local);
    if (stats) {
      stats->windows = slow.stats().windows;
      stats->max_depth = slow.stats().max_depth;
      stats->used_ll = slow.stats().ll_windows > 0;
    }
    report_syntax_errors(errors, lex_failed, file, src.size(), local);
    if (!errors.empty() || !tokens.issues().empty() || !tokens.bracket_issues().empty() || local.has_errors())
      out.set_has_error();
    forward(buffer, diags);
  } catch (const NestingTooDeep& e) {
    uint32_t at = static_cast<uint32_t>(std::min<size_t>(e.offset, src.size()));
    diags.error(diag::DiagKind::NestingTooDeep, {file, {at, at}}, "nesting too deep")
        .note("the parser ran out of stack at this point")
        .help("split the expression into named parts with `let`");
    out = ast::File(file, &names);
    out.set_root(out.add(ast::NodeKind::Error, {0, src.size()}));
  }
}

} // namespace

ast::File parse(const base::SourceMap& sources, base::FileId file, base::Names& names,
                diag::Diagnostics& diags, ParseStats* stats, const ParseOptions& options) {
  const base::SourceFile& src = sources.get(file);
  // The standard library was parsed when cairn was built (ast_image.h).
  if (options.use_images && !options.whole_file)
    if (std::optional<std::string_view> image = find_image(src.text()))
      if (std::optional<ast::File> tree = read_image(*image, file, names)) return std::move(*tree);
  ast::File out(file, &names);
  check_encoding(src, file, diags);
  try {
    base::run_with_large_stack([&] { run(src, file, names, out, diags, stats, options); },
                               size_t(256) << 20);
  } catch (const std::exception& e) {
    // ANTLR reports internal failures as exceptions; never let one escape the phase.
    diags.error(diag::DiagKind::UnexpectedToken, {file, {0, 0}},
                fmt::format("internal parser error: {}", e.what()));
    out = ast::File(file, &names);
    out.set_root(out.add(ast::NodeKind::Error, {0, src.size()}));
  }
  return out;
}

} // namespace cairn::parse
