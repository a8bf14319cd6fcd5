// A small HTTP server for cairn's own endpoints (`cairn reconcile --listen`), served by
// cpp-httplib in the module cairn-http.so (providers/http/server_module.h), opened at the
// first use so that no other command pays for it. Requests arrive on the module's threads:
// the handler must be thread-safe.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cairn::cli {

struct HttpRequest {
  std::string method, path, body;
  std::vector<std::pair<std::string, std::string>> headers; // names in lower case
  // The first header `name` (lower case), "" when absent.
  std::string header(const std::string& name) const;
};

struct HttpReply {
  int status = 200;
  const char* content_type = "text/plain; charset=utf-8"; // a literal
  std::string body;
};

class HttpEndpoint {
public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;
  HttpEndpoint() = default;
  ~HttpEndpoint() { stop(); }
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // Listens on `host`:`port` (0 picks one; `*bound` is the port); false with `why`.
  bool start(const std::string& host, int port, Handler handler, int* bound, std::string* why);
  // Stops serving and waits for requests in flight; a no-op when not started.
  void stop();

private:
  Handler handler_;
  void* server_ = nullptr;
  void (*stop_fn_)(void*) = nullptr;
};

// Whether `a` and `b` are equal, in time that depends on their lengths only (a shared
// secret against what a request offers).
bool equal_constant_time(const std::string& a, const std::string& b);

} // namespace cairn::cli
