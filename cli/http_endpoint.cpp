// The module-backed HTTP server; see http_endpoint.h.
#include "cli/http_endpoint.h"

#include "providers/http/server_module.h"
#include "providers/module.h"

#include <cstdlib>
#include <cstring>

namespace cairn::cli {

namespace {

char* copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

// Called by the module for each request: C types to C++ and back. Nothing may unwind into
// the module.
void trampoline(void* user, const CairnHttpServerRequest* in, CairnHttpServerReply* out) {
  try {
    const auto& handler = *static_cast<const HttpEndpoint::Handler*>(user);
    HttpRequest req;
    req.method = in->method ? in->method : "";
    req.path = in->path ? in->path : "";
    req.body.assign(in->body ? in->body : "", in->body ? in->body_size : 0);
    for (const char* const* h = in->headers; h && h[0] && h[1]; h += 2)
      req.headers.emplace_back(h[0], h[1]);
    HttpReply reply = handler(req);
    out->status = reply.status;
    out->content_type = reply.content_type;
    out->body = copy(reply.body);
    out->body_size = out->body ? reply.body.size() : 0;
  } catch (...) {
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = copy("internal error\n");
    out->body_size = out->body ? std::strlen(out->body) : 0;
  }
}

} // namespace

std::string HttpRequest::header(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return "";
}

bool HttpEndpoint::start(const std::string& host, int port, Handler handler, int* bound,
                         std::string* why) {
  std::string error;
  auto serve = reinterpret_cast<CairnHttpServeFn>(
      providers::module_symbol("cairn-http", "cairn_http_serve_v1", &error));
  auto stop = serve ? reinterpret_cast<CairnHttpServerStopFn>(providers::module_symbol(
                          "cairn-http", "cairn_http_server_stop_v1", &error))
                    : nullptr;
  if (!serve || !stop) {
    *why = error;
    return false;
  }
  handler_ = std::move(handler);
  char* failure = nullptr;
  server_ = serve(host.c_str(), port, trampoline, &handler_, bound, &failure);
  if (!server_) {
    *why = failure ? failure : "cannot start the HTTP server";
    std::free(failure);
    return false;
  }
  stop_fn_ = stop;
  return true;
}

void HttpEndpoint::stop() {
  if (server_ && stop_fn_) stop_fn_(server_);
  server_ = nullptr;
}

bool equal_constant_time(const std::string& a, const std::string& b) {
  // Every byte of the longer string is read whatever differs; the lengths are compared in
  // the same pass.
  size_t n = std::max(a.size(), b.size());
  volatile unsigned char diff = static_cast<unsigned char>(a.size() != b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

} // namespace cairn::cli
