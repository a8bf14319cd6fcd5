// Parse tree to AST for atoms, records and type forms; see ast_builder.h.
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/token_window.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {
uint32_t section_of(size_t type) {
  switch (type) {
  case P::PLUSPLUS: return static_cast<uint32_t>(ast::BinOpKind::Concat);
  case P::AT: return static_cast<uint32_t>(ast::BinOpKind::ArrayConcat);
  case P::STAR: return static_cast<uint32_t>(ast::BinOpKind::Mul);
  case P::SLASH: return static_cast<uint32_t>(ast::BinOpKind::Div);
  case P::PERCENT: return static_cast<uint32_t>(ast::BinOpKind::Mod);
  case P::PLUS: return static_cast<uint32_t>(ast::BinOpKind::Add);
  case P::MINUS: return static_cast<uint32_t>(ast::BinOpKind::Sub);
  case P::AMP: return static_cast<uint32_t>(ast::BinOpKind::Merge);
  case P::PIPE_GT: return static_cast<uint32_t>(ast::BinOpKind::Pipe);
  case P::LT: return static_cast<uint32_t>(ast::BinOpKind::Lt);
  case P::LE: return static_cast<uint32_t>(ast::BinOpKind::Le);
  case P::GT: return static_cast<uint32_t>(ast::BinOpKind::Gt);
  case P::GE: return static_cast<uint32_t>(ast::BinOpKind::Ge);
  case P::EQEQ: return static_cast<uint32_t>(ast::BinOpKind::Eq);
  case P::NEQ: return static_cast<uint32_t>(ast::BinOpKind::Ne);
  case P::ANDAND: return static_cast<uint32_t>(ast::BinOpKind::And);
  case P::OROR: return static_cast<uint32_t>(ast::BinOpKind::Or);
  case P::BANG: return ast::kSectionNot;
  default: return ast::kSectionDot;
  }
}
} // namespace

NodeId Builder::number(P::NumberContext* ctx) {
  antlr4::Token* t = ctx->getStart();
  ast::NumBase base = ast::NumBase::Dec;
  switch (t->getType()) {
  case P::NUM_HEX: base = ast::NumBase::Hex; break;
  case P::NUM_OCT: base = ast::NumBase::Oct; break;
  case P::NUM_BIN: base = ast::NumBase::Bin; break;
  default: break;
  }
  return file_.add(NodeKind::Num, span(t), {}, static_cast<uint32_t>(base));
}

// A field name or a `.` key: a Name when static, a Str node when interpolated.
NodeId Builder::key(antlr4::ParserRuleContext* ctx) {
  if (auto* s = dynamic_cast<P::StringContext*>(ctx)) {
    NodeId str = string(s);
    ast::Children kids = file_.children(str);
    if (file_.kind(str) == NodeKind::Str && kids.size() <= 1 &&
        (kids.empty() || file_.kind(kids[0]) == NodeKind::StrText)) {
      std::string_view t =
          kids.empty() ? std::string_view() : file_.string(ast::StringId(file_.payload(kids[0])));
      return file_.add(NodeKind::Name, span(s), {}, intern(t).index);
    }
    return str;
  }
  return name_node(ctx);
}

NodeId Builder::atom(P::AtomContext* ctx) {
  if (!ctx) return error({});
  if (too_deep(ctx)) return error(span(ctx));
  // `a.b.c`: walk the left spine iteratively.
  llvm::SmallVector<P::SelectAtomContext*, 4> spine;
  P::AtomContext* cur = ctx;
  while (auto* s = dynamic_cast<P::SelectAtomContext*>(cur)) {
    spine.push_back(s);
    cur = s->atom();
    if (!cur) break;
  }
  NodeId acc;
  if (!cur) {
    acc = missing(spine.back());
  } else if (auto* c = dynamic_cast<P::VarAtomContext*>(cur)) {
    acc = file_.add(NodeKind::Var, span(c), {}, intern(text(c->getStart())).index);
  } else if (auto* c = dynamic_cast<P::NumberAtomContext*>(cur)) {
    acc = number(c->number());
  } else if (auto* c = dynamic_cast<P::StringAtomContext*>(cur)) {
    acc = string(c->string());
  } else if (auto* c = dynamic_cast<P::RecordAtomContext*>(cur)) {
    acc = record(c->record());
  } else if (auto* c = dynamic_cast<P::ArrayAtomContext*>(cur)) {
    Kids kids;
    for (auto* child : c->children)
      if (auto* t = dynamic_cast<P::TermContext*>(child)) kids.push_back(term(t, c));
    acc = file_.add(NodeKind::Array, span(c), kids.data(), static_cast<uint32_t>(kids.size()));
  } else if (auto* c = dynamic_cast<P::ParenAtomContext*>(cur)) {
    acc = file_.add(NodeKind::Paren, span(c), {term(c->term(), c)});
  } else if (auto* c = dynamic_cast<P::EnumTagAtomContext*>(cur)) {
    acc = file_.add(NodeKind::EnumTag, span(c), {}, enum_tag(c->enumTag()).index);
  } else if (auto* c = dynamic_cast<P::NullAtomContext*>(cur)) {
    acc = file_.add(NodeKind::Null, span(c));
  } else if (auto* c = dynamic_cast<P::BoolAtomContext*>(cur)) {
    acc = file_.add(NodeKind::Bool, span(c), {}, c->TRUE_LIT() ? 1 : 0);
  } else if (auto* c = dynamic_cast<P::CurriedAtomContext*>(cur)) {
    uint32_t op = c->curriedOp() && c->curriedOp()->getStart()
                      ? section_of(c->curriedOp()->getStart()->getType())
                      : ast::kSectionDot;
    acc = file_.add(NodeKind::OpSection, span(c), {}, op);
  } else if (auto* c = dynamic_cast<P::BuiltinTypeAtomContext*>(cur)) {
    ast::BuiltinType t = ast::BuiltinType::Dyn;
    switch (c->getStart()->getType()) {
    case P::NUMBER_T: t = ast::BuiltinType::Number; break;
    case P::BOOL_T: t = ast::BuiltinType::Bool; break;
    case P::STRING_T: t = ast::BuiltinType::String; break;
    default: break;
    }
    acc = file_.add(NodeKind::TypeBuiltin, span(c), {}, static_cast<uint32_t>(t));
  } else if (auto* c = dynamic_cast<P::EnumTypeAtomContext*>(cur)) {
    acc = enum_type(c);
  } else if (auto* c = dynamic_cast<P::DictTypeAtomContext*>(cur)) {
    acc = file_.add(NodeKind::TypeDict, span(c), {type_expr(c->typeExpr(), c)}, 0,
                    c->PIPE() ? ast::kDictContract : 0);
  } else if (auto* c = dynamic_cast<P::WildcardAtomContext*>(cur)) {
    acc = file_.add(NodeKind::Wildcard, span(c));
  } else if (auto* c = dynamic_cast<P::HoleAtomContext*>(cur)) {
    // The HOLE token itself, not the context's start: recovery may have deleted a token
    // before it.
    uint32_t real = hole_index(c->HOLE());
    acc = real != WindowToken::kNone ? holes_->hole_expr(real) : error(span(c));
  } else {
    acc = error(span(cur));
  }
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    P::SelectAtomContext* s = *it;
    NodeId k;
    if (s->extendedIdent())
      k = key(s->extendedIdent());
    else if (s->string())
      k = key(s->string());
    else
      k = missing(s);
    acc = file_.add(NodeKind::Select, span(s), {acc, k});
  }
  return acc;
}

NodeId Builder::enum_type(P::EnumTypeAtomContext* c) {
  Kids kids;
  for (auto* child : c->children) {
    auto* row = dynamic_cast<P::EnumRowContext*>(child);
    if (!row) continue;
    base::NameId tag = row->enumTag() ? enum_tag(row->enumTag()) : intern("");
    Kids arg;
    if (row->atom()) arg.push_back(atom(row->atom()));
    kids.push_back(file_.add(NodeKind::EnumRow, span(row), arg.data(),
                             static_cast<uint32_t>(arg.size()), tag.index));
  }
  uint8_t flags = 0;
  if (c->ident()) {
    kids.push_back(name_node(c->ident()));
    flags = ast::kEnumTail;
  }
  return file_.add(NodeKind::TypeEnum, span(c), kids.data(), static_cast<uint32_t>(kids.size()), 0,
                   flags);
}

// ---------------------------------------------------------------- records

NodeId Builder::record(P::RecordContext* ctx) {
  if (!ctx) return error({});
  Kids kids;
  uint8_t flags = 0;
  if (auto* body = ctx->recordBody()) {
    for (auto* child : body->children) {
      if (auto* d = dynamic_cast<P::FieldDeclContext*>(child)) {
        field_decl(d, kids);
      } else if (auto* t = dynamic_cast<P::RecordTailContext*>(child)) {
        uint8_t tail_flags = t->DYN() ? ast::kTailDyn : 0;
        uint32_t name = t->ident() ? intern(text(t->ident()->getStart())).index : intern("").index;
        kids.push_back(file_.add(NodeKind::RecordTail, span(t), {}, name, tail_flags));
      } else if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
        if (term->getSymbol()->getType() == P::ELLIPSIS) flags |= ast::kRecordOpen;
      }
    }
  }
  return file_.add(NodeKind::Record, span(ctx), kids.data(), static_cast<uint32_t>(kids.size()), 0,
                   flags);
}

NodeId Builder::field_decl(P::FieldDeclContext* ctx, Kids& out) {
  if (auto* c = dynamic_cast<P::FieldDefContext*>(ctx)) {
    Kids path;
    if (auto* fp = c->fieldPath())
      for (auto* child : fp->children)
        if (auto* e = dynamic_cast<P::FieldPathElemContext*>(child))
          path.push_back(field_path_elem(e));
    NodeId path_node = c->fieldPath() ? file_.add(NodeKind::FieldPath, span(c->fieldPath()),
                                                  path.data(), static_cast<uint32_t>(path.size()))
                                      : missing(c);
    Kids metas;
    for (auto* child : c->children)
      if (auto* a = dynamic_cast<P::FieldAnnotContext*>(child)) metas.push_back(field_annot(a));
    NodeId meta = make_meta(metas);
    NodeId value = c->EQ() ? term(c->term(), c) : NodeId();
    NodeId field = file_.add(NodeKind::Field, span(c), {path_node, meta, value});
    out.push_back(field);
    return field;
  }
  if (auto* c = dynamic_cast<P::IncludeDeclContext*>(ctx)) {
    Kids metas;
    for (auto* child : c->children)
      if (auto* a = dynamic_cast<P::FieldAnnotContext*>(child)) metas.push_back(field_annot(a));
    uint32_t name =
        c->extendedIdent() ? intern(text(c->extendedIdent()->getStart())).index : intern("").index;
    NodeId inc = file_.add(NodeKind::Include, span(c), {make_meta(metas)}, name);
    out.push_back(inc);
    return inc;
  }
  if (auto* c = dynamic_cast<P::IncludeListDeclContext*>(ctx)) {
    NodeId last;
    for (auto* child : c->children) {
      auto* id = dynamic_cast<P::ExtendedIdentContext*>(child);
      if (!id) continue;
      last = file_.add(NodeKind::Include, span(id), {NodeId()}, intern(text(id->getStart())).index,
                       ast::kIncludeList);
      out.push_back(last);
    }
    return last;
  }
  NodeId e = error(span(ctx));
  out.push_back(e);
  return e;
}

NodeId Builder::field_path_elem(P::FieldPathElemContext* ctx) {
  if (ctx->extendedIdent()) return key(ctx->extendedIdent());
  if (ctx->string()) return key(ctx->string());
  return error(span(ctx));
}

NodeId Builder::field_annot(P::FieldAnnotContext* ctx) {
  if (auto* c = dynamic_cast<P::FieldTypeOrContractContext*>(ctx)) return annot(c->annot());
  if (auto* c = dynamic_cast<P::FieldDocContext*>(ctx)) return doc(c->string(), c);
  if (dynamic_cast<P::FieldDefaultContext*>(ctx))
    return file_.add(NodeKind::DefaultAnnot, span(ctx));
  if (dynamic_cast<P::FieldForceContext*>(ctx)) return file_.add(NodeKind::ForceAnnot, span(ctx));
  if (dynamic_cast<P::FieldOptionalContext*>(ctx))
    return file_.add(NodeKind::OptionalAnnot, span(ctx));
  if (dynamic_cast<P::FieldNotExportedContext*>(ctx))
    return file_.add(NodeKind::NotExportedAnnot, span(ctx));
  if (auto* c = dynamic_cast<P::FieldPriorityContext*>(ctx)) {
    NodeId num = c->number() ? number(c->number()) : missing(c);
    return file_.add(NodeKind::PriorityAnnot, span(c), {num}, 0, c->MINUS() ? ast::kNegative : 0);
  }
  return error(span(ctx));
}

} // namespace cairn::parse
