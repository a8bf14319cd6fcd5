// cairn-http.so's server: cpp-httplib's Server behind the C interface of server_module.h.
// Every request, whatever its method and path, goes to the one handler (a pre-routing
// handler), which decides the answer; the listening thread is the module's own.
#include "providers/http/server_module.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <httplib.h>
#include <string>
#include <thread>
#include <vector>

namespace {

char* copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

struct Served {
  httplib::Server server;
  std::thread thread;
  CairnHttpHandlerFn handler = nullptr;
  void* user = nullptr;
};

httplib::Server::HandlerResponse answer(Served& s, const httplib::Request& req,
                                        httplib::Response& res) {
  std::vector<std::string> names;
  names.reserve(req.headers.size());
  for (const auto& h : req.headers) {
    std::string n = h.first;
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names.push_back(std::move(n));
  }
  std::vector<const char*> headers;
  size_t i = 0;
  for (const auto& h : req.headers) {
    headers.push_back(names[i++].c_str());
    headers.push_back(h.second.c_str());
  }
  headers.push_back(nullptr);
  CairnHttpServerRequest in{req.method.c_str(), req.path.c_str(), headers.data(), req.body.data(),
                            req.body.size()};
  CairnHttpServerReply out{500, "text/plain", nullptr, 0};
  s.handler(s.user, &in, &out);
  res.status = out.status;
  res.set_content(out.body ? std::string(out.body, out.body_size) : std::string(),
                  out.content_type ? out.content_type : "text/plain");
  std::free(out.body);
  return httplib::Server::HandlerResponse::Handled;
}

} // namespace

extern "C" void* cairn_http_serve_v1(const char* host, int port, CairnHttpHandlerFn handler,
                                     void* user, int* bound_port, char** error) {
  *error = nullptr;
  try {
    auto* s = new Served;
    s->handler = handler;
    s->user = user;
    s->server.set_pre_routing_handler(
        [s](const httplib::Request& req, httplib::Response& res) { return answer(*s, req, res); });
    s->server.set_read_timeout(10, 0);
    s->server.set_write_timeout(10, 0);
    int bound = port == 0 ? s->server.bind_to_any_port(host)
                          : (s->server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
      *error = copy(std::string("cannot listen on ") + host + ":" + std::to_string(port) + ": " +
                    std::strerror(errno));
      delete s;
      return nullptr;
    }
    *bound_port = bound;
    s->thread = std::thread([s] { s->server.listen_after_bind(); });
    return s;
  } catch (const std::exception& e) { // nothing may unwind into the caller's runtime
    *error = copy(std::string("HTTP server failed: ") + e.what());
    return nullptr;
  }
}

extern "C" void cairn_http_server_stop_v1(void* server) {
  auto* s = static_cast<Served*>(server);
  if (!s) return;
  s->server.stop();
  if (s->thread.joinable()) s->thread.join();
  delete s;
}
