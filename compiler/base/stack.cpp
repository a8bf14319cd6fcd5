// Large-stack threads and stack-depth checks; see stack.h.
#include "compiler/base/stack.h"

#include <pthread.h>
#include <sys/resource.h>

#include <cstdint>
#include <exception>

namespace cairn::base {

namespace {

// The lowest usable address of the current thread's stack (stacks grow down on every
// platform we build for), computed once per thread.
thread_local uintptr_t t_stack_low = 0;

// The current frame's address: the real stack even when a sanitizer moves locals to a
// fake stack.
uintptr_t current_sp() { return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)); }

uintptr_t stack_low() {
  if (t_stack_low) return t_stack_low;
  pthread_attr_t attr;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
  }
  if (addr && size) {
    t_stack_low = reinterpret_cast<uintptr_t>(addr);
  } else {
    // Fall back to the soft rlimit measured from here: conservative.
    rlimit rl{};
    getrlimit(RLIMIT_STACK, &rl);
    size_t limit = rl.rlim_cur == RLIM_INFINITY ? (size_t(8) << 20) : rl.rlim_cur;
    t_stack_low = current_sp() - limit + (size_t(64) << 10);
  }
  return t_stack_low;
}

struct ThreadArgs {
  const std::function<void()>* fn;
  std::exception_ptr error;
};

void* thread_main(void* raw) {
  auto* args = static_cast<ThreadArgs*>(raw);
  try {
    (*args->fn)();
  } catch (...) {
    args->error = std::current_exception();
  }
  return nullptr;
}

} // namespace

void run_with_large_stack(const std::function<void()>& fn, size_t stack_bytes) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  ThreadArgs args{&fn, nullptr};
  pthread_t thread;
  if (pthread_create(&thread, &attr, thread_main, &args) != 0) {
    pthread_attr_destroy(&attr);
    fn(); // could not get a big stack: run here, guarded by stack_exhausted()
    return;
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
  if (args.error) std::rethrow_exception(args.error);
}

bool stack_exhausted(size_t margin) {
  uintptr_t sp = current_sp();
  uintptr_t low = stack_low();
  return sp < low + margin;
}

} // namespace cairn::base
