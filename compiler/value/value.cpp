// Value type names and record lookup; see value.h and record.h.
#include "compiler/value/value.h"

#include "compiler/value/record.h"

namespace cairn::value {

std::string_view obj_kind_name(ObjKind k) {
  switch (k) {
#define CAIRN_OBJ_KIND(Name)                                                                       \
  case ObjKind::Name: return #Name;
#include "compiler/value/obj_kind.def"
  }
  return "?";
}

Type type_of(Value v) {
  if (v.is_small_int()) return Type::Number;
  if (v.is_null()) return Type::Null;
  if (v.is_bool()) return Type::Bool;
  if (v.is_enum_tag()) return Type::Enum;
  if (!v.is_obj()) return Type::Other;
  switch (v.obj()->kind) {
  case ObjKind::BigNum: return Type::Number;
  case ObjKind::String: return Type::String;
  case ObjKind::Array: return Type::Array;
  case ObjKind::Record: return Type::Record;
  case ObjKind::Closure:
  case ObjKind::Partial:
  case ObjKind::ContractedFn: return Type::Function;
  case ObjKind::Variant: return Type::Enum;
  case ObjKind::Label: return Type::Label;
  case ObjKind::Contract:
  case ObjKind::Thunk:
  case ObjKind::Unknown:
  case ObjKind::Sealed: return Type::Other;
  }
  return Type::Other;
}

std::string_view type_name(Type t) {
  switch (t) {
  case Type::Number: return "Number";
  case Type::Bool: return "Bool";
  case Type::String: return "String";
  case Type::Enum: return "Enum";
  case Type::Function: return "Function";
  case Type::Array: return "Array";
  case Type::Record: return "Record";
  case Type::Null: return "Null";
  case Type::Label: return "Label";
  case Type::Other: return "Other";
  }
  return "Other";
}

std::string_view type_article(Type t) {
  switch (t) {
  case Type::Number: return "a number";
  case Type::Bool: return "a boolean";
  case Type::String: return "a string";
  case Type::Enum: return "an enum";
  case Type::Function: return "a function";
  case Type::Array: return "an array";
  case Type::Record: return "a record";
  case Type::Null: return "null";
  case Type::Label: return "a label";
  case Type::Other: return "a value";
  }
  return "a value";
}

const Field* Record::find(base::NameId name) const {
  int32_t i = index_of(name);
  return i < 0 ? nullptr : &fields()[i];
}

int32_t Record::index_of(base::NameId name) const {
  const Field* f = fields();
  uint32_t n = size();
  if (n <= 8) {
    for (uint32_t i = 0; i < n; ++i)
      if (f[i].name == name) return static_cast<int32_t>(i);
    return -1;
  }
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (f[mid].name.index < name.index) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && f[lo].name == name ? static_cast<int32_t>(lo) : -1;
}

} // namespace cairn::value
