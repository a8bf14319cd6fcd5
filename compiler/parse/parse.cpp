// The parse driver: UTF-8 check, lexing, two-stage parsing, lexical and syntax error
// reporting, AST building. See parse.h.
#include "compiler/parse/parse.h"

#include <fmt/core.h>
#include <utf8proc.h>

#include "CairnLexer.h"
#include "CairnParser.h"
#include "compiler/base/stack.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/byte_stream.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/syntax_errors.h"

namespace cairn::parse {

namespace {

// Reports the first invalid UTF-8 sequence and the first NUL byte, if any. NUL bytes are
// reported here wherever they are (in code, strings or comments), so the parser does not
// report them again.
void check_utf8(const base::SourceFile& src, base::FileId file, diag::Diagnostics& diags) {
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
      diags.error(diag::DiagKind::InvalidUtf8, {file, {at, at + 1}}, fmt::format("invalid UTF-8 byte 0x{:02x}", c))
          .primary("not valid UTF-8")
          .note("source files must be encoded in UTF-8");
      return;
    }
    i += static_cast<size_t>(n);
  }
}

void report_lex_issues(const std::vector<LexIssue>& issues, base::FileId file, diag::Diagnostics& diags) {
  for (const LexIssue& issue : issues) {
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
      diags.error(diag::DiagKind::StringDelimiterMismatch, loc,
                  "closing delimiter has more `%` than the opening one")
          .help("use the same number of `%` to open and close a multiline string");
      break;
    case LexProblem::UnmatchedBrace:
      diags.error(diag::DiagKind::UnmatchedClosingDelimiter, loc, "unmatched `}`").primary("no `{` to close");
      break;
    }
  }
}

void run(const base::SourceFile& src, base::FileId file, ast::File& out, diag::Diagnostics& diags,
         ParseStats* stats) {
  ByteStream input(src.text(), src.path());
  // A UTF-8 byte order mark at the start of the file is not part of the text.
  if (src.text().substr(0, 3) == "\xEF\xBB\xBF") input.seek(3);
  cairn_gen::CairnLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (stats) stats->tokens = tokens.size();
  report_lex_issues(lexer.issues(), file, diags);
  bool lex_failed = !lexer.issues().empty();

  cairn_gen::CairnParser parser(&tokens);
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  cairn_gen::CairnParser::FileContext* tree = nullptr;
  auto strategy = std::make_shared<ErrorStrategy>();
  try {
    try {
      tree = parser.file();
    } catch (antlr4::ParseCancellationException&) {
      if (stats) stats->used_ll = true;
      tokens.seek(0);
      parser.reset();
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser.setErrorHandler(strategy);
      tree = parser.file();
    }
  } catch (const StopParsing&) {
    tree = dynamic_cast<cairn_gen::CairnParser::FileContext*>(parser.root());
  } catch (const NestingTooDeep& e) {
    uint32_t at = static_cast<uint32_t>(std::min<size_t>(e.offset, src.size()));
    diags.error(diag::DiagKind::NestingTooDeep, {file, {at, at}}, "nesting too deep")
        .note("the parser ran out of stack at this point")
        .help("split the expression into named parts with `let`");
    out.set_root(out.add(ast::NodeKind::Error, {0, src.size()}));
    return;
  }
  // Syntax errors caused by an unterminated string at end of input repeat the lexer's report.
  for (const SyntaxError& err : strategy->errors()) {
    if (lex_failed && err.kind == diag::DiagKind::UnexpectedEof) continue;
    auto b = diags.error(err.kind, {file, {err.begin, err.end}}, err.message);
    if (!err.label.empty()) b.primary(err.label);
    if (err.related) b.label({file, err.related->first}, err.related->second);
    for (const std::string& h : err.helps) b.help(h);
  }
  if (strategy->truncated())
    diags.error(diag::DiagKind::UnexpectedToken, {file, {src.size(), src.size()}},
                fmt::format("too many syntax errors; stopped after {}", kMaxSyntaxErrors));
  if (!strategy->errors().empty() || lex_failed) out.set_has_error();
  out.set_root(build_ast(tree, out, src, diags));
}

} // namespace

ast::File parse(const base::SourceMap& sources, base::FileId file, base::Names& names, diag::Diagnostics& diags,
                ParseStats* stats) {
  const base::SourceFile& src = sources.get(file);
  ast::File out(file, &names);
  out.reserve(src.size() / 6);
  check_utf8(src, file, diags);
  try {
    base::run_with_large_stack([&] { run(src, file, out, diags, stats); }, size_t(256) << 20);
  } catch (const std::exception& e) {
    // ANTLR reports internal failures as exceptions; never let one escape the phase.
    diags.error(diag::DiagKind::UnexpectedToken, {file, {0, 0}}, fmt::format("internal parser error: {}", e.what()));
    out.set_root(out.add(ast::NodeKind::Error, {0, src.size()}));
  }
  return out;
}

} // namespace cairn::parse
