// The C interface of cairn-http.so, the module that holds cpp-httplib (with OpenSSL and
// brotli) so that only a command that talks to a DNS API loads them (docs/architecture.md,
// "Start-up"). Plain C types only: the module and cairn may each carry their own C++
// runtime, so nothing of the standard library crosses this line. The module allocates the
// answer's strings and frees them in cairn_http_free_v1.
#pragma once

#include <stddef.h>

extern "C" {

struct CairnHttpRequest {
  const char* origin;         // scheme://host[:port]
  const char* method;         // GET POST PUT PATCH DELETE
  const char* path;           // absolute path with query
  const char* const* headers; // name, value, name, value, ..., nullptr
  const char* body;
  size_t body_size;
  int timeout_seconds;        // connecting, sending and reading, each
};

struct CairnHttpAnswer {
  int status;    // 0: no answer (see error)
  int timed_out; // 1 when the connection or the answer timed out
  char* body;    // NUL-terminated, body_size bytes before it
  size_t body_size;
  char* error;   // why there was no answer, or nullptr
};

// Both symbols are looked up by name (providers/module.h); the _v1 suffix is the version of
// this interface.
void cairn_http_send_v1(const CairnHttpRequest* request, CairnHttpAnswer* answer);
void cairn_http_free_v1(CairnHttpAnswer* answer);
using CairnHttpSendFn = void (*)(const CairnHttpRequest*, CairnHttpAnswer*);
using CairnHttpFreeFn = void (*)(CairnHttpAnswer*);

} // extern "C"
