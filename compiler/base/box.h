// Box<T>: an optional T kept on the heap, with value semantics.
//
// It reads like std::optional (`if (b)`, `b->x`, `*b`, `b = t`, `b.reset()`), but an empty
// box is one pointer wide. Use it for a large member that most instances leave empty, in
// structs held by the hundred thousand: a plan's changes carry the prior and the recorded
// state records (376 bytes each) inline as std::optional made every change 1.2 KB.
#pragma once

#include <memory>
#include <utility>

namespace cairn::base {

template <typename T> class Box {
public:
  Box() = default;
  Box(const T& v) : p_(std::make_unique<T>(v)) {}
  Box(T&& v) : p_(std::make_unique<T>(std::move(v))) {}
  Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  Box& operator=(const T& v) {
    if (p_) *p_ = v;
    else p_ = std::make_unique<T>(v);
    return *this;
  }
  Box& operator=(T&& v) {
    if (p_) *p_ = std::move(v);
    else p_ = std::make_unique<T>(std::move(v));
    return *this;
  }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  void reset() { p_.reset(); }

private:
  std::unique_ptr<T> p_;
};

} // namespace cairn::base
