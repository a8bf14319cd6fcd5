// Attribute values of resources: a JSON-like tree that may contain unknown leaves.
//
// The deployment engine works on plain data, never on the evaluator's values: a resource's
// inputs and outputs, the records in state and the values in a plan are all `Value`s.
// An `Unknown` stands for a value that will only be known after apply (an output of a
// resource not created yet, or anything computed from one); it remembers the addresses of
// the resources it came from, sorted and unique.
//
// Invariants: object keys are unique and sorted (byte order), so equality, hashing and
// serialization are canonical. Numbers are kept as canonical decimal text (integers
// without a fraction, other numbers in their shortest round-trip form) so that exact
// integers of any size survive a round trip. Values are bounded in depth by
// `kMaxValueDepth` (the readers enforce it), so the recursive helpers here are safe.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cairn::resource {

inline constexpr uint32_t kMaxValueDepth = 256;

enum class ValueKind : uint8_t { Null, Bool, Number, String, Array, Object, Unknown };
std::string_view value_kind_name(ValueKind k);

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

struct NumberText {
  std::string text;
  friend bool operator==(const NumberText&, const NumberText&) = default;
};
// Strings are immutable and shared: copying a Value (into a plan, a record, a masked copy
// of a plan) never copies the text, so a resource's 100 KB of content is held once.
struct SharedText {
  std::shared_ptr<const std::string> text;
  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.text == b.text || *a.text == *b.text;
  }
};
struct UnknownDeps {
  std::vector<std::string> deps; // sorted, unique addresses
  friend bool operator==(const UnknownDeps&, const UnknownDeps&) = default;
};

class Value {
public:
  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(Storage(b)); }
  // `text` must be canonical (see canonical_number); use `number_from_double` otherwise.
  static Value number(std::string text) { return Value(Storage(NumberText{std::move(text)})); }
  static Value number_from_double(double d);
  static Value integer(int64_t i) { return number(std::to_string(i)); }
  static Value string(std::string s) {
    return Value(Storage(SharedText{std::make_shared<const std::string>(std::move(s))}));
  }
  static Value array(Array a = {}) { return Value(Storage(std::move(a))); }
  // Sorts the members; a later duplicate key replaces an earlier one.
  static Value object(Object members = {});
  static Value unknown(std::vector<std::string> deps = {});

  ValueKind kind() const { return static_cast<ValueKind>(v_.index()); }
  bool is_null() const { return kind() == ValueKind::Null; }
  bool is_unknown() const { return kind() == ValueKind::Unknown; }
  bool is_object() const { return kind() == ValueKind::Object; }
  bool is_string() const { return kind() == ValueKind::String; }

  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& number_text() const { return std::get<NumberText>(v_).text; }
  // The number as a double (exact for integers up to 2^53).
  double as_double() const;
  const std::string& as_string() const { return *std::get<SharedText>(v_).text; }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }
  const std::vector<std::string>& unknown_deps() const { return std::get<UnknownDeps>(v_).deps; }

  // Object member lookup (binary search); nullptr when absent or not an object.
  const Value* get(std::string_view key) const;
  Value* get(std::string_view key);
  // Inserts or replaces a member, keeping the order. The value must be an object.
  void set(std::string key, Value value);
  // Removes a member if present; true when it was there.
  bool erase(std::string_view key);

  // True when the value is or contains an Unknown.
  bool has_unknown() const;
  // Adds the dependencies of every Unknown inside to `out`.
  void collect_unknown_deps(std::set<std::string>& out) const;
  // Depth of nesting (a scalar has depth 1).
  uint32_t depth() const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

private:
  using Storage = std::variant<std::monostate, bool, NumberText, SharedText, Array, Object, UnknownDeps>;
  explicit Value(Storage s) : v_(std::move(s)) {}
  Storage v_;
};

// The canonical text of a finite double: integers (|d| < 2^53) without fraction, others in
// their shortest round-trip form.
std::string canonical_number(double d);
// Canonicalizes a JSON number literal: integer literals stay exact, others go through
// double. Empty when `text` is not a JSON number.
std::string canonical_number_text(std::string_view text);

// A short human rendering used in plans and messages: strings quoted with escapes, objects
// as `{ a = 1, b = "x" }`, unknowns as `(known after apply)`.
std::string to_display(const Value& v);

} // namespace cairn::resource
