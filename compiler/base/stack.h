// Deep-recursion safety: run work on a thread with a large stack, and check how much of
// it is left.
//
// The generated parser recurses once per nesting level of the input. Rather than guess a
// nesting limit, recursive code runs inside `run_with_large_stack` and asks
// `stack_exhausted()` at each level; when less than a safety margin remains it stops with
// a "nesting too deep" diagnostic instead of overflowing. Code not running on such a
// thread sees the main thread's stack limit (from getrlimit), so the check is always safe.
#pragma once

#include <cstddef>
#include <functional>

namespace cairn::base {

// Runs `fn` on a new thread with a `stack_bytes` stack and waits for it.
void run_with_large_stack(const std::function<void()>& fn, size_t stack_bytes = size_t(1) << 30);

// True when the current thread has less than `margin` bytes of stack left.
bool stack_exhausted(size_t margin = size_t(256) << 10);

} // namespace cairn::base
