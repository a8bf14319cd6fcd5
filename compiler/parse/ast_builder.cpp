// Parse tree to AST; see ast_builder.h. Expressions, records and types are here; patterns
// and string literals are in ast_builder_patterns.cpp and ast_builder_strings.cpp.
#include "compiler/parse/ast_builder.h"

#include "compiler/base/stack.h"
#include "compiler/parse/token_window.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

base::Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  antlr4::Token* start = ctx->getStart();
  antlr4::Token* stop = ctx->getStop();
  if (!start) return {};
  uint32_t b = static_cast<uint32_t>(start->getStartIndex());
  if (start->getType() == antlr4::Token::EOF) return {b, b};
  if (!stop || stop->getType() == antlr4::Token::EOF ||
      stop->getTokenIndex() < start->getTokenIndex()) {
    return {b, stop && stop->getTokenIndex() < start->getTokenIndex()
                   ? b
                   : static_cast<uint32_t>(start->getStopIndex()) + 1};
  }
  return {b, static_cast<uint32_t>(stop->getStopIndex()) + 1};
}

base::Span Builder::span(antlr4::Token* t) const {
  uint32_t b = static_cast<uint32_t>(t->getStartIndex());
  if (t->getType() == antlr4::Token::EOF) return {b, b};
  return {b, static_cast<uint32_t>(t->getStopIndex()) + 1};
}

std::string_view Builder::text(antlr4::Token* t) const {
  base::Span s = span(t);
  return source_.text().substr(s.begin, s.size());
}

NodeId Builder::error(base::Span s) {
  return file_.add(NodeKind::Error, s);
}

NodeId Builder::missing(antlr4::ParserRuleContext* parent) {
  base::Span s = parent ? span(parent) : base::Span{};
  return error({s.end, s.end});
}

bool Builder::too_deep(antlr4::ParserRuleContext* ctx) {
  if (!base::stack_exhausted(size_t(512) << 10)) return false;
  if (!reported_depth_) {
    reported_depth_ = true;
    diags_
        .error(diag::DiagKind::NestingTooDeep, file_.loc(file_.add(NodeKind::Error, span(ctx))),
               "nesting too deep")
        .help("split the expression into named parts with `let`");
  }
  return true;
}

uint32_t Builder::hole_index(antlr4::tree::TerminalNode* hole) const {
  if (!holes_ || !hole || !hole->getSymbol() || hole->getSymbol()->getType() != P::HOLE)
    return WindowToken::kNone;
  return static_cast<WindowToken*>(hole->getSymbol())->real_index();
}

NodeId Builder::name_node(antlr4::ParserRuleContext* ctx) {
  if (!ctx || !ctx->getStart()) return missing(ctx);
  antlr4::Token* t = ctx->getStart();
  return file_.add(NodeKind::Name, span(t), {}, intern(text(t)).index);
}

// ---------------------------------------------------------------- terms

NodeId Builder::term(P::TermContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  if (too_deep(ctx)) return error(span(ctx));
  if (auto* c = dynamic_cast<P::InfixTermContext*>(ctx)) {
    NodeId e = infix(c->infix(), c);
    auto annots = c->annot();
    if (annots.empty()) return e;
    Kids metas;
    for (auto* a : annots) metas.push_back(annot(a));
    NodeId meta =
        file_.add(NodeKind::Meta, base::Span::cover(span(annots.front()), span(annots.back())),
                  metas.data(), static_cast<uint32_t>(metas.size()));
    return file_.add(NodeKind::Annot, span(ctx), {e, meta});
  }
  if (auto* c = dynamic_cast<P::LetTermContext*>(ctx)) {
    Kids kids;
    for (auto* child : c->children)
      if (auto* b = dynamic_cast<P::LetBindingContext*>(child)) kids.push_back(let_binding(b));
    kids.push_back(term(c->term(), c));
    return file_.add(NodeKind::Let, span(ctx), kids.data(), static_cast<uint32_t>(kids.size()), 0,
                     c->REC() ? ast::kLetRec : 0);
  }
  if (auto* c = dynamic_cast<P::FunTermContext*>(ctx)) {
    Kids kids;
    for (auto* child : c->children)
      if (auto* p = dynamic_cast<P::PatternArgContext*>(child)) kids.push_back(pattern_arg(p));
    kids.push_back(term(c->term(), c));
    return file_.add(NodeKind::Fun, span(ctx), kids.data(), static_cast<uint32_t>(kids.size()));
  }
  if (auto* c = dynamic_cast<P::IfTermContext*>(ctx)) {
    NodeId parts[3];
    for (size_t i = 0; i < 3; ++i) parts[i] = term(c->term(i), c);
    return file_.add(NodeKind::If, span(ctx), {parts[0], parts[1], parts[2]});
  }
  if (auto* c = dynamic_cast<P::ImportTermContext*>(ctx)) return import(c);
  if (auto* c = dynamic_cast<P::ForallTermContext*>(ctx)) return forall(c->forall(), c);
  return error(span(ctx));
}

NodeId Builder::import(P::ImportTermContext* c) {
  std::string path;
  if (c->string()) {
    if (auto s = static_string(c->string(), "an import path")) path = *s;
  }
  Kids kids;
  if (auto* tag = c->enumTag())
    kids.push_back(file_.add(NodeKind::EnumTag, span(tag), {}, enum_tag(tag).index));
  if (!c->string()) kids.push_back(missing(c));
  return file_.add(NodeKind::Import, span(c), kids.data(), static_cast<uint32_t>(kids.size()),
                   file_.add_string(path).index);
}

NodeId Builder::forall(P::ForallContext* c, antlr4::ParserRuleContext* parent) {
  if (!c) return missing(parent);
  Kids kids;
  for (auto* id : c->ident()) kids.push_back(name_node(id));
  kids.push_back(type_expr(c->typeExpr(), c));
  return file_.add(NodeKind::Forall, span(c), kids.data(), static_cast<uint32_t>(kids.size()));
}

NodeId Builder::type_expr(P::TypeExprContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  if (ctx->forall()) return forall(ctx->forall(), ctx);
  return infix(ctx->infix(), ctx);
}

NodeId Builder::annot(P::AnnotContext* ctx) {
  if (auto* c = dynamic_cast<P::TypeAnnotContext*>(ctx))
    return file_.add(NodeKind::TypeAnnot, span(c), {type_expr(c->typeExpr(), c)});
  if (auto* c = dynamic_cast<P::ContractAnnotContext*>(ctx))
    return file_.add(NodeKind::ContractAnnot, span(c), {type_expr(c->typeExpr(), c)});
  return error(span(ctx));
}

NodeId Builder::let_binding(P::LetBindingContext* c) {
  NodeId pat = pattern(c->pattern(), c);
  Kids metas;
  for (auto* child : c->children) {
    if (auto* a = dynamic_cast<P::LetTypeOrContractContext*>(child))
      metas.push_back(annot(a->annot()));
    else if (auto* d = dynamic_cast<P::LetDocContext*>(child))
      metas.push_back(doc(d->string(), d));
  }
  NodeId meta = make_meta(metas);
  return file_.add(NodeKind::LetBinding, span(c), {pat, meta, term(c->term(), c)});
}

NodeId Builder::make_meta(const Kids& metas) {
  if (metas.empty()) return NodeId();
  base::Span s = base::Span::cover(file_.span(metas.front()), file_.span(metas.back()));
  return file_.add(NodeKind::Meta, s, metas.data(), static_cast<uint32_t>(metas.size()));
}

NodeId Builder::doc(P::StringContext* s, antlr4::ParserRuleContext* parent) {
  std::string text;
  if (s) {
    if (auto t = static_string(s, "documentation")) text = *t;
  }
  return file_.add(NodeKind::DocAnnot, span(parent), {}, file_.add_string(text).index);
}

// ---------------------------------------------------------------- operators

namespace {
ast::BinOpKind binop_of(size_t type) {
  switch (type) {
  case P::PLUSPLUS: return ast::BinOpKind::Concat;
  case P::AT: return ast::BinOpKind::ArrayConcat;
  case P::STAR: return ast::BinOpKind::Mul;
  case P::SLASH: return ast::BinOpKind::Div;
  case P::PERCENT: return ast::BinOpKind::Mod;
  case P::PLUS: return ast::BinOpKind::Add;
  case P::MINUS: return ast::BinOpKind::Sub;
  case P::AMP: return ast::BinOpKind::Merge;
  case P::PIPE_GT: return ast::BinOpKind::Pipe;
  case P::LT: return ast::BinOpKind::Lt;
  case P::LE: return ast::BinOpKind::Le;
  case P::GT: return ast::BinOpKind::Gt;
  case P::GE: return ast::BinOpKind::Ge;
  case P::EQEQ: return ast::BinOpKind::Eq;
  case P::NEQ: return ast::BinOpKind::Ne;
  case P::ANDAND: return ast::BinOpKind::And;
  case P::OROR: return ast::BinOpKind::Or;
  default: return ast::BinOpKind::Arrow;
  }
}
} // namespace

NodeId Builder::infix(P::InfixContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  if (too_deep(ctx)) return error(span(ctx));
  // Walk the left spine of a left-associative chain iteratively.
  llvm::SmallVector<P::BinInfixContext*, 8> spine;
  P::InfixContext* cur = ctx;
  while (auto* b = dynamic_cast<P::BinInfixContext*>(cur)) {
    if (b->op && b->op->getType() == P::ARROW) break; // right-associative
    spine.push_back(b);
    cur = b->infix(0);
    if (!cur) break;
  }
  NodeId acc;
  if (!cur) {
    acc = missing(spine.empty() ? parent : spine.back());
  } else if (auto* a = dynamic_cast<P::AppInfixContext*>(cur)) {
    acc = applicative(a->applicative(), a);
  } else if (auto* n = dynamic_cast<P::NegInfixContext*>(cur)) {
    acc = file_.add(NodeKind::Neg, span(n), {infix(n->infix(), n)});
  } else if (auto* n = dynamic_cast<P::NotInfixContext*>(cur)) {
    acc = file_.add(NodeKind::Not, span(n), {infix(n->infix(), n)});
  } else if (auto* b = dynamic_cast<P::BinInfixContext*>(cur)) { // an arrow
    NodeId l = infix(b->infix(0), b);
    NodeId r = infix(b->infix(1), b);
    acc = file_.add(NodeKind::BinOp, span(b), {l, r}, static_cast<uint32_t>(ast::BinOpKind::Arrow));
  } else {
    acc = error(span(cur));
  }
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    P::BinInfixContext* b = *it;
    NodeId r = infix(b->infix(1), b);
    uint32_t op = static_cast<uint32_t>(binop_of(b->op ? b->op->getType() : 0));
    acc = file_.add(NodeKind::BinOp, span(b), {acc, r}, op);
  }
  return acc;
}

NodeId Builder::applicative(P::ApplicativeContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  Kids kids;
  for (auto* child : ctx->children) {
    if (auto* h = dynamic_cast<P::HeadContext*>(child))
      kids.push_back(head(h));
    else if (auto* a = dynamic_cast<P::AtomContext*>(child))
      kids.push_back(atom(a));
  }
  if (kids.empty()) return error(span(ctx));
  if (kids.size() == 1) return kids[0];
  // `'Foo x` is an enum variant, not an application.
  if (kids.size() == 2 && file_.kind(kids[0]) == NodeKind::EnumTag)
    return file_.add(NodeKind::EnumVariant, span(ctx), {kids[1]}, file_.payload(kids[0]));
  return file_.add(NodeKind::App, span(ctx), kids.data(), static_cast<uint32_t>(kids.size()));
}

NodeId Builder::head(P::HeadContext* ctx) {
  if (auto* c = dynamic_cast<P::AtomHeadContext*>(ctx)) return atom(c->atom());
  if (auto* c = dynamic_cast<P::ArrayTypeHeadContext*>(ctx))
    return file_.add(NodeKind::TypeArray, span(c), {c->atom() ? atom(c->atom()) : missing(c)});
  if (auto* c = dynamic_cast<P::MatchHeadContext*>(ctx)) {
    Kids arms;
    for (auto* child : c->children)
      if (auto* arm = dynamic_cast<P::MatchArmContext*>(child)) arms.push_back(match_arm(arm));
    return file_.add(NodeKind::Match, span(c), arms.data(), static_cast<uint32_t>(arms.size()));
  }
  return error(span(ctx));
}

NodeId Builder::match_arm(P::MatchArmContext* c) {
  NodeId pat = pattern(c->pattern(), c);
  NodeId guard;
  NodeId body;
  auto terms = c->term();
  if (c->IF()) {
    guard = terms.size() > 0 ? term(terms[0], c) : missing(c);
    body = terms.size() > 1 ? term(terms[1], c) : missing(c);
  } else {
    body = terms.size() > 0 ? term(terms[0], c) : missing(c);
  }
  return file_.add(NodeKind::MatchArm, span(c), {pat, guard, body});
}

} // namespace cairn::parse
