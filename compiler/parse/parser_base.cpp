// Stack checks for the generated parser; see parser_base.h.
#include "compiler/parse/parser_base.h"

#include "compiler/base/stack.h"

namespace cairn::parse {

void ParserBase::check_depth() {
  if (base::stack_exhausted(size_t(1) << 20)) {
    antlr4::Token* t = getCurrentToken();
    throw NestingTooDeep(t ? t->getStartIndex() : 0);
  }
}

} // namespace cairn::parse
