// The chunk parser's ANTLR windows: one generated parser per nesting level, the SLL / LL /
// recovery stages per window, and the messages about tokens left after a window's rule;
// see chunk_parser.h.
#include "compiler/parse/chunk_parser.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_window.h"

#include <fmt/core.h>

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

struct ChunkParser::Session {
  Session(const TokenArray& tokens, SyntaxErrors* errors) : window(tokens), parser(&window) {
    parser.removeErrorListeners();
    bail = std::make_shared<antlr4::BailErrorStrategy>();
    if (errors) recover = std::make_shared<ErrorStrategy>(*errors);
  }
  TokenWindow window;
  cairn_gen::CairnParser parser;
  std::shared_ptr<antlr4::BailErrorStrategy> bail;
  std::shared_ptr<ErrorStrategy> recover;
};

ChunkParser::ChunkParser(const TokenArray& tokens, ast::File& file, const base::SourceFile& source,
                         diag::Diagnostics& diags, ChunkMode mode, SyntaxErrors* errors)
    : tokens_(tokens), file_(file), source_(source), diags_(diags), mode_(mode), errors_(errors),
      builder_(file, source, diags, this) {}

ChunkParser::~ChunkParser() = default;

ChunkParser::Session& ChunkParser::acquire() {
  if (depth_ == sessions_.size()) sessions_.push_back(std::make_unique<Session>(tokens_, errors_));
  Session& s = *sessions_[depth_++];
  if (depth_ > stats_.max_depth) stats_.max_depth = depth_;
  return s;
}

namespace {
// Releases a window's level when its node is built (or an exception unwinds).
struct Level {
  explicit Level(uint32_t& depth) : depth_(depth) {}
  ~Level() { --depth_; }
  uint32_t& depth_;
};

bool at_end(TokenWindow& w) {
  return w.LA(1) == antlr4::Token::EOF;
}
} // namespace

antlr4::ParserRuleContext* ChunkParser::run(Session& s, uint32_t b, uint32_t e, bool open_first,
                                            Item item, uint32_t open, const Rule& rule) {
  ++stats_.windows;
  P& p = s.parser;
  auto* sim = p.getInterpreter<antlr4::atn::ParserATNSimulator>();
  s.window.reset(b, e, holes_, open_first);
  p.setTokenStream(&s.window);
  p.setErrorHandler(s.bail);
  // Stage 1: SLL, then full LL, both giving up at the first error.
  for (auto mode : {antlr4::atn::PredictionMode::SLL, antlr4::atn::PredictionMode::LL}) {
    sim->setPredictionMode(mode);
    // A start rule's context records the state it was invoked from; reset() keeps the
    // last rule's, which would send error recovery into the wrong rule.
    p.setState(antlr4::atn::ATNState::INVALID_STATE_NUMBER);
    try {
      antlr4::ParserRuleContext* tree = rule(p);
      if (at_end(s.window)) return tree;
    } catch (antlr4::ParseCancellationException&) {
    }
    // With recovery to come, full LL without it would only repeat the work.
    if (mode == antlr4::atn::PredictionMode::LL || mode_ == ChunkMode::Recover) break;
    ++stats_.ll_windows;
    s.window.seek(0);
    p.reset();
    p.setErrorHandler(s.bail);
  }
  if (mode_ == ChunkMode::Fast) throw FastPathFailed();
  // Stage 2: LL with recovery; errors go to the shared sink.
  s.window.seek(0);
  p.reset();
  p.setErrorHandler(s.recover);
  sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
  p.setState(antlr4::atn::ATNState::INVALID_STATE_NUMBER);
  antlr4::ParserRuleContext* tree = nullptr;
  size_t errors_before = errors_->list().size();
  try {
    tree = rule(p);
    // Tokens left after an error inside the window are its cascade, not news.
    if (!at_end(s.window) && errors_->list().size() == errors_before) {
      auto* next = static_cast<WindowToken*>(s.window.LT(1));
      report_trailing(next->real_index(), b, item, open);
    }
  } catch (const StopParsing&) {
    tree = p.root();
  }
  return tree;
}

NodeId ChunkParser::file(bool holes) {
  holes_ = holes;
  Session& s = acquire();
  Level level(depth_);
  auto* tree = static_cast<P::FileContext*>(
      run(s, 0, tokens_.size(), false, Item::File, 0,
          [](P& p) -> antlr4::ParserRuleContext* { return p.file(); }));
  if (!tree) return file_.add(NodeKind::Error, {0, static_cast<uint32_t>(source_.size())});
  return builder_.term(tree->term(), tree);
}

NodeId ChunkParser::antlr_term(uint32_t b, uint32_t e, Item item, uint32_t open) {
  Session& s = acquire();
  Level level(depth_);
  auto* tree =
      run(s, b, e, false, item, open, [](P& p) -> antlr4::ParserRuleContext* { return p.term(); });
  return builder_.term(dynamic_cast<P::TermContext*>(tree), tree);
}

void ChunkParser::antlr_field(uint32_t b, uint32_t e, uint32_t open, Kids& out) {
  Session& s = acquire();
  Level level(depth_);
  auto* tree = run(s, b, e, false, Item::FieldDecl, open,
                   [](P& p) -> antlr4::ParserRuleContext* { return p.fieldDecl(); });
  if (auto* decl = dynamic_cast<P::FieldDeclContext*>(tree))
    builder_.field_decl(decl, out);
  else
    out.push_back(file_.add(NodeKind::Error, {tokens_.begin(b), tokens_.end(e - 1)}));
}

// A whole `{...}` or `[...]` group, parsed by ANTLR: patterns, and literals whose structure
// the C++ side rejected (an empty field, a misplaced `..`), so ANTLR reports it.
NodeId ChunkParser::antlr_group(uint32_t open, bool pattern) {
  check_depth(open);
  uint32_t close = tokens_.match(open);
  bool brace = tokens_.type(open) == P::LBRACE;
  Session& s = acquire();
  Level level(depth_);
  auto* tree =
      run(s, open, close + 1, true, Item::Group, open, [&](P& p) -> antlr4::ParserRuleContext* {
        if (!pattern) return p.atom(0);
        if (brace) return p.recordPattern();
        return p.arrayPattern();
      });
  if (!pattern) return builder_.atom(dynamic_cast<P::AtomContext*>(tree));
  if (brace) return builder_.record_pattern(dynamic_cast<P::RecordPatternContext*>(tree));
  return builder_.array_pattern(dynamic_cast<P::ArrayPatternContext*>(tree));
}

NodeId ChunkParser::hole_pattern(uint32_t open) {
  if (!is_hole(tokens_, open)) return file_.add(NodeKind::Error, span(open)); // never
  return antlr_group(open, true);
}

// A window's rule ended before the window did, at token `at`.
void ChunkParser::report_trailing(uint32_t at, uint32_t b, Item item, uint32_t open) {
  if (!errors_ || at >= tokens_.size()) return;
  std::string found = found_description(tokens_, at);
  SyntaxError err{diag::DiagKind::UnexpectedToken,
                  tokens_.begin(at),
                  tokens_.end(at),
                  {},
                  "unexpected " + found,
                  {},
                  {}};
  switch (item) {
  case Item::Field:
  case Item::FieldDecl: {
    // `{ a = 1 b = 2 }`: the value took `b` as an argument; say where the `,` is missing.
    uint32_t j = at;
    auto elem = [&](uint32_t k) {
      TokenType t = tokens_.type(k);
      return t == P::IDENT || t == P::AS || t == P::INCLUDE || t == P::OR ||
             (t >= P::DEFAULT && t <= P::DOC);
    };
    if (item == Item::Field && tokens_.type(at) == P::EQ && j > b + 1 && elem(j - 1)) {
      --j;
      while (j >= b + 3 && tokens_.type(j - 1) == P::DOT && elem(j - 2)) j -= 2;
    }
    if (j < at && j > b) {
      uint32_t after = tokens_.end(j - 1);
      std::string path(
          source_.text().substr(tokens_.begin(j), tokens_.end(at - 1) - tokens_.begin(j)));
      err.message = fmt::format("missing `,` before the field `{}`", path);
      err.begin = err.end = after;
      err.label = "expected `,` here";
      err.related.push_back(
          {{tokens_.begin(j), tokens_.end(at - 1)}, "the next field starts here"});
      break;
    }
    err.message = fmt::format("expected `,` or `}}` after record field, found {}", found);
    err.related.push_back({span(open), "the record starts here"});
    if (tokens_.type(at) == P::QUESTION)
      err.helps.push_back(
          "`?` gives a default value in a pattern; in a record, write `a | default = 1`");
    if (item == Item::FieldDecl && tokens_.type(b) == P::INCLUDE && tokens_.type(at) == P::EQ)
      err.helps.push_back("`include a` takes `a` from the enclosing scope and cannot have a value; "
                          "write `a = ...` to define the field");
    break;
  }
  case Item::Element:
    err.message = fmt::format("expected `,` or `]` after array element, found {}", found);
    err.related.push_back({span(open), "the array starts here"});
    break;
  case Item::Interpolation:
    err.message = fmt::format("expected `}}` to close the interpolation, found {}", found);
    err.related.push_back({span(open), "the interpolation starts here"});
    break;
  case Item::File:
  case Item::Group: err.message = fmt::format("unexpected {}", found); break;
  }
  errors_->add(std::move(err));
}

} // namespace cairn::parse
