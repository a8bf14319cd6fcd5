// The core IR: what the evaluator runs.
//
// Lowering (lower.h) turns a resolved AST into a tree of these nodes: variables become
// (depth, slot) pairs into frames, operators become primitive operations, field paths become
// nested record literals, string interpolation becomes an `Interp`, types in contract
// position become contract constructors, patterns become `Pattern` trees. Nodes are
// allocated in the program's arena (`Program::ir_arena`), never move, and are shared by
// every evaluation of the program; the runtime refers to them by pointer (a thunk holds
// `const Node*` + environment), which is why they are not addressed by ids.
//
// Frames: a Lambda call, a recursive record literal instance and a module each get one
// frame; every `let` and pattern binder inside takes a slot of the nearest frame. Each IR
// region runs at most once per frame instance, so a slot is written once (or, for
// patterns tried in turn, before it is read).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/value/record.h"
#include "compiler/value/value.h"

namespace cairn::ir {

enum class Kind : uint8_t {
#define CAIRN_IR(Name) Name,
#include "compiler/lower/ir_kind.def"
};
std::string_view kind_name(Kind k);

enum class PrimOp : uint8_t {
#define CAIRN_PRIM(Name, Spelling, Arity, Strict) Name,
#include "compiler/lower/prim_op.def"
};
struct PrimInfo {
  std::string_view spelling;
  uint8_t arity;
  uint8_t strict; // bit i: argument i is forced before the call
};
inline constexpr PrimInfo kPrimTable[] = {
#define CAIRN_PRIM(Name, Spelling, Arity, Strict) {Spelling, Arity, Strict},
#include "compiler/lower/prim_op.def"
};
inline const PrimInfo& prim_info(PrimOp op) { return kPrimTable[static_cast<size_t>(op)]; }
std::optional<PrimOp> prim_by_spelling(std::string_view spelling);

struct Node {
  Kind kind;
  uint8_t flags;
  uint16_t aux;
  base::FileId file;
  base::Span span;
  base::Loc loc() const { return {file, span}; }
};
static_assert(sizeof(Node) == 16);

struct Const : Node {
  value::Value value;
};

struct Var : Node {
  uint32_t depth;
  uint32_t slot;
  base::NameId name; // for messages
};

struct Std : Node {};

struct Import : Node {
  uint32_t module;
};

struct Lambda : Node {
  uint32_t arity;
  uint32_t frame_size;
  const Node* body;
  base::NameId name; // the name it was bound to, if any (stack traces)
};

struct App : Node {
  uint32_t nargs;
  const Node* fn;
  const Node* const* args;
};

struct Let : Node {
  static constexpr uint8_t kStrict = 1; // the body surely forces the value: evaluate it first
  uint32_t slot;
  const Node* value;
  const Node* body;
};

struct If : Node {
  const Node* cond;
  const Node* then_;
  const Node* else_;
};

// A contract in an annotation: the contract expression and the annotation's span.
struct ContractUse {
  const Node* contract;
  base::Span span;
  bool is_type; // written with `:`
};

// One definition of a field in a record literal. A literal may define a field several
// times (`a.b = 1, a.c = 2`, or `a | default = 1, a = 2`); the pieces merge.
struct FieldPiece {
  uint8_t flags; // value::Field::kOptional | kNotExported
  value::PrioKind prio;
  value::Value priority; // numeric priority; none means 0
  const char* doc;
  uint32_t doc_size;
  uint32_t ncontracts;
  const ContractUse* contracts;
  const Node* value; // null when the field has no definition
  base::Span span;   // the whole field definition
};

struct FieldDef {
  base::NameId name;      // static fields
  const Node* name_expr;  // dynamic fields (`"%{x}" = ...`); null for static ones
  uint32_t npieces;
  const FieldPiece* pieces;
  bool self_ref;          // some piece refers to the literal's own frame
  base::Span span;        // the field name
};

struct RecordLit {
  base::FileId file;
  base::Span span;
  uint32_t nstatic;
  const FieldDef* statics; // sorted by name index; frame slot i is static field i
  uint32_t ndynamic;
  const FieldDef* dynamics;
  uint32_t frame_size;
  bool needs_frame; // some field refers to a sibling: instances get a frame of their own
  bool open;        // `..`: as a contract, extra fields are allowed
  bool simple;      // no dynamic fields, every field one piece without metadata
};

struct Record : Node {
  const RecordLit* lit;
};

struct Array : Node {
  uint32_t size;
  const Node* const* elems;
};

struct Select : Node {
  base::NameId name;
  const Node* record;
};

struct SelectDyn : Node {
  const Node* record;
  const Node* name;
};

struct Prim : Node {
  // The operands' code is not where they are written (lowering inlined a call there, or
  // moved the operator into a `let` or the branches of an `if`, lower_inline.cpp):
  // args[nargs + i] is a node located where operand i is written, for messages.
  static constexpr uint8_t kOperandLocs = 1;
  // A call of a standard library function that wraps this operation (lower_std.cpp): the
  // node and its operand locations are the library's, and args[2 * nargs] is located at the
  // caller's call, so errors read as raised inside the library, called from there.
  static constexpr uint8_t kStdCall = 2;
  PrimOp op() const { return static_cast<PrimOp>(aux); }
  base::Loc arg_loc(uint32_t i) const { return args[(flags & kOperandLocs) ? nargs + i : i]->loc(); }
  base::Loc std_call_loc() const { return args[2 * nargs]->loc(); } // with kStdCall
  uint32_t nargs;
  const Node* const* args;
};

struct InterpPart {
  const Node* expr;          // null for literal text
  const value::String* text; // literal text
  uint32_t indent;           // multiline strings: indentation re-applied after newlines
};

struct Interp : Node {
  uint32_t nparts;
  const InterpPart* parts;
};

struct Variant : Node {
  base::NameId tag;
  const Node* arg;
};

// ---------------------------------------------------------------- patterns
enum class PatKind : uint8_t { Any, Wildcard, Const, Enum, Record, Array, Or, Alias };

struct Pattern;

struct PatField {
  base::NameId name;
  const Pattern* pattern;      // never null (`{a}` binds through an Any pattern)
  const Node* default_value;   // `? e`, or null
  uint32_t ncontracts;
  const ContractUse* contracts;
  base::Span span;
};

struct Pattern {
  static constexpr uint8_t kOpen = 1; // `..`
  static constexpr uint8_t kRest = 2; // `..rest`: `slot` binds the rest
  PatKind kind;
  uint8_t flags;
  base::FileId file;
  base::Span span;
  uint32_t slot;          // Any, Alias, rest of Record/Array
  base::NameId name;      // Any, Alias, Enum tag
  value::Value constant;  // Const
  const Pattern* sub;     // Enum argument (may be null), Alias
  uint32_t n;
  const Pattern* const* items; // Array elements, Or alternatives
  const PatField* fields;      // Record (n fields)
};

struct MatchArm {
  const Pattern* pattern;
  const Node* guard; // may be null
  const Node* body;
};

struct Match : Node {
  static constexpr uint8_t kDestructure = 1; // a `let` or `fun` pattern, not a `match`
  const Node* scrutinee;
  uint32_t narms;
  const MatchArm* arms;
};

struct Annot : Node {
  const Node* value;
  uint32_t ncontracts;
  const ContractUse* contracts;
};

} // namespace cairn::ir
