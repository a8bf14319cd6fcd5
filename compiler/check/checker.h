// The checker's machinery, shared by the files of compiler/check (not a public header).
//
// One `Checker` runs over one file. It is a machine over an explicit stack of `Frame`s
// (kinds in frame_kind.def): untyped code is visited by Walk frames, typed code by Check
// frames that carry the expected type; a frame that needs its children's results first
// pushes itself back with the next `step`, then the children. Results flow through
// unification variables rather than a result stack. Nothing here recurses in C++ on the
// shape of the input.
//
// Scopes are a stack of `Binding`s with, per name, the index of its innermost binding;
// frames restore a mark when a scope ends (PopScope). Type variables of enclosing
// annotations live in a second stack (`tyvars_`). `level_` counts the skolemized `forall`s
// we are inside; it is what stops a type variable escaping its scope (see type_walk.h).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/check/check.h"
#include "compiler/check/types.h"
#include "compiler/check/unify.h"
#include "compiler/diag/diagnostic.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cairn::check {

enum class FrameKind : uint8_t {
#define CAIRN_FRAME(Name) Name,
#include "compiler/check/frame_kind.def"
};

// Frame flags.
inline constexpr uint8_t kBindTyvars = 1; // Check: the type is an annotation whose
                                          // `forall` variables the body may mention
inline constexpr uint8_t kGuarded = 2;    // PatCheck: the arm has a guard (no coverage)
inline constexpr uint8_t kWalkMode = 4;   // OrAlt / OrJoin: the pattern is untyped
inline constexpr uint8_t kInOr = 8;       // PatCheck: inside an alternative of an or-pattern

// Optional node ids in the 32-bit frame fields a / b: 0 is none.
inline uint32_t enc(ast::NodeId n) {
  return n.valid() ? n.index + 1 : 0;
}
inline ast::NodeId dec(uint32_t v) {
  return v == 0 ? ast::NodeId() : ast::NodeId(v - 1);
}

struct Frame {
  FrameKind kind;
  uint8_t flags;
  uint16_t step;
  ast::NodeId node;
  TypeId type;
  uint32_t origin;
  uint32_t a;
  uint32_t b;
};

// Why a typed position expects its type; shown as a secondary label in mismatches.
enum class OriginKind : uint8_t {
  None,
  Annotation,    // node: the type written by the user
  Condition,     // node: the `if`
  Branch,        // node: the other branch, whose type fixed the expectation
  Operator,      // node: the operator expression
  Argument,      // node: the function applied
  Element,       // node: the first element of the array
  Guard,         // node: the match arm
  Interpolation, // node: the string
  ArmBody,       // node: the first arm's body
  Pattern,       // node: the pattern
  Field,         // node: the field annotated elsewhere
};

struct Origin {
  OriginKind kind;
  ast::NodeId node;
  TypeId type; // Argument: the parameter's type
};

// Binding flags.
inline constexpr uint8_t kRecField = 1; // a field of an enclosing recursive record
inline constexpr uint8_t kApparent = 2; // typed by the shape of an untyped value
inline constexpr uint8_t kBuiltins = 4; // `__prim`: each field access has a fresh type

struct Binding {
  base::NameId name;
  TypeId type;
  uint32_t prev; // the binding this one shadows, or kNoBinding
  uint32_t key;  // alias key, for the identity of opaque contracts
  ast::NodeId def;
  uint8_t flags;
};
inline constexpr uint32_t kNoBinding = 0xffffffffu;

// What a Meta node holds, for the checker.
struct MetaInfo {
  ast::NodeId type;       // the type of the first `: T`, if any
  ast::NodeId contract;   // the first `| C`, if any
  ast::NodeId type_annot; // the TypeAnnot node
};

// One piece of a record literal: a Field whose path element `depth` is being looked at.
struct Piece {
  ast::NodeId field;
  uint32_t depth;
};

// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// The record literal `n` denotes under parentheses and `let`s, or none (field_type.cpp).
// With `annotated`, also under annotations: the last annotated node seen, or the node the
// walk stopped at when it is no record, is left in `*annotated`. Without, an annotation
// ends the walk with none.
ast::NodeId record_under(const ast::File& f, ast::NodeId n, ast::NodeId* annotated);

class Checker {
public:
  Checker(const base::SourceMap& sources, const ast::File& file, const Options& options,
          diag::Diagnostics& diags, Result& result);
  void run();

  // Shared helpers (checker.cpp).
  void push(FrameKind kind, ast::NodeId node, TypeId type = TypeId(), uint32_t origin = 0,
            uint32_t a = 0, uint32_t b = 0, uint8_t flags = 0, uint16_t step = 0) {
    stack_.push_back(Frame{kind, flags, step, node, type, origin, a, b});
  }
  // Pushes a frame that starts a unit reporting at most one type error (a binding's value,
  // a field, a typed block): later errors in the unit are usually knock-on effects.
  void push_scoped(const Frame& f) {
    push(FrameKind::ErrorScope, ast::NodeId(), TypeId(), 0, 0);
    stack_.push_back(f);
    push(FrameKind::ErrorScope, ast::NodeId(), TypeId(), 0, 1);
  }
  // Whether a type error may be reported now; marks the current unit as failed.
  bool type_error_allowed() {
    if (error_scopes_.empty()) return true;
    if (error_scopes_.back()) return false;
    error_scopes_.back() = true;
    return true;
  }
  void push_again(const Frame& f, uint16_t step) {
    Frame g = f;
    g.step = step;
    stack_.push_back(g);
  }
  uint32_t origin(OriginKind kind, ast::NodeId node, TypeId type = TypeId());
  TypeId fresh() { return types_.fresh_unif(VarKind::Type, level_); }
  TypeId fresh_row(VarKind kind) { return types_.fresh_unif(kind, level_); }
  // Subsumes `found` into `expected` and reports a failure at `node`; false on failure.
  bool expect(ast::NodeId node, TypeId expected, TypeId found, uint32_t origin,
              RelateMode mode = RelateMode::Subsume);
  MetaInfo read_meta(ast::NodeId meta) const;
  std::string_view text_of(ast::NodeId node) const;
  base::Loc loc(ast::NodeId node) const { return file_.loc(node); }

  // Scopes (scope.cpp).
  uint32_t bind(base::NameId name, TypeId type, ast::NodeId def, uint8_t flags,
                ast::NodeId value = ast::NodeId());
  const Binding* lookup(base::NameId name) const;
  void pop_to(uint32_t mark);
  uint32_t mark() const { return static_cast<uint32_t>(bindings_.size()); }
  std::string did_you_mean(std::string_view name, bool with_tyvars,
                           std::vector<std::string> extra = {}) const;
  uint32_t alias_key(ast::NodeId expr);
  uint32_t unique_key(ast::NodeId node);
  uint32_t intern_key(const std::string& key);
  TypeId apparent_type(ast::NodeId value, uint8_t* flags);
  void use_variable(ast::NodeId var, TypeId expected, uint32_t origin, bool typed);

  // Types written in source (convert.cpp). Opaque contract expressions found inside are
  // walked as untyped code. `wildcards` turns `_` into unification variables (else Dyn).
  TypeId convert(ast::NodeId type_expr, bool wildcards);
  bool is_record_type(ast::NodeId record) const;

  // Diagnostics (errors.cpp).
  void report(const Failure& failure, ast::NodeId node, TypeId expected, TypeId found,
              uint32_t origin);
  void unbound_variable(ast::NodeId var);
  bool report_pattern(const Failure& failure, base::Loc at, const std::string& e,
                      const std::string& fnd);
  std::string operator_note(ast::NodeId op) const;

  // Handlers (walk.cpp, check_expr.cpp, check_record.cpp, check_pattern.cpp).
  void walk(const Frame& f);
  void walk_meta_contracts(ast::NodeId meta);
  void contract_type_in_term_position(ast::NodeId type);
  bool has_wildcard(ast::NodeId type) const;
  void walk_let(const Frame& f);
  void walk_record(const Frame& f);
  void walk_match(const Frame& f);
  void walk_annotated(ast::NodeId owner, ast::NodeId meta, ast::NodeId value, TypeId* bound_type);
  void check(const Frame& f);
  void check_node(const Frame& f);
  void check_let(const Frame& f);
  void check_fun(const Frame& f);
  void check_app(const Frame& f);
  void check_select(const Frame& f);
  void check_binop(const Frame& f);
  void check_annot(const Frame& f);
  void check_match(const Frame& f);
  void check_string(const Frame& f);
  void check_record(const Frame& f);
  void record_group(const Frame& f);
  void check_pieces(const Frame& f, uint32_t first, uint32_t count, bool recursive);
  bool shape_matches(TypeId expected, const std::vector<base::NameId>& fields,
                     const std::vector<base::NameId>& included, bool closed);
  void check_field_value(ast::NodeId field, TypeId field_type, uint32_t origin);
  void pat_walk(const Frame& f);
  void pat_check(const Frame& f);
  void or_alt(const Frame& f);
  void or_join(const Frame& f);
  void close_match(const Frame& f);
  void collect_pattern_vars(ast::NodeId pat,
                            std::vector<std::pair<base::NameId, ast::NodeId>>& out) const;
  void check_or_pattern_vars(ast::NodeId pat);
  uint32_t path_child(uint32_t parent, uint32_t kind, uint32_t label);

  // The type of a field name in a path: the label, or none for an interpolated name.
  base::NameId static_label(ast::NodeId path_elem) const;
  TypeId std_type();
  TypeId import_type(ast::NodeId import);
  const ast::File* imported_module(ast::NodeId import);
  TypeId library_type();
  ast::NodeId unwrap_record(ast::NodeId n) const;

  const base::SourceMap& sources_;
  const ast::File& file_;
  const base::SourceFile& source_;
  const Options& options_;
  diag::Diagnostics& diags_;
  Result& result_;
  TypeStore& types_;
  Unifier unifier_;
  base::Names& names_;

  std::vector<Frame> stack_;
  std::vector<bool> error_scopes_;
  std::vector<Binding> bindings_;
  std::vector<uint32_t> heads_; // per NameId: innermost binding or kNoBinding
  uint32_t binding_serial_ = 0;
  std::vector<std::pair<base::NameId, TypeId>> tyvars_;
  uint32_t level_ = 0;
  std::vector<Origin> origins_;
  std::vector<Piece> pieces_;
  std::vector<TypeId> pending_;
  std::unordered_map<std::string, uint32_t> keys_;
  std::unordered_map<uint32_t, TypeId> converted_; // annotation type node -> its type
  std::unordered_map<const ast::File*, TypeId> module_types_;

  // Match contexts: enum patterns to close once every arm is checked.
  struct MatchContext {
    struct EnumSite {
      uint32_t path;
      TypeId type;
      uint32_t key; // the row key of the tag the pattern matches
    };
    std::vector<EnumSite> enum_sites;
    std::vector<uint32_t> covered; // paths of catch-all patterns
  };
  std::vector<MatchContext> matches_;
  std::vector<uint32_t> path_parent_;
  std::unordered_map<uint64_t, uint32_t> path_index_;

  base::NameId std_name_;
  bool record_node_types_ = true;
};

} // namespace cairn::check
