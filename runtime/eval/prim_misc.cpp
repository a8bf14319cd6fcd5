// Builtins that are not about strings, arrays or records: contracts and labels, numbers,
// enums, serialization, hashing, tracing and deep forcing.
#include <fmt/core.h>

#include <cmath>
#include <cstdio>

#include "compiler/value/contract.h"
#include "compiler/value/number.h"
#include "runtime/eval/deep.h"
#include "runtime/eval/prim.h"
#include "runtime/eval/serialize.h"

namespace cairn::eval {

using ir::PrimOp;

namespace {

Value contract_value(Machine& m, value::ContractKind k, Value a, Value b = Value(), uint8_t flags = 0) {
  auto* c = m.arena().make<value::Contract>();
  c->h = value::Obj{value::ObjKind::Contract, flags, static_cast<uint16_t>(k), 0};
  c->a = Machine::peek(a);
  c->b = Machine::peek(b);
  return Value::object(c);
}

std::optional<Format> format_of_tag(Machine& m, Value tag) {
  if (!tag.is_enum_tag()) return std::nullopt;
  std::string_view t = m.names().text(tag.enum_tag());
  if (t == "Json") return Format::Json;
  if (t == "Yaml") return Format::Yaml;
  if (t == "YamlDocuments") return Format::YamlDocuments;
  if (t == "Toml") return Format::Toml;
  if (t == "Text") return Format::Text;
  return std::nullopt;
}

// Deep-forces a value (export rules), then serializes it.
struct SerializeTask : Task {
  Format format;
  Value value;
  bool started = false;
  Step resume(Machine& m, Value v) override {
    if (!started) {
      started = true;
      DeepOptions o;
      o.export_mode = true;
      o.allow_unknown = true;
      return Step::await_task(deep_task(m, value, o));
    }
    // Text with an unknown part is unknown.
    Value unknown = unknowns_in(m, v);
    if (!unknown.is_none()) return Step::ret(unknown);
    std::string out;
    SerializeOptions opts;
    if (!serialize(m, v, format, out, opts)) return Step::fail();
    return Step::ret(make_string(m, out));
  }
};

// deep_seq: force the first argument deeply, then the second.
struct DeepSeqTask : Task {
  Value first, second;
  bool started = false;
  Step resume(Machine& m, Value) override {
    if (!started) {
      started = true;
      DeepOptions o;
      o.max_depth = kMaxForceDepth;
      o.require_definitions = true;
      return Step::await_task(deep_task(m, first, o));
    }
    return Step::force(second);
  }
};

Step number_op(Machine& m, const ir::Prim* p, Value* a) {
  for (uint32_t i = 0; i < p->nargs; ++i) {
    if (p->op() == PrimOp::NumberTrig && i == 0) continue;
    if (p->op() == PrimOp::NumberFromString) break;
    if (!a[i].is_number()) return type_error(m, p, i, "a number", a[i]);
  }
  value::Arena& ar = m.arena();
  auto real = [&](double d) -> Step {
    std::optional<Value> v = value::num::from_double(ar, d);
    if (!v) return m.fail(diag::DiagKind::InvalidArgument, p->loc(), "the result is not a finite number");
    return Step::ret(*v);
  };
  switch (p->op()) {
  case PrimOp::NumberIsInteger: return Step::ret(Value::boolean(value::num::is_integer(a[0])));
  case PrimOp::NumberFloor: return Step::ret(value::num::floor(ar, a[0]));
  case PrimOp::NumberTruncate: return Step::ret(value::num::truncate(ar, a[0]));
  case PrimOp::NumberAbs: return Step::ret(value::num::abs(ar, a[0]));
  case PrimOp::NumberPow: {
    std::optional<Value> r = value::num::pow(ar, a[0], a[1]);
    if (!r) return m.fail(diag::DiagKind::InvalidArgument, p->loc(), "this power has no finite real value");
    return Step::ret(*r);
  }
  case PrimOp::NumberLog: return real(std::log(value::num::to_double(a[0])) / std::log(value::num::to_double(a[1])));
  case PrimOp::NumberSqrt: {
    double x = value::num::to_double(a[0]);
    if (x < 0) return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(0), "square root of a negative number");
    return real(std::sqrt(x));
  }
  case PrimOp::NumberTrig: {
    if (!a[0].is_enum_tag()) return type_error(m, p, 0, "an enum tag", a[0]);
    if (!a[1].is_number()) return type_error(m, p, 1, "a number", a[1]);
    std::string_view f = m.names().text(a[0].enum_tag());
    double x = value::num::to_double(a[1]);
    if (f == "Sin") return real(std::sin(x));
    if (f == "Cos") return real(std::cos(x));
    if (f == "Tan") return real(std::tan(x));
    if (f == "Asin") return real(std::asin(x));
    if (f == "Acos") return real(std::acos(x));
    if (f == "Atan") return real(std::atan(x));
    return m.fail(diag::DiagKind::InvalidArgument, p->loc(), fmt::format("unknown function '{}", f));
  }
  case PrimOp::NumberAtan2:
    return real(std::atan2(value::num::to_double(a[0]), value::num::to_double(a[1])));
  case PrimOp::NumberFromString: {
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    std::string_view s = a[0].as<value::String>()->view();
    std::optional<Value> v = value::num::parse_decimal(ar, s);
    if (!v)
      return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(0),
                    fmt::format("`{}` is not a number", s));
    return Step::ret(*v);
  }
  default: return Step::fail();
  }
}

Step label_op(Machine& m, const ir::Prim* p, Value* a) {
  if (!a[1].is(value::ObjKind::Label)) return type_error(m, p, 1, "a label", a[1]);
  Label* l = label_copy(m, a[1].as<Label>());
  switch (p->op()) {
  case PrimOp::LabelWithMessage:
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    l->message = a[0];
    break;
  case PrimOp::LabelWithNotes:
    if (!a[0].is_array()) return type_error(m, p, 0, "an array of strings", a[0]);
    l->notes = a[0];
    break;
  case PrimOp::LabelAppendNote: {
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    uint32_t n = l->notes.is_array() ? l->notes.as<value::Array>()->size() : 0;
    value::Array* notes = new_array(m, n + 1);
    for (uint32_t i = 0; i < n; ++i) notes->data[i] = l->notes.as<value::Array>()->data[i];
    notes->data[n] = a[0];
    l->notes = Value::object(notes);
    break;
  }
  default: break;
  }
  return Step::ret(Value::object(l));
}

} // namespace

Step call_misc_builtin(Machine& m, const ir::Prim* p, Value* a) {
  switch (p->op()) {
  case PrimOp::ContractArray: return Step::ret(contract_value(m, value::ContractKind::Array, a[0]));
  case PrimOp::ContractDict: return Step::ret(contract_value(m, value::ContractKind::Dict, a[0]));
  case PrimOp::ContractArrow: return Step::ret(contract_value(m, value::ContractKind::Arrow, a[0], a[1]));
  case PrimOp::ContractEnum:
    if (!a[0].is_array()) return type_error(m, p, 0, "an array of enum tags", a[0]);
    return Step::ret(contract_value(m, value::ContractKind::Enum, a[0], Value(),
                                    a[1].is_bool() && a[1].as_bool() ? value::Contract::kOpen : 0));
  case PrimOp::ContractCustom: return Step::ret(contract_value(m, value::ContractKind::Custom, a[0]));
  case PrimOp::ContractForall: return Step::ret(contract_value(m, value::ContractKind::Forall, a[0]));
  case PrimOp::ContractTail: return Step::ret(contract_value(m, value::ContractKind::Tail, a[0], a[1]));
  case PrimOp::ContractApply:
  case PrimOp::ContractCheck: {
    if (!a[1].is(value::ObjKind::Label)) return type_error(m, p, 1, "a label", a[1]);
    return Step::start(contract_task(m, a[2], a[0], a[1], p->op() == PrimOp::ContractCheck));
  }
  case PrimOp::Blame: {
    if (!a[0].is(value::ObjKind::Label)) return type_error(m, p, 0, "a label", a[0]);
    return blame_label(m, a[0].as<Label>(), p->loc());
  }
  case PrimOp::LabelWithMessage:
  case PrimOp::LabelWithNotes:
  case PrimOp::LabelAppendNote: return label_op(m, p, a);
  case PrimOp::NumberIsInteger:
  case PrimOp::NumberFloor:
  case PrimOp::NumberTruncate:
  case PrimOp::NumberAbs:
  case PrimOp::NumberPow:
  case PrimOp::NumberLog:
  case PrimOp::NumberSqrt:
  case PrimOp::NumberTrig:
  case PrimOp::NumberAtan2:
  case PrimOp::NumberFromString: return number_op(m, p, a);
  case PrimOp::EnumIsVariant: return Step::ret(Value::boolean(a[0].is(value::ObjKind::Variant)));
  case PrimOp::EnumTagOf:
    if (a[0].is_enum_tag()) return Step::ret(a[0]);
    if (a[0].is(value::ObjKind::Variant)) return Step::ret(Value::enum_tag(a[0].as<value::Variant>()->tag()));
    return type_error(m, p, 0, "an enum", a[0]);
  case PrimOp::EnumArgOf:
    if (a[0].is(value::ObjKind::Variant)) return Step::force(a[0].as<value::Variant>()->arg);
    return type_error(m, p, 0, "an enum variant", a[0]);
  case PrimOp::EnumMake: {
    base::NameId tag;
    if (a[0].is_enum_tag()) tag = a[0].enum_tag();
    else if (a[0].is_string()) tag = m.names().intern(a[0].as<value::String>()->view());
    else return type_error(m, p, 0, "an enum tag or a string", a[0]);
    return Step::ret(make_variant(m, tag, a[1]));
  }
  case PrimOp::ToString: {
    Value v = a[0];
    std::string out;
    if (v.is_string()) return Step::ret(v);
    if (v.is_number()) return Step::ret(make_string(m, value::num::to_string(v)));
    if (v.is_bool()) return Step::ret(make_string(m, v.as_bool() ? "true" : "false"));
    if (v.is_null()) return Step::ret(make_string(m, "null"));
    if (v.is_enum_tag()) return Step::ret(make_string(m, m.names().text(v.enum_tag())));
    return type_error(m, p, 0, "a number, a string, a boolean, null or an enum tag", v);
  }
  case PrimOp::Trace: {
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    std::string_view s = a[0].as<value::String>()->view();
    std::fprintf(stderr, "trace: %.*s\n", static_cast<int>(s.size()), s.data());
    return Step::force(a[1]);
  }
  case PrimOp::DeepSeq: {
    auto* t = new DeepSeqTask();
    t->first = a[0];
    t->second = a[1];
    return Step::start(t);
  }
  case PrimOp::Serialize: {
    std::optional<Format> f = format_of_tag(m, a[0]);
    if (!f) return type_error(m, p, 0, "'Json, 'Yaml, 'YamlDocuments or 'Toml", a[0]);
    auto* t = new SerializeTask();
    t->format = *f;
    t->value = a[1];
    return Step::start(t);
  }
  case PrimOp::Deserialize: {
    std::optional<Format> f = format_of_tag(m, a[0]);
    if (!f || *f == Format::Text || *f == Format::YamlDocuments)
      return type_error(m, p, 0, "'Json, 'Yaml or 'Toml", a[0]);
    if (!a[1].is_string()) return type_error(m, p, 1, "a string", a[1]);
    return deserialize(m, *f, a[1].as<value::String>()->view(), p->loc());
  }
  case PrimOp::Hash: {
    if (!a[0].is_enum_tag()) return type_error(m, p, 0, "'Md5, 'Sha1, 'Sha256 or 'Sha512", a[0]);
    if (!a[1].is_string()) return type_error(m, p, 1, "a string", a[1]);
    std::optional<std::string> h = hash_hex(m.names().text(a[0].enum_tag()), a[1].as<value::String>()->view());
    if (!h) return type_error(m, p, 0, "'Md5, 'Sha1, 'Sha256 or 'Sha512", a[0]);
    return Step::ret(make_string(m, *h));
  }
  default:
    return m.fail(diag::DiagKind::NotImplemented, p->loc(),
                  fmt::format("builtin `{}` is not implemented yet", ir::prim_info(p->op()).spelling));
  }
}

} // namespace cairn::eval
