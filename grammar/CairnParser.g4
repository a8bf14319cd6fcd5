// The parser of cairn's language: the whole Nickel 1.x surface syntax.
//
// Types are not a separate syntax: as in Nickel, a type is an expression that may also use
// the type-only forms (`forall`, `->`, `[| |]`, `{_ : T}`, `Dyn`, `_`), and later phases read an
// expression in type position as a type. Precedence, loosest first:
//   annotations `:` `|`  <  `->` (right)  <  `||`  <  `&&`  <  `== !=`  <  `< <= > >=`
//   <  `& |>`  <  prefix `!`  <  `+ -`  <  `* / %`  <  `++ @`  <  prefix `-`
//   <  application  <  `.`
// Every decision is LL(1) or LL(2) on the hot paths (records, arrays, applications), so
// the SLL first stage almost never needs the full-context second stage.
//
// The chunk parser (compiler/parse/chunk_parser.h) runs these rules on windows of the token
// array in which record and array literals and patterns are folded into one HOLE token:
// `holeAtom` and `holePat` accept them where a record or array may stand, and the AST
// builder (compiler/parse/ast_builder*.cpp, the only consumer of the generated tree) asks
// the chunk parser for their nodes. Without holes the grammar is the whole language.
parser grammar CairnParser;

options {
  tokenVocab = CairnLexer;
  superClass = ParserBase;
}

@parser::header {
#include "compiler/parse/parser_base.h"
}

file : term EOF;

// ---------------------------------------------------------------- terms
term
  : LET REC? letBinding (COMMA letBinding)* COMMA? IN term   # letTerm
  | FUN patternArg+ FAT_ARROW term                           # funTerm
  | IF term THEN term ELSE term                              # ifTerm
  | IMPORT string (AS enumTag)?                              # importTerm
  | forall                                                   # forallTerm
  | infix annot*                                             # infixTerm
  ;

forall : FORALL ident+ DOT typeExpr;

// A type or contract: what follows `:` and `|`. It cannot carry annotations itself.
typeExpr : infix | forall;

annot
  : COLON typeExpr    # typeAnnot
  | PIPE typeExpr     # contractAnnot
  ;

// Annotations of let bindings: types, contracts and documentation.
letAnnot
  : annot             # letTypeOrContract
  | PIPE DOC string   # letDoc
  ;

// Annotations of record fields: everything a let binding takes, and merge metadata.
fieldAnnot
  : annot                            # fieldTypeOrContract
  | PIPE DOC string                  # fieldDoc
  | PIPE DEFAULT                     # fieldDefault
  | PIPE FORCE                       # fieldForce
  | PIPE PRIORITY MINUS? number      # fieldPriority
  | PIPE OPTIONAL                    # fieldOptional
  | PIPE NOT_EXPORTED                # fieldNotExported
  ;

letBinding : pattern letAnnot* EQ term;

infix
  : applicative                               # appInfix
  | MINUS infix                               # negInfix
  | infix op=(PLUSPLUS | AT) infix            # binInfix
  | infix op=(STAR | SLASH | PERCENT) infix   # binInfix
  | infix op=(PLUS | MINUS) infix             # binInfix
  | BANG infix                                # notInfix
  | infix op=(AMP | PIPE_GT) infix            # binInfix
  | infix op=(LT | LE | GT | GE) infix        # binInfix
  | infix op=(EQEQ | NEQ) infix               # binInfix
  | infix op=ANDAND infix                     # binInfix
  | infix op=OROR infix                       # binInfix
  | <assoc = right> infix op=ARROW infix      # binInfix
  ;

applicative : head atom*;

head
  : atom                                                  # atomHead
  | ARRAY_T atom                                          # arrayTypeHead
  | MATCH LBRACE (matchArm (COMMA matchArm)* COMMA?)? RBRACE # matchHead
  ;

matchArm : pattern (IF term)? FAT_ARROW term;

atom
  : LPAREN curriedOp RPAREN                                      # curriedAtom
  | LPAREN term RPAREN                                           # parenAtom
  | number                                                       # numberAtom
  | NULL_LIT                                                         # nullAtom
  | (TRUE_LIT | FALSE_LIT)                                               # boolAtom
  | string                                                       # stringAtom
  | ident                                                        # varAtom
  | record                                                       # recordAtom
  | enumTag                                                      # enumTagAtom
  | LBRACKET (term (COMMA term)* COMMA?)? RBRACKET               # arrayAtom
  | (DYN | NUMBER_T | BOOL_T | STRING_T)                         # builtinTypeAtom
  | ENUM_OPEN (enumRow (COMMA enumRow)* COMMA?)? (SEMI ident)? ENUM_CLOSE # enumTypeAtom
  | LBRACE UNDERSCORE (COLON | PIPE) typeExpr RBRACE            # dictTypeAtom
  | UNDERSCORE                                                   # wildcardAtom
  | atom DOT (extendedIdent | string)                            # selectAtom
  | HOLE                                                         # holeAtom
  ;

curriedOp
  : PLUSPLUS | AT | STAR | SLASH | PERCENT | PLUS | MINUS | BANG | AMP | PIPE_GT
  | LT | LE | GT | GE | EQEQ | NEQ | ANDAND | OROR | DOT
  ;

enumRow : enumTag atom?;

// ---------------------------------------------------------------- records
record : LBRACE recordBody? RBRACE;

recordBody
  : fieldDecl (COMMA fieldDecl)* (COMMA ELLIPSIS?)? recordTail?
  | ELLIPSIS recordTail?
  | recordTail
  ;

recordTail : SEMI (ident | DYN);

fieldDecl
  : INCLUDE LBRACKET (extendedIdent (COMMA extendedIdent)* COMMA?)? RBRACKET # includeListDecl
  | INCLUDE extendedIdent fieldAnnot*                                        # includeDecl
  | fieldPath fieldAnnot* (EQ term)?                                         # fieldDef
  ;

fieldPath : fieldPathElem (DOT fieldPathElem)*;

fieldPathElem : extendedIdent | string;

// ---------------------------------------------------------------- patterns
// A pattern where an or-pattern or an enum variant may stand unparenthesised.
pattern : aliasPattern (OR aliasPattern)*;

aliasPattern
  : (binder AT)? enumTag patternArg?   # enumPattern
  | (binder AT)? simplePattern         # plainPattern
  ;

// A pattern that needs no parentheses: function arguments and enum variant arguments.
patternArg : (binder AT)? (enumTag | simplePattern);

simplePattern
  : recordPattern                # recordPat
  | arrayPattern                 # arrayPat
  | constantPattern              # constantPat
  | binder                       # anyPat
  | UNDERSCORE                   # wildcardPat
  | LPAREN pattern RPAREN        # parenPat
  | HOLE                         # holePat
  ;

constantPattern : MINUS? number | string | TRUE_LIT | FALSE_LIT | NULL_LIT;

recordPattern
  : LBRACE (fieldPattern (COMMA fieldPattern)* (COMMA (ELLIPSIS binder?)?)? | ELLIPSIS binder?)? RBRACE
  ;

fieldPattern : extendedIdent annot* (QUESTION term)? (EQ pattern)?;

arrayPattern
  : LBRACKET (pattern (COMMA pattern)* (COMMA (ELLIPSIS binder?)?)? | ELLIPSIS binder?)? RBRACKET
  ;

// ---------------------------------------------------------------- leaves
string
  : STR_START strChunk* STR_END
  | (MSTR_START | SYM_STR_START) mstrChunk* MSTR_END
  ;

strChunk
  : STR_TEXT | STR_PCT | STR_ESC | STR_ESC_HEX
  | STR_INTERP term RBRACE
  ;

mstrChunk
  : MSTR_TEXT | MSTR_PCT | MSTR_QUOTE
  | MSTR_INTERP term RBRACE
  ;

enumTag : RAW_ENUM_TAG | QUOTED_ENUM_TAG_START strChunk* STR_END;

number : NUM_DEC | NUM_HEX | NUM_OCT | NUM_BIN;

// Names that bind or refer to variables. `or` is a name too, as in Nickel: in a pattern,
// `'Foo or => ...` binds `or` while `'Foo or 'Bar => ...` is an or-pattern; the parser's
// full lookahead tells them apart.
ident : IDENT | AS | INCLUDE | OR;
binder : IDENT | AS | INCLUDE | OR;

// Field names may also be metadata keywords.
extendedIdent : ident | DEFAULT | FORCE | PRIORITY | OPTIONAL | NOT_EXPORTED | DOC;
