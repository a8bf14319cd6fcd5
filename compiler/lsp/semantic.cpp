// Semantic tokens (full): the lexer's tokens classified, with the identifiers told apart by
// the syntax tree (a variable, a field's name, a binder), and comments from the lexer's side
// table. Tokens that span lines (multiline strings) are cut at each line, as clients
// without multiline token support want.
#include <algorithm>
#include <unordered_map>

#include "CairnParser.h"
#include "compiler/lsp/features.h"
#include "compiler/parse/lexer.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;
using P = cairn_gen::CairnParser;

namespace {

std::optional<SemanticToken::Kind> token_type(parse::TokenType t) {
  switch (t) {
  case P::LET: case P::REC: case P::IN: case P::FUN: case P::IF: case P::THEN: case P::ELSE: case P::MATCH:
  case P::IMPORT: case P::FORALL: case P::DEFAULT: case P::FORCE: case P::PRIORITY: case P::OPTIONAL:
  case P::NOT_EXPORTED: case P::DOC: case P::OR: case P::AS: case P::INCLUDE: case P::NULL_LIT:
  case P::TRUE_LIT: case P::FALSE_LIT:
    return SemanticToken::Keyword;
  case P::DYN: case P::NUMBER_T: case P::BOOL_T: case P::STRING_T: case P::ARRAY_T: return SemanticToken::Type;
  case P::NUM_HEX: case P::NUM_OCT: case P::NUM_BIN: case P::NUM_DEC: return SemanticToken::Number;
  case P::RAW_ENUM_TAG: return SemanticToken::EnumMember;
  case P::QUOTED_ENUM_TAG_START: case P::STR_START: case P::MSTR_START: case P::SYM_STR_START: case P::STR_TEXT:
  case P::STR_PCT: case P::STR_ESC_HEX: case P::STR_ESC: case P::STR_END: case P::MSTR_TEXT: case P::MSTR_QUOTE_PCT:
  case P::MSTR_PCT: case P::MSTR_QUOTE: case P::MSTR_END:
    return SemanticToken::String;
  case P::PIPE_GT: case P::OROR: case P::ANDAND: case P::EQEQ: case P::NEQ: case P::LE: case P::GE: case P::LT:
  case P::GT: case P::PLUSPLUS: case P::PLUS: case P::MINUS: case P::STAR: case P::SLASH: case P::PERCENT:
  case P::AMP: case P::PIPE: case P::BANG: case P::ARROW: case P::FAT_ARROW:
    return SemanticToken::Operator;
  default: return std::nullopt;
  }
}

} // namespace

std::vector<SemanticToken> semantic_tokens(Analysis& a, std::string_view text) {
  // What the tree says of identifiers, by their first byte.
  std::unordered_map<uint32_t, std::pair<SemanticToken::Kind, bool>> names; // type, declaration
  if (const resolve::Module* m = a.root(); m && m->file.valid() && a.unit().sources.get(m->file).text() == text) {
    const ast::File& f = m->ast;
    for (uint32_t i = 0; i < f.node_count(); ++i) {
      NodeId n(i);
      base::Span s = f.span(n);
      switch (name_node(f.kind(n))) {
      case NameNode::Var: {
        auto b = a.binder_of({m, n, 0});
        bool is_std = b && b->module->is_std && b->node == b->module->ast.root();
        names[s.begin] = {is_std ? SemanticToken::Namespace : SemanticToken::Variable, false};
        break;
      }
      case NameNode::Name: {
        NodeId p = a.parent(m, n);
        bool decl = p.valid() && f.kind(p) == NodeKind::FieldPath;
        names[s.begin] = {SemanticToken::Property, decl};
        break;
      }
      case NameNode::PatAny: {
        NodeId p = a.parent(m, n);
        bool param = p.valid() && f.kind(p) == NodeKind::Fun;
        names[s.begin] = {param ? SemanticToken::Parameter : SemanticToken::Variable, true};
        break;
      }
      case NameNode::Other:
      case NameNode::Import:
      case NameNode::Record:
      case NameNode::Field:
      case NameNode::PatAlias: break;
      }
    }
  }
  std::vector<SemanticToken> out;
  auto add = [&](uint32_t b, uint32_t e, SemanticToken::Kind type, bool decl) {
    // One token per line.
    while (b < e) {
      size_t nl = text.find('\n', b);
      uint32_t end = nl == std::string_view::npos || nl >= e ? e : static_cast<uint32_t>(nl);
      if (end > b) out.push_back({b, end, type, decl});
      b = end + 1;
    }
  };
  parse::TokenArray tokens = parse::lex(text);
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    if (tokens.is_virtual(i)) continue;
    parse::TokenType t = tokens.type(i);
    uint32_t b = tokens.begin(i), e = tokens.end(i);
    if (e > text.size() || e <= b) continue;
    if (t == P::IDENT) {
      auto it = names.find(b);
      if (it != names.end()) add(b, e, it->second.first, it->second.second);
      continue;
    }
    if (auto type = token_type(t)) add(b, e, *type, false);
  }
  for (const parse::TokenArray::Comment& c : tokens.comments())
    if (c.end <= text.size()) add(c.begin, c.end, SemanticToken::Comment, false);
  std::stable_sort(out.begin(), out.end(), [](const SemanticToken& x, const SemanticToken& y) { return x.begin < y.begin; });
  return out;
}

} // namespace cairn::lsp
