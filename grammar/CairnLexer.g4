// The lexer of cairn's language (Nickel 1.x surface syntax).
//
// The lexer works on bytes, not code points (see compiler/parse/byte_stream.h): every
// token's start and stop are byte offsets into the source, and non-ASCII UTF-8 only ever
// appears inside strings and comments, where any byte is accepted.
//
// Modes:
//   DEFAULT_MODE  code. `{` and `%{` push a mode, `}` pops it, so an interpolated
//                 expression ends at the `}` that balances its `%{`.
//   STR           inside "...": text, escapes, `%{` interpolation.
//   MSTR          inside m%"..."% and symbolic strings foo-s%"..."%: the number of `%`
//                 of the opening delimiter decides what closes the string and what starts
//                 an interpolation; LexerBase keeps that count on a stack.
// Mode bookkeeping lives in LexerBase (compiler/parse/lexer_base.h) so this file stays a
// grammar.
lexer grammar CairnLexer;

options { superClass = LexerBase; }

// MSTR_END and MSTR_INTERP are emitted by LexerBase in place of the candidate tokens of
// mode MSTR. HOLE is never lexed: the parser's token window shows a bracketed group that is
// parsed separately as one HOLE token (compiler/parse/token_window.h).
tokens { MSTR_END, MSTR_INTERP, HOLE }

@lexer::header {
#include "compiler/parse/lexer_base.h"
}

// ---------------------------------------------------------------- keywords
LET : 'let';
REC : 'rec';
IN : 'in';
FUN : 'fun';
IF : 'if';
THEN : 'then';
ELSE : 'else';
MATCH : 'match';
IMPORT : 'import';
FORALL : 'forall';
NULL_LIT : 'null';
TRUE_LIT : 'true';
FALSE_LIT : 'false';
DYN : 'Dyn';
NUMBER_T : 'Number';
BOOL_T : 'Bool';
STRING_T : 'String';
ARRAY_T : 'Array';
// Metadata keywords (reserved, but usable as field names).
DEFAULT : 'default';
FORCE : 'force';
PRIORITY : 'priority';
OPTIONAL : 'optional';
NOT_EXPORTED : 'not_exported';
DOC : 'doc';
// Contextual keywords (also identifiers).
OR : 'or';
AS : 'as';
INCLUDE : 'include';

// ---------------------------------------------------------------- literals
NUM_HEX : '0x' [0-9a-fA-F]+;
NUM_OCT : '0o' [0-7]+;
NUM_BIN : '0b' [01]+;
NUM_DEC : [0-9]* '.'? [0-9]+ ([eE] [+\-]? [0-9]+)?;

IDENT : '_'* [a-zA-Z] [_a-zA-Z0-9\-']*;
RAW_ENUM_TAG : '\'' '_'* [a-zA-Z] [_a-zA-Z0-9\-']*;

QUOTED_ENUM_TAG_START : '\'"' { enterString(); } -> pushMode(STR);
STR_START : '"' { enterString(); } -> pushMode(STR);
MSTR_START : 'm' '%'+ '"' { enterMultiline(); } -> pushMode(MSTR);
SYM_STR_START : [a-zA-Z] [_a-zA-Z0-9\-']* '-s' '%'+ '"' { enterSymbolic(); } -> pushMode(MSTR);

// ---------------------------------------------------------------- punctuation
ENUM_OPEN : '[|';
ENUM_CLOSE : '|]';
LBRACE : '{' { openBrace(); };
RBRACE : '}' { closeBrace(); };
LBRACKET : '[';
RBRACKET : ']';
LPAREN : '(';
RPAREN : ')';
ELLIPSIS : '..';
DOT : '.';
COMMA : ',';
SEMI : ';';
COLON : ':';
QUESTION : '?';
FAT_ARROW : '=>';
ARROW : '->';
PIPE_GT : '|>';
OROR : '||';
ANDAND : '&&';
EQEQ : '==';
NEQ : '!=';
LE : '<=';
GE : '>=';
LT : '<';
GT : '>';
EQ : '=';
PLUSPLUS : '++';
PLUS : '+';
MINUS : '-';
STAR : '*';
SLASH : '/';
PERCENT : '%';
AT : '@';
AMP : '&';
PIPE : '|';
BANG : '!';
UNDERSCORE : '_';

LINE_COMMENT : '#' ~[\n]* -> channel(HIDDEN);
WS : [ \t\r\n]+ -> skip;

// Anything else is one bad byte; the parser reports it once.
BAD_CHAR : [\u0080-\u00ff]+ | .;

// ---------------------------------------------------------------- "..." strings
mode STR;
STR_TEXT : ~["%\\]+;
STR_INTERP : '%{' { openInterpolation(); };
STR_PCT : '%';
STR_ESC_HEX : '\\x' [0-9a-fA-F] [0-9a-fA-F];
STR_ESC : '\\' .?;
STR_END : '"' { leaveString(); } -> popMode;

// ---------------------------------------------------------------- m%"..."% strings
mode MSTR;
MSTR_TEXT : ~["%]+;
// `"` followed by `%`s: the end if the count matches the opening delimiter, else text.
MSTR_QUOTE_PCT : '"' '%'+ { candidateEnd(MSTR_END, MSTR_TEXT); };
// `%`s followed by `{`: an interpolation if there are at least as many `%` as opened
// the string (the extra leading ones are text), else text.
MSTR_PCT_BRACE : '%'+ '{' { candidateInterpolation(MSTR_INTERP, MSTR_TEXT); };
MSTR_QUOTE_PCT_BRACE : '"' '%'+ '{' { candidateInterpolation(MSTR_INTERP, MSTR_TEXT); };
MSTR_PCT : '%'+;
MSTR_QUOTE : '"';
