// The bump allocator; see arena.h.
#include "compiler/value/arena.h"

#include <cstdlib>

namespace cairn::value {

Arena::~Arena() {
  for (mpq_ptr q : mpqs_) mpq_clear(q);
  for (void* c : chunks_) std::free(c);
}

void* Arena::alloc_slow(size_t bytes) {
  // A block larger than half a chunk gets a block of its own, and the current chunk stays
  // in use for the next small allocations.
  if (bytes > next_chunk_ / 2) {
    charge(bytes);
    void* big = std::malloc(bytes);
    if (!big) throw std::bad_alloc();
    chunks_.push_back(big);
    used_ += bytes;
    return big;
  }
  // Charged first: when the limit refuses the chunk, the arena is left as it was.
  size_t size = next_chunk_;
  charge(size);
  used_ += static_cast<size_t>(cur_ - chunk_begin_);
  // Chunks double up to 8 MiB.
  if (next_chunk_ < (size_t(8) << 20)) next_chunk_ *= 2;
  char* c = static_cast<char*>(std::malloc(size));
  if (!c) throw std::bad_alloc();
  chunks_.push_back(c);
  chunk_begin_ = c;
  cur_ = c + bytes;
  end_ = c + size;
  return c;
}

} // namespace cairn::value
