// The machine's frame and value stacks: a growable array of trivially copyable items whose
// push and pop are inlined into the evaluation loop (std::vector's are not, in a function
// as large as the loop). Growth doubles the capacity; the memory is released by the
// destructor. Pointers into the stack are invalidated by any push.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

namespace cairn::eval {

template <typename T> class Stack {
  static_assert(std::is_trivially_copyable_v<T>);

public:
  Stack() = default;
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;
  ~Stack() { std::free(data_); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }

  [[gnu::always_inline]] void push_back(const T& v) {
    if (size_ == cap_) [[unlikely]]
      grow(size_ + 1);
    data_[size_++] = v;
  }
  [[gnu::always_inline]] void pop_back() { --size_; }
  // Shrinks to `n` items, or grows with default-initialised ones.
  [[gnu::always_inline]] void resize(size_t n) {
    if (n > size_) [[unlikely]]
      extend(n);
    size_ = n;
  }
  void reserve(size_t n) {
    if (n > cap_) grow(n);
  }
  // Inserts [first, last) before position `at`.
  void insert(size_t at, const T* first, const T* last) {
    size_t k = static_cast<size_t>(last - first);
    reserve(size_ + k);
    std::memmove(data_ + at + k, data_ + at, (size_ - at) * sizeof(T));
    std::memcpy(data_ + at, first, k * sizeof(T));
    size_ += k;
  }
  void erase(size_t at) {
    std::memmove(data_ + at, data_ + at + 1, (size_ - at - 1) * sizeof(T));
    --size_;
  }

private:
  [[gnu::noinline]] void extend(size_t n) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) data_[i] = T();
  }
  [[gnu::noinline]] void grow(size_t need) {
    size_t cap = cap_ ? cap_ * 2 : 64;
    while (cap < need) cap *= 2;
    T* d = static_cast<T*>(std::realloc(static_cast<void*>(data_), cap * sizeof(T)));
    if (!d) throw std::bad_alloc();
    data_ = d;
    cap_ = cap;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

} // namespace cairn::eval
