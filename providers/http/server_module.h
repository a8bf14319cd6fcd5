// The server half of cairn-http.so's C interface (the client half is
// providers/dns/http_module.h): a small HTTP server with cpp-httplib, for `cairn reconcile`'s
// loopback endpoints (/healthz, /metrics, /hook). Like the client, plain C types only: the
// module and cairn may each carry their own C++ runtime.
//
// The server answers on threads of its own; each request is handed to the caller's
// `handler` with the caller's `user` pointer, which must stay valid until
// cairn_http_server_stop_v1 returns. The handler fills the reply: `body` is allocated with
// malloc by the handler and freed by the module with free (both use the process's one C
// library); `content_type` is a string the handler keeps alive (a literal).
#pragma once

#include <stddef.h>

extern "C" {

struct CairnHttpServerRequest {
  const char* method;         // GET, POST, ...
  const char* path;           // without the query
  const char* const* headers; // name, value, name, value, ..., nullptr; names in lower case
  const char* body;
  size_t body_size;
};

struct CairnHttpServerReply {
  int status;
  const char* content_type;
  char* body; // malloc'd by the handler, or nullptr
  size_t body_size;
};

using CairnHttpHandlerFn = void (*)(void* user, const CairnHttpServerRequest* request,
                                    CairnHttpServerReply* reply);

// Listens on `host`:`port` (0 picks a free port, written to `*bound_port`) and serves in the
// background; returns the server, or nullptr with `*error` set (free it with free).
void* cairn_http_serve_v1(const char* host, int port, CairnHttpHandlerFn handler, void* user,
                          int* bound_port, char** error);
// Stops the server, waits for requests in flight to end, and frees it.
void cairn_http_server_stop_v1(void* server);
using CairnHttpServeFn = void* (*)(const char*, int, CairnHttpHandlerFn, void*, int*, char**);
using CairnHttpServerStopFn = void (*)(void*);

} // extern "C"
