// cairn-http.so: one HTTP request with cpp-httplib behind the C interface of
// http_module.h. A new connection per request (the dns provider calls from several
// threads), the request's timeout for connecting, writing and reading, http:// and https://.
#include "providers/dns/http_module.h"

#include <httplib.h>

#include <cstdlib>
#include <cstring>

namespace {

char* copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

} // namespace

extern "C" void cairn_http_send_v1(const CairnHttpRequest* request, CairnHttpAnswer* answer) {
  *answer = CairnHttpAnswer{0, 0, nullptr, 0, nullptr};
  std::string origin = request->origin;
  try {
    httplib::Client client(origin);
    if (!client.is_valid()) {
      answer->error = copy("cannot use the URL `" + origin + "`");
      return;
    }
    client.set_connection_timeout(request->timeout_seconds, 0);
    client.set_read_timeout(request->timeout_seconds, 0);
    client.set_write_timeout(request->timeout_seconds, 0);
    client.set_keep_alive(false);
    httplib::Request req;
    req.method = request->method;
    req.path = request->path;
    for (const char* const* h = request->headers; h && h[0] && h[1]; h += 2) req.headers.emplace(h[0], h[1]);
    req.body.assign(request->body ? request->body : "", request->body ? request->body_size : 0);
    httplib::Result res = client.send(req);
    if (!res) {
      httplib::Error e = res.error();
      answer->timed_out = e == httplib::Error::ConnectionTimeout || e == httplib::Error::Read;
      answer->error = copy(httplib::to_string(e) + " at " + origin);
      return;
    }
    answer->status = res->status;
    answer->body = copy(res->body);
    answer->body_size = answer->body ? res->body.size() : 0;
  } catch (const std::exception& e) { // nothing may unwind into the caller's runtime
    answer->status = 0;
    answer->error = copy(std::string("HTTP client failed: ") + e.what());
  }
}

extern "C" void cairn_http_free_v1(CairnHttpAnswer* answer) {
  std::free(answer->body);
  std::free(answer->error);
  answer->body = nullptr;
  answer->error = nullptr;
}
