// The bump allocator; see arena.h.
#include "compiler/value/arena.h"

#include <sys/mman.h>

namespace cairn::value {

// Chunks are mapped from the kernel rather than taken from malloc: when an arena dies its
// memory goes back to the system at once. From malloc, a freed multi-megabyte chunk raises
// glibc's mmap threshold, so the next ones come from the brk heap and stay in the
// process's resident set after the arena is gone (a plan of 100,000 resources peaked at
// 566 MB instead of 450 MB; docs/architecture.md, "Memory").
static void* map_chunk(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  // Large chunks in huge pages where the kernel offers them (transparent huge pages in
  // `madvise` mode): one page fault per 2 MiB instead of per 4 KiB.
  if (bytes >= (size_t(4) << 20)) madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

Arena::~Arena() {
  for (mpq_ptr q : mpqs_) mpq_clear(q);
  for (const Chunk& c : chunks_) munmap(c.data, c.bytes);
}

void* Arena::alloc_slow(size_t bytes) {
  // A block larger than half a chunk gets a block of its own, and the current chunk stays
  // in use for the next small allocations.
  if (bytes > next_chunk_ / 2) {
    charge(bytes);
    void* big = map_chunk(bytes);
    chunks_.push_back({big, bytes});
    used_ += bytes;
    return big;
  }
  // Charged first: when the limit refuses the chunk, the arena is left as it was.
  size_t size = next_chunk_;
  charge(size);
  used_ += static_cast<size_t>(cur_ - chunk_begin_);
  // Chunks double up to 8 MiB.
  if (next_chunk_ < (size_t(8) << 20)) next_chunk_ *= 2;
  char* c = static_cast<char*>(map_chunk(size));
  chunks_.push_back({c, size});
  chunk_begin_ = c;
  cur_ = c + bytes;
  end_ = c + size;
  return c;
}

} // namespace cairn::value
