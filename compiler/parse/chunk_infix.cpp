// The chunk parser's operator chains: `base & defaults | Contract`, `a + b + c`, built by
// hand when every operand is a simple value (chunk_values.cpp), every operator belongs to
// one precedence level (so the chain is simply left-associative, whatever the level), and
// every annotation is a simple value. Anything else (prefix operators, mixed levels,
// `->`, `let`/`fun`/`if` terms) goes to ANTLR. See chunk_parser.h.
#include "compiler/parse/chunk_parser.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {

struct BinaryOp {
  int level; // 0: not a left-associative binary operator
  ast::BinOpKind kind;
};

// The levels of grammar/CairnParser.g4's `infix` rule, tightest first.
BinaryOp binary_op(TokenType t) {
  switch (t) {
  case P::PLUSPLUS: return {1, ast::BinOpKind::Concat};
  case P::AT: return {1, ast::BinOpKind::ArrayConcat};
  case P::STAR: return {2, ast::BinOpKind::Mul};
  case P::SLASH: return {2, ast::BinOpKind::Div};
  case P::PERCENT: return {2, ast::BinOpKind::Mod};
  case P::PLUS: return {3, ast::BinOpKind::Add};
  case P::MINUS: return {3, ast::BinOpKind::Sub};
  case P::AMP: return {4, ast::BinOpKind::Merge};
  case P::PIPE_GT: return {4, ast::BinOpKind::Pipe};
  case P::LT: return {5, ast::BinOpKind::Lt};
  case P::LE: return {5, ast::BinOpKind::Le};
  case P::GT: return {5, ast::BinOpKind::Gt};
  case P::GE: return {5, ast::BinOpKind::Ge};
  case P::EQEQ: return {6, ast::BinOpKind::Eq};
  case P::NEQ: return {6, ast::BinOpKind::Ne};
  case P::ANDAND: return {7, ast::BinOpKind::And};
  case P::OROR: return {8, ast::BinOpKind::Or};
  default: return {0, ast::BinOpKind::Arrow};
  }
}

} // namespace

// Plans [b, e) as `operand (op operand)* annotation*`; false if it has another shape.
// `cuts` gets the end of each operand and then of each annotation; `operands` how many
// of them are operands.
bool ChunkParser::chain_shape(uint32_t b, uint32_t e, Ends& cuts, uint32_t& operands,
                              bool nested) const {
  // Annotations start at the first `|` or `:` of the chain's own level.
  uint32_t annot = b;
  while (annot < e && tokens_.type(annot) != P::PIPE && tokens_.type(annot) != P::COLON)
    annot = TokenArray::is_opener(tokens_.type(annot)) ? tokens_.match(annot) + 1 : annot + 1;
  int level = 0;
  uint32_t i = b;
  operands = 0;
  while (i < annot) {
    uint32_t end = i;
    while (end < annot && binary_op(tokens_.type(end)).level == 0)
      end = TokenArray::is_opener(tokens_.type(end)) ? tokens_.match(end) + 1 : end + 1;
    if (end == i || !simple_value_shape(i, end, nullptr, nested)) return false;
    cuts.push_back(end);
    ++operands;
    if (end == annot) break;
    int l = binary_op(tokens_.type(end)).level;
    if (level && l != level) return false;
    level = l;
    i = end + 1;
    if (i == annot) return false; // a dangling operator
  }
  if (operands == 0) return false;
  for (uint32_t g = annot; g < e;) {
    uint32_t end = g + 1;
    while (end < e && tokens_.type(end) != P::PIPE && tokens_.type(end) != P::COLON)
      end = TokenArray::is_opener(tokens_.type(end)) ? tokens_.match(end) + 1 : end + 1;
    if (!simple_value_shape(g + 1, end, nullptr, nested)) return false;
    cuts.push_back(end);
    g = end;
  }
  return operands > 1 || cuts.size() > 1;
}

NodeId ChunkParser::chain(uint32_t b, uint32_t e, const Ends& cuts, uint32_t operands) {
  NodeId acc = simple_value(b, cuts[0]);
  for (uint32_t k = 1; k < operands; ++k) {
    uint32_t op = cuts[k - 1];
    NodeId right = simple_value(op + 1, cuts[k]);
    acc = file_.add(NodeKind::BinOp, {tokens_.begin(b), tokens_.end(cuts[k] - 1)}, {acc, right},
                    static_cast<uint32_t>(binary_op(tokens_.type(op)).kind));
  }
  if (operands == cuts.size()) return acc;
  Kids metas;
  for (size_t k = operands; k < cuts.size(); ++k) {
    uint32_t g = cuts[k - 1];
    NodeKind kind = tokens_.type(g) == P::PIPE ? NodeKind::ContractAnnot : NodeKind::TypeAnnot;
    metas.push_back(file_.add(kind, {tokens_.begin(g), tokens_.end(cuts[k] - 1)},
                              {simple_value(g + 1, cuts[k])}));
  }
  uint32_t first = cuts[operands - 1];
  NodeId meta = file_.add(NodeKind::Meta, {tokens_.begin(first), tokens_.end(e - 1)}, metas.data(),
                          static_cast<uint32_t>(metas.size()));
  return file_.add(NodeKind::Annot, {tokens_.begin(b), tokens_.end(e - 1)}, {acc, meta});
}

} // namespace cairn::parse
