// Frames of function calls that nothing captured, freed when the call returns.
//
// A call of a closure gets its environment (its parameters and lets) from this LIFO region
// instead of the arena, and a `PopEnv` frame under its body. Anything that keeps a pointer
// to an environment beyond the body's evaluation goes through `Machine::capture` first: a
// thunk or closure made in it (`delay`), a child environment (`new_env`), a record
// literal's origin. When the body returns to `PopEnv` (or makes a tail call, which reuses
// the `PopEnv` frame), the environment is released if it was not captured and is the
// region's last allocation; a captured one stays for the whole evaluation like arena
// memory. Loops over calls (filters, folds, sorts, recursion) therefore reuse the same few
// kilobytes instead of growing the arena by one environment per call.
//
// Chunks are never returned to the system before the machine is destroyed; the region
// remembers where each chunk's allocations ended when it moved to the next one. Chunks count
// against the arena's memory limit (a loop whose calls capture their environments grows
// here, not in the arena).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "compiler/value/arena.h"
#include "compiler/value/value.h"

namespace cairn::eval {

class EnvStack {
public:
  static constexpr uint32_t kEscaped = 1; // Env::flags: captured, never freed
  static constexpr size_t kChunk = size_t(256) << 10;

  EnvStack() = default;
  EnvStack(const EnvStack&) = delete;
  EnvStack& operator=(const EnvStack&) = delete;
  ~EnvStack() {
    for (Chunk& c : chunks_) std::free(c.base);
  }

  // Chunks are charged to `budget`'s memory limit (the machine's arena).
  void set_budget(value::Arena* budget) { budget_ = budget; }

  [[gnu::always_inline]] value::Env* alloc(uint32_t size, value::Env* parent) {
    size_t bytes = sizeof(value::Env) + sizeof(value::Value) * size;
    if (static_cast<size_t>(end_ - top_) < bytes) [[unlikely]]
      next_chunk(bytes);
    auto* e = reinterpret_cast<value::Env*>(top_);
    top_ += bytes;
    e->parent = parent;
    e->size = size;
    e->flags = 0;
    value::Value* s = e->slots();
    for (uint32_t i = 0; i < size; ++i) s[i] = value::Value();
    return e;
  }

  // Releases `e` (allocated here) unless it was captured or something was allocated after it.
  [[gnu::always_inline]] void release(value::Env* e) {
    if (e->flags & kEscaped) return;
    char* p = reinterpret_cast<char*>(e);
    if (p + sizeof(value::Env) + sizeof(value::Value) * e->size != top_) return;
    top_ = p;
    if (top_ == chunks_[cur_].base && cur_ > 0) back_chunk();
  }

private:
  struct Chunk {
    char* base;
    size_t size;
    char* left_at; // where allocations ended when the region moved to the next chunk
  };
  void next_chunk(size_t bytes);
  void back_chunk();

  std::vector<Chunk> chunks_;
  size_t cur_ = 0;
  char* top_ = nullptr;
  char* end_ = nullptr;
  value::Arena* budget_ = nullptr;
};

} // namespace cairn::eval
