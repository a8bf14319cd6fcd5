// Parse tree to AST for patterns (let, fun and match); see ast_builder.h.
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/token_window.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

NodeId Builder::with_alias(P::BinderContext* binder, NodeId pat, antlr4::ParserRuleContext* whole) {
  if (!binder) return pat;
  return file_.add(NodeKind::PatAlias, span(whole), {pat}, intern(text(binder->getStart())).index);
}

NodeId Builder::pattern(P::PatternContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  if (too_deep(ctx)) return error(span(ctx));
  Kids alts;
  for (auto* child : ctx->children)
    if (auto* a = dynamic_cast<P::AliasPatternContext*>(child)) alts.push_back(alias_pattern(a));
  if (alts.empty()) return error(span(ctx));
  if (alts.size() == 1) return alts[0];
  return file_.add(NodeKind::PatOr, span(ctx), alts.data(), static_cast<uint32_t>(alts.size()));
}

NodeId Builder::alias_pattern(P::AliasPatternContext* ctx) {
  if (auto* c = dynamic_cast<P::EnumPatternContext*>(ctx)) {
    base::NameId tag = c->enumTag() ? enum_tag(c->enumTag()) : intern("");
    Kids arg;
    if (c->patternArg()) arg.push_back(pattern_arg(c->patternArg()));
    base::Span s = span(ctx);
    if (c->binder() && c->enumTag())
      s = base::Span::cover(span(c->enumTag()),
                            c->patternArg() ? span(c->patternArg()) : span(c->enumTag()));
    NodeId pat =
        file_.add(NodeKind::PatEnum, s, arg.data(), static_cast<uint32_t>(arg.size()), tag.index);
    return with_alias(c->binder(), pat, c);
  }
  if (auto* c = dynamic_cast<P::PlainPatternContext*>(ctx))
    return with_alias(c->binder(), simple_pattern(c->simplePattern(), c), c);
  return error(span(ctx));
}

NodeId Builder::pattern_arg(P::PatternArgContext* ctx) {
  NodeId pat;
  if (auto* tag = ctx->enumTag())
    pat = file_.add(NodeKind::PatEnum, span(tag), {}, enum_tag(tag).index);
  else
    pat = simple_pattern(ctx->simplePattern(), ctx);
  return with_alias(ctx->binder(), pat, ctx);
}

NodeId Builder::simple_pattern(P::SimplePatternContext* ctx, antlr4::ParserRuleContext* parent) {
  if (!ctx) return missing(parent);
  if (auto* c = dynamic_cast<P::AnyPatContext*>(ctx))
    return file_.add(NodeKind::PatAny, span(c), {}, intern(text(c->getStart())).index);
  if (auto* c = dynamic_cast<P::WildcardPatContext*>(ctx))
    return file_.add(NodeKind::PatWildcard, span(c));
  if (auto* c = dynamic_cast<P::RecordPatContext*>(ctx)) return record_pattern(c->recordPattern());
  if (auto* c = dynamic_cast<P::ArrayPatContext*>(ctx)) return array_pattern(c->arrayPattern());
  if (auto* c = dynamic_cast<P::ConstantPatContext*>(ctx))
    return constant_pattern(c->constantPattern());
  if (auto* c = dynamic_cast<P::ParenPatContext*>(ctx)) return pattern(c->pattern(), c);
  if (auto* c = dynamic_cast<P::HolePatContext*>(ctx)) {
    uint32_t real = hole_index(c->HOLE());
    if (real != WindowToken::kNone) return holes_->hole_pattern(real);
  }
  return error(span(ctx));
}

NodeId Builder::constant_pattern(P::ConstantPatternContext* ctx) {
  if (!ctx) return error({});
  NodeId lit;
  uint8_t flags = 0;
  if (ctx->number()) {
    lit = number(ctx->number());
    if (ctx->MINUS()) flags = ast::kNegative;
  } else if (ctx->string()) {
    lit = string(ctx->string());
  } else if (ctx->TRUE_LIT() || ctx->FALSE_LIT()) {
    lit = file_.add(NodeKind::Bool, span(ctx), {}, ctx->TRUE_LIT() ? 1 : 0);
  } else if (ctx->NULL_LIT()) {
    lit = file_.add(NodeKind::Null, span(ctx));
  } else {
    lit = error(span(ctx));
  }
  return file_.add(NodeKind::PatConst, span(ctx), {lit}, 0, flags);
}

NodeId Builder::record_pattern(P::RecordPatternContext* ctx) {
  if (!ctx) return error({});
  Kids fields;
  uint8_t flags = 0;
  uint32_t rest = 0;
  for (auto* child : ctx->children) {
    if (auto* f = dynamic_cast<P::FieldPatternContext*>(child)) {
      base::NameId name =
          f->extendedIdent() ? intern(text(f->extendedIdent()->getStart())) : intern("");
      Kids metas;
      for (auto* a : f->annot()) metas.push_back(annot(a));
      NodeId meta = make_meta(metas);
      NodeId def = f->QUESTION() ? term(f->term(), f) : NodeId();
      NodeId sub = f->EQ() ? pattern(f->pattern(), f) : NodeId();
      fields.push_back(file_.add(NodeKind::PatField, span(f), {meta, def, sub}, name.index));
    } else if (auto* b = dynamic_cast<P::BinderContext*>(child)) {
      flags |= ast::kRest;
      rest = intern(text(b->getStart())).index;
    } else if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      if (t->getSymbol()->getType() == P::ELLIPSIS) flags |= ast::kOpen;
    }
  }
  return file_.add(NodeKind::PatRecord, span(ctx), fields.data(),
                   static_cast<uint32_t>(fields.size()), rest, flags);
}

NodeId Builder::array_pattern(P::ArrayPatternContext* ctx) {
  if (!ctx) return error({});
  Kids elems;
  uint8_t flags = 0;
  uint32_t rest = 0;
  for (auto* child : ctx->children) {
    if (auto* p = dynamic_cast<P::PatternContext*>(child)) {
      elems.push_back(pattern(p, ctx));
    } else if (auto* b = dynamic_cast<P::BinderContext*>(child)) {
      flags |= ast::kRest;
      rest = intern(text(b->getStart())).index;
    } else if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      if (t->getSymbol()->getType() == P::ELLIPSIS) flags |= ast::kOpen;
    }
  }
  return file_.add(NodeKind::PatArray, span(ctx), elems.data(), static_cast<uint32_t>(elems.size()),
                   rest, flags);
}

} // namespace cairn::parse
