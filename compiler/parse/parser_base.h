// The hand-written half of the parser: the generated CairnParser derives from ParserBase.
//
// ParserBase checks, at every rule entry, that the thread still has stack to spare; the
// generated parser recurses once per nesting level, so a deeply nested input would
// otherwise overflow. When the stack runs low it throws `NestingTooDeep`, which parse.cpp
// turns into a diagnostic. The parser runs on a thread with a large stack (base/stack.h).
#pragma once

#include <antlr4-runtime.h>
#include <stdexcept>

namespace cairn::parse {

struct NestingTooDeep : std::runtime_error {
  explicit NestingTooDeep(size_t offset) : std::runtime_error("nesting too deep"), offset(offset) {}
  size_t offset; // byte offset of the token where parsing stopped
};

// Thrown by the error strategy when going on cannot help (too many errors, or recovery
// stuck at end of input); the partial tree under `ParserBase::root()` is still usable.
struct StopParsing : std::runtime_error {
  StopParsing() : std::runtime_error("parsing stopped") {}
};

class ParserBase : public antlr4::Parser {
public:
  explicit ParserBase(antlr4::TokenStream* input) : antlr4::Parser(input) {}

  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    check_depth();
    if (!ctx->parent) root_ = ctx;
    antlr4::Parser::enterRule(ctx, state, rule);
  }
  // The outermost rule context of the current parse: the (partial) tree after a StopParsing.
  antlr4::ParserRuleContext* root() const { return root_; }
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule,
                          int precedence) override {
    check_depth();
    antlr4::Parser::enterRecursionRule(ctx, state, rule, precedence);
  }

private:
  void check_depth();
  antlr4::ParserRuleContext* root_ = nullptr;
};

} // namespace cairn::parse

// The generated parser lives in namespace cairn_gen and names its base class unqualified.
namespace cairn_gen {
using cairn::parse::ParserBase;
}
