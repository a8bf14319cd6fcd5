// Runtime values: one tagged 64-bit word, and the heap objects it may point to.
//
// A `Value` is either an immediate (small integer, null, boolean, enum tag) or a pointer to
// an arena object whose first 8 bytes are an `Obj` header (kind, flags, two small fields).
// The low three bits tell which:
//   ...000  pointer to an Obj (all zero bits: "none", an absent value)
//   ...001  small integer, 61 bits signed, in the high bits
//   ...010  null / false / true (bits 3-4 distinguish)
//   ...011  enum tag, NameId in the high 32 bits
// Numbers are exact rationals: a small integer when the value is an integer that fits,
// else a BigNum (GMP mpq_t). That form is canonical, so equal numbers of integer value are
// always both small or both big.
//
// Variable-size objects keep their payload right after the struct (`payload()`), so one
// allocation holds an object. Objects never move and are never freed individually (see
// arena.h). Records and fields are in record.h; contracts and labels in runtime/eval.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compiler/base/names.h"

namespace cairn::ir {
struct Node;
struct Lambda;
} // namespace cairn::ir

namespace cairn::value {

enum class ObjKind : uint8_t {
#define CAIRN_OBJ_KIND(Name) Name,
#include "compiler/value/obj_kind.def"
};
std::string_view obj_kind_name(ObjKind k);

struct Obj {
  ObjKind kind;
  uint8_t flags;
  uint16_t u16;
  uint32_t u32;
};
static_assert(sizeof(Obj) == 8);

class Value {
public:
  constexpr Value() = default;
  static Value from_bits(uint64_t b) { return Value(b); }
  static Value object(const void* o) { return Value(reinterpret_cast<uint64_t>(o)); }
  static constexpr int64_t kMaxSmall = (int64_t(1) << 60) - 1;
  static constexpr int64_t kMinSmall = -(int64_t(1) << 60);
  static bool fits_small(int64_t v) { return v >= kMinSmall && v <= kMaxSmall; }
  static Value small_int(int64_t v) { return Value((static_cast<uint64_t>(v) << 3) | 1); }
  static constexpr Value null() { return Value(2); }
  static constexpr Value boolean(bool b) { return Value(b ? 2 | 16 : 2 | 8); }
  static Value enum_tag(base::NameId tag) { return Value((uint64_t(tag.index) << 32) | 3); }

  uint64_t bits() const { return bits_; }
  bool is_none() const { return bits_ == 0; }
  bool is_obj() const { return (bits_ & 7) == 0 && bits_ != 0; }
  Obj* obj() const { return reinterpret_cast<Obj*>(bits_); }
  template <typename T> T* as() const { return reinterpret_cast<T*>(bits_); }
  bool is(ObjKind k) const { return is_obj() && obj()->kind == k; }
  bool is_thunk() const { return is(ObjKind::Thunk); }

  bool is_small_int() const { return (bits_ & 7) == 1; }
  int64_t small_int() const { return static_cast<int64_t>(bits_) >> 3; }
  bool is_number() const { return is_small_int() || is(ObjKind::BigNum); }
  bool is_null() const { return bits_ == 2; }
  bool is_bool() const { return bits_ == (2 | 8) || bits_ == (2 | 16); }
  bool as_bool() const { return bits_ == (2 | 16); }
  bool is_enum_tag() const { return (bits_ & 7) == 3; }
  base::NameId enum_tag() const { return base::NameId(static_cast<uint32_t>(bits_ >> 32)); }
  bool is_string() const { return is(ObjKind::String); }
  bool is_array() const { return is(ObjKind::Array); }
  bool is_record() const { return is(ObjKind::Record); }
  bool is_unknown() const { return is(ObjKind::Unknown); }
  bool is_function() const {
    return is(ObjKind::Closure) || is(ObjKind::Partial) || is(ObjKind::ContractedFn);
  }

  friend bool operator==(Value a, Value b) { return a.bits_ == b.bits_; }
  friend bool operator!=(Value a, Value b) { return a.bits_ != b.bits_; }

private:
  constexpr explicit Value(uint64_t b) : bits_(b) {}
  uint64_t bits_ = 0;
};
static_assert(sizeof(Value) == 8);

// The type of a value as the language names it (`std.typeof`, error messages).
enum class Type : uint8_t { Number, Bool, String, Enum, Function, Array, Record, Null, Label, Other };
Type type_of(Value v); // v must not be a thunk
std::string_view type_name(Type t);   // "Number", "Bool", ...
std::string_view type_article(Type t); // "a number", "a string", ...

// ---------------------------------------------------------------- environments
// A frame of variable slots; closures and thunks capture a pointer to one. Slots hold
// values or thunks; a slot not yet written is none.
struct Env {
  Env* parent;
  uint32_t size;
  uint32_t flags; // runtime/eval/env_stack.h
  Value* slots() { return reinterpret_cast<Value*>(this + 1); }
};
static_assert(sizeof(Env) == 16);

// ---------------------------------------------------------------- thunks
enum class ThunkState : uint8_t { Pending, Running, Done };
// How a pending thunk computes: IR code in an environment, or a native suspension.
enum class ThunkKind : uint16_t { Code, Native };

// flags = ThunkState, u16 = ThunkKind. `code` stays set once done (for blame spans).
struct Thunk {
  Obj h;
  const void* code; // const ir::Node* (Code) or a native suspension (runtime/eval/native.h)
  uint64_t word;    // Env* while pending/running, the Value bits once done
  ThunkState state() const { return static_cast<ThunkState>(h.flags); }
  ThunkKind kind() const { return static_cast<ThunkKind>(h.u16); }
  const ir::Node* ir() const { return kind() == ThunkKind::Code ? static_cast<const ir::Node*>(code) : nullptr; }
  Env* env() const { return reinterpret_cast<Env*>(word); }
  Value value() const { return Value::from_bits(word); }
  void set_value(Value v) {
    word = v.bits();
    h.flags = static_cast<uint8_t>(ThunkState::Done);
  }
};
static_assert(sizeof(Thunk) == 24);

// ---------------------------------------------------------------- scalars and containers
// u32 = length in bytes; flags & kAsciiFlag when every byte is ASCII and none is '\r'.
struct String {
  static constexpr uint8_t kAsciiFlag = 1;
  Obj h;
  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  char* data() { return reinterpret_cast<char*>(this + 1); }
  uint32_t size() const { return h.u32; }
  std::string_view view() const { return {data(), h.u32}; }
  bool simple() const { return (h.flags & kAsciiFlag) != 0; }
};

// u32 = length. `data` points after the struct or into another array's elements (slices).
struct Array {
  Obj h;
  Value* data;
  uint32_t size() const { return h.u32; }
};

struct Closure {
  Obj h;
  const ir::Lambda* fn;
  Env* env;
};

// u32 = number of arguments already given.
struct Partial {
  Obj h;
  Value fn;
  Value* args() { return reinterpret_cast<Value*>(this + 1); }
};

// u32 = tag NameId.
struct Variant {
  Obj h;
  Value arg;
  base::NameId tag() const { return base::NameId(h.u32); }
};

// u32 = number of dependencies, listed after the struct (sorted, unique).
struct Unknown {
  Obj h;
  uint32_t* deps() { return reinterpret_cast<uint32_t*>(this + 1); }
  const uint32_t* deps() const { return reinterpret_cast<const uint32_t*>(this + 1); }
};

} // namespace cairn::value
