// The call-environment region's slow paths; see env_stack.h.
#include "runtime/eval/env_stack.h"

namespace cairn::eval {

void EnvStack::next_chunk(size_t bytes) {
  if (!chunks_.empty()) chunks_[cur_].left_at = top_;
  size_t next = chunks_.empty() ? 0 : cur_ + 1;
  // Reuse the next chunk when it exists and is large enough; a chunk too small for a huge
  // frame is replaced.
  if (next < chunks_.size() && chunks_[next].size < bytes) {
    for (size_t i = next; i < chunks_.size(); ++i) {
      if (budget_) budget_->refund(chunks_[i].size);
      std::free(chunks_[i].base);
    }
    chunks_.erase(chunks_.begin() + static_cast<ptrdiff_t>(next), chunks_.end());
  }
  if (next == chunks_.size()) {
    size_t size = bytes > kChunk ? bytes : kChunk;
    if (budget_) budget_->charge(size);
    char* base = static_cast<char*>(std::malloc(size));
    if (!base) throw std::bad_alloc();
    chunks_.push_back({base, size, base});
  }
  cur_ = next;
  top_ = chunks_[cur_].base;
  end_ = top_ + chunks_[cur_].size;
}

void EnvStack::back_chunk() {
  // The current chunk is empty again: continue where the previous one ended (and further
  // back over chunks left empty).
  do {
    --cur_;
    top_ = chunks_[cur_].left_at;
  } while (top_ == chunks_[cur_].base && cur_ > 0);
  end_ = chunks_[cur_].base + chunks_[cur_].size;
}

} // namespace cairn::eval
