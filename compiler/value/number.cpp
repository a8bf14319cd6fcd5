// Exact rational arithmetic; see number.h.
#include "compiler/value/number.h"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace cairn::value::num {

namespace {

// A stack mpq_t that clears itself.
struct Q {
  mpq_t q;
  Q() { mpq_init(q); }
  explicit Q(Value v) {
    mpq_init(q);
    to_mpq(v, q);
  }
  ~Q() { mpq_clear(q); }
  Q(const Q&) = delete;
  Q& operator=(const Q&) = delete;
};

const BigNum* big(Value v) { return v.as<BigNum>(); }

} // namespace

Value from_mpq(Arena& arena, mpq_srcptr q) {
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_fits_slong_p(mpq_numref(q))) {
    long n = mpz_get_si(mpq_numref(q));
    if (Value::fits_small(n)) return Value::small_int(n);
  }
  BigNum* b = static_cast<BigNum*>(arena.alloc(sizeof(BigNum)));
  b->h = Obj{ObjKind::BigNum, 0, 0, 0};
  mpq_init(&b->q);
  mpq_set(&b->q, q);
  arena.track_mpq(&b->q);
  return Value::object(b);
}

Value from_int(Arena& arena, int64_t v) {
  if (Value::fits_small(v)) return Value::small_int(v);
  Q q;
  mpz_set_si(mpq_numref(q.q), static_cast<long>(v));
  return from_mpq(arena, q.q);
}

std::optional<Value> from_double(Arena& arena, double d) {
  if (!std::isfinite(d)) return std::nullopt;
  if (d == std::trunc(d) && std::fabs(d) < 1e18) return from_int(arena, static_cast<int64_t>(d));
  Q q;
  mpq_set_d(q.q, d);
  return from_mpq(arena, q.q);
}

void to_mpq(Value v, mpq_ptr out) {
  if (v.is_small_int()) {
    mpq_set_si(out, static_cast<long>(v.small_int()), 1);
  } else {
    mpq_set(out, &big(v)->q);
  }
}

double to_double(Value v) {
  if (v.is_small_int()) return static_cast<double>(v.small_int());
  // mpq_get_d truncates; pick whichever of it and its neighbour is nearer the exact value.
  mpq_srcptr q = &big(v)->q;
  double d = mpq_get_d(q);
  if (!std::isfinite(d)) return d;
  double other = std::nextafter(d, mpq_sgn(q) < 0 ? -INFINITY : INFINITY);
  if (!std::isfinite(other)) return d;
  Q a, b, da, db;
  mpq_set_d(a.q, d);
  mpq_set_d(b.q, other);
  mpq_sub(da.q, q, a.q);
  mpq_sub(db.q, b.q, q);
  mpq_abs(da.q, da.q);
  mpq_abs(db.q, db.q);
  return mpq_cmp(db.q, da.q) < 0 ? other : d;
}

bool is_integer(Value v) {
  return v.is_small_int() || mpz_cmp_ui(mpq_denref(&big(v)->q), 1) == 0;
}

std::optional<int64_t> to_int64(Value v) {
  if (v.is_small_int()) return v.small_int();
  const BigNum* b = big(v);
  if (mpz_cmp_ui(mpq_denref(&b->q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(&b->q))) return std::nullopt;
  return mpz_get_si(mpq_numref(&b->q));
}

Value add(Arena& arena, Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) return from_int(arena, a.small_int() + b.small_int());
  Q x(a), y(b), r;
  mpq_add(r.q, x.q, y.q);
  return from_mpq(arena, r.q);
}

Value sub(Arena& arena, Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) return from_int(arena, a.small_int() - b.small_int());
  Q x(a), y(b), r;
  mpq_sub(r.q, x.q, y.q);
  return from_mpq(arena, r.q);
}

Value mul(Arena& arena, Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t r;
    if (!__builtin_mul_overflow(a.small_int(), b.small_int(), &r)) return from_int(arena, r);
  }
  Q x(a), y(b), r;
  mpq_mul(r.q, x.q, y.q);
  return from_mpq(arena, r.q);
}

std::optional<Value> div(Arena& arena, Value a, Value b) {
  if (b.is_small_int()) {
    int64_t d = b.small_int();
    if (d == 0) return std::nullopt;
    if (a.is_small_int() && a.small_int() % d == 0) return from_int(arena, a.small_int() / d);
  }
  Q x(a), y(b), r;
  mpq_div(r.q, x.q, y.q);
  return from_mpq(arena, r.q);
}

std::optional<Value> rem(Arena& arena, Value a, Value b) {
  if (b.is_small_int() && b.small_int() == 0) return std::nullopt;
  if (a.is_small_int() && b.is_small_int()) return Value::small_int(a.small_int() % b.small_int());
  Q x(a), y(b), quot, r;
  mpq_div(quot.q, x.q, y.q);
  mpz_tdiv_q(mpq_numref(quot.q), mpq_numref(quot.q), mpq_denref(quot.q));
  mpz_set_ui(mpq_denref(quot.q), 1);
  mpq_mul(r.q, quot.q, y.q);
  mpq_sub(r.q, x.q, r.q);
  return from_mpq(arena, r.q);
}

Value neg(Arena& arena, Value a) {
  if (a.is_small_int()) return from_int(arena, -a.small_int());
  Q x(a);
  mpq_neg(x.q, x.q);
  return from_mpq(arena, x.q);
}

int compare(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.small_int(), y = b.small_int();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  Q x(a), y(b);
  int c = mpq_cmp(x.q, y.q);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool equal(Value a, Value b) {
  if (a.is_small_int() || b.is_small_int()) return a == b;
  return mpq_equal(&big(a)->q, &big(b)->q) != 0;
}

Value floor(Arena& arena, Value a) {
  if (a.is_small_int()) return a;
  Q r;
  mpz_fdiv_q(mpq_numref(r.q), mpq_numref(&big(a)->q), mpq_denref(&big(a)->q));
  return from_mpq(arena, r.q);
}

Value truncate(Arena& arena, Value a) {
  if (a.is_small_int()) return a;
  Q r;
  mpz_tdiv_q(mpq_numref(r.q), mpq_numref(&big(a)->q), mpq_denref(&big(a)->q));
  return from_mpq(arena, r.q);
}

Value abs(Arena& arena, Value a) { return compare(a, Value::small_int(0)) < 0 ? neg(arena, a) : a; }

std::optional<Value> pow(Arena& arena, Value base, Value exponent) {
  std::optional<int64_t> e = to_int64(exponent);
  if (e && *e >= -1000000 && *e <= 1000000) {
    Q b(base), r;
    bool invert = *e < 0;
    unsigned long n = static_cast<unsigned long>(invert ? -*e : *e);
    mpz_pow_ui(mpq_numref(r.q), mpq_numref(b.q), n);
    mpz_pow_ui(mpq_denref(r.q), mpq_denref(b.q), n);
    mpq_canonicalize(r.q);
    if (invert) {
      if (mpq_sgn(r.q) == 0) return std::nullopt;
      mpq_inv(r.q, r.q);
    }
    return from_mpq(arena, r.q);
  }
  return from_double(arena, std::pow(to_double(base), to_double(exponent)));
}

namespace {

// Digits of `text` in `radix` into `out`; false if a character is not a digit.
bool set_digits(mpz_ptr out, std::string_view text, int radix) {
  if (text.empty()) return false;
  std::string s(text);
  return mpz_set_str(out, s.c_str(), radix) == 0;
}

} // namespace

std::optional<long> decimal_scale(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  long scale = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, any = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, --scale, any = true;
  }
  if (!any) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    long e = 0;
    bool edigits = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, edigits = true)
      if (e < 100000000) e = e * 10 + (text[i] - '0');
    if (!edigits) return std::nullopt;
    scale += negative ? -e : e;
  }
  if (i != text.size()) return std::nullopt;
  return scale;
}

std::optional<Value> parse_literal(Arena& arena, std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o' || text[1] == 'b')) {
    int radix = text[1] == 'x' ? 16 : text[1] == 'o' ? 8 : 2;
    Q q;
    if (!set_digits(mpq_numref(q.q), text.substr(2), radix)) return std::nullopt;
    return from_mpq(arena, q.q);
  }
  // [digits] [. digits] [e [+-] digits]
  std::string digits;
  long scale = 0; // value = digits * 10^scale
  size_t i = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++], any = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++], --scale, any = true;
  }
  if (!any) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    long e = 0;
    bool edigits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (e < 100000000) e = e * 10 + (text[i] - '0');
      ++i;
      edigits = true;
    }
    if (!edigits) return std::nullopt;
    scale += negative ? -e : e;
  }
  if (i != text.size()) return std::nullopt;
  if (scale > kMaxDecimalScale || scale < -kMaxDecimalScale) return std::nullopt;
  if (scale == 0 && digits.size() < 18) return from_int(arena, std::stoll(digits));
  Q q;
  if (!set_digits(mpq_numref(q.q), digits, 10)) return std::nullopt;
  mpz_t p;
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, static_cast<unsigned long>(scale < 0 ? -scale : scale));
  if (scale < 0) mpz_set(mpq_denref(q.q), p);
  else mpz_mul(mpq_numref(q.q), mpq_numref(q.q), p);
  mpz_clear(p);
  mpq_canonicalize(q.q);
  return from_mpq(arena, q.q);
}

std::optional<Value> parse_decimal(Arena& arena, std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || (text[0] == '0' && text.size() > 1 && (text[1] == 'x' || text[1] == 'o' || text[1] == 'b')))
    return std::nullopt;
  std::optional<Value> v = parse_literal(arena, text);
  if (v && negative) return neg(arena, *v);
  return v;
}

void append(std::string& out, Value v) {
  if (v.is_small_int()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.small_int());
    out.append(buf, r.ptr);
    return;
  }
  const BigNum* b = big(v);
  if (mpz_cmp_ui(mpq_denref(&b->q), 1) == 0) {
    size_t n = mpz_sizeinbase(mpq_numref(&b->q), 10) + 2;
    std::string buf(n, '\0');
    mpz_get_str(buf.data(), 10, mpq_numref(&b->q));
    out.append(buf.c_str());
    return;
  }
  double d = to_double(v);
  if (std::isfinite(d) && d != 0) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
    return;
  }
  // Beyond a double's range (or too small for one): decimal digits from GMP.
  mpf_t f;
  mpf_init2(f, 128);
  mpf_set_q(f, &b->q);
  mp_exp_t exp = 0;
  char* digits = mpf_get_str(nullptr, &exp, 10, 17, f);
  std::string ds = digits;
  void (*free_fn)(void*, size_t);
  mp_get_memory_functions(nullptr, nullptr, &free_fn);
  free_fn(digits, std::strlen(digits) + 1);
  mpf_clear(f);
  bool negative = !ds.empty() && ds[0] == '-';
  if (negative) ds.erase(0, 1);
  while (ds.size() > 1 && ds.back() == '0') ds.pop_back();
  out += negative ? "-" : "";
  out += ds.substr(0, 1);
  if (ds.size() > 1) out += "." + ds.substr(1);
  out += fmt::format("e{}", static_cast<long>(exp) - 1);
}

bool fits_double(Value v) { return v.is_small_int() || std::isfinite(to_double(v)); }

std::string to_string(Value v) {
  std::string s;
  append(s, v);
  return s;
}

uint64_t hash(Value v) {
  if (v.is_small_int()) return static_cast<uint64_t>(v.small_int()) * 0x9E3779B97F4A7C15ull;
  const BigNum* b = big(v);
  uint64_t h = mpz_get_ui(mpq_numref(&b->q)) * 31 + mpz_get_ui(mpq_denref(&b->q));
  return h * 0x9E3779B97F4A7C15ull;
}

} // namespace cairn::value::num
