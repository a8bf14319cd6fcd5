// A bump allocator: every runtime object of one evaluation lives in one Arena.
//
// Configuration evaluations are short, so nothing is freed one by one: the arena hands out
// 8-byte-aligned blocks from large chunks and releases them all at once when it is
// destroyed. Objects placed here must be trivially destructible; the only exception is
// GMP rationals, whose limbs live on the C heap: `track_mpq` registers them so the arena
// clears them on destruction. An arena is not thread-safe; one evaluation owns one arena.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

namespace cairn::value {

// Thrown by an Arena asked to grow beyond its limit. The evaluation loop catches it at its
// entry points and reports E0418; nothing between the throw and the catch owns C++
// resources that the unwinding would not release.
struct ArenaLimit {
  size_t limit;
};

class Arena {
public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena();

  // `bytes` rounded up to a multiple of 8; the memory is uninitialised.
  void* alloc(size_t bytes) {
    bytes = (bytes + 7) & ~size_t(7);
    if (static_cast<size_t>(end_ - cur_) < bytes) return alloc_slow(bytes);
    char* p = cur_;
    cur_ += bytes;
    return p;
  }

  template <typename T, typename... Args> T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (alloc(sizeof(T))) T{std::forward<Args>(args)...};
  }

  template <typename T> T* alloc_array(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return static_cast<T*>(alloc(sizeof(T) * n));
  }

  // Copies `n` bytes into the arena.
  char* copy(const char* data, size_t n) {
    char* p = static_cast<char*>(alloc(n + 1));
    if (n) std::memcpy(p, data, n);
    p[n] = 0;
    return p;
  }

  // Registers an initialised mpq_t (inside an arena object) for mpq_clear at destruction.
  void track_mpq(mpq_ptr q) { mpqs_.push_back(q); }

  // The most the arena may take from the system (its chunks); asking for more throws
  // ArenaLimit. The default is no limit.
  void set_limit(size_t bytes) { limit_ = bytes; }
  size_t limit() const { return limit_; }
  size_t reserved() const { return reserved_; }
  // Counts `bytes` taken from the C heap for the evaluation outside the arena (the call
  // environment region) against the same limit; throws ArenaLimit when over. `refund`
  // gives them back when that memory is freed.
  void charge(size_t bytes) {
    if (bytes > limit_ || reserved_ > limit_ - bytes) throw ArenaLimit{limit_};
    reserved_ += bytes;
  }
  void refund(size_t bytes) { reserved_ -= bytes < reserved_ ? bytes : reserved_; }

  // Bytes handed out so far (for statistics and benchmarks).
  size_t bytes_used() const { return used_ + static_cast<size_t>(cur_ - chunk_begin_); }

private:
  void* alloc_slow(size_t bytes);

  char* cur_ = nullptr;
  char* end_ = nullptr;
  char* chunk_begin_ = nullptr;
  size_t used_ = 0;
  size_t next_chunk_ = size_t(64) << 10;
  size_t reserved_ = 0;   // bytes taken from the C heap
  size_t limit_ = ~size_t(0);
  struct Chunk {
    void* data;
    size_t bytes;
  };
  std::vector<Chunk> chunks_; // mapped with mmap (arena.cpp says why)
  std::vector<mpq_ptr> mpqs_;
};

} // namespace cairn::value
