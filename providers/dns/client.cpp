// Sending requests through the module cairn-http.so (http_module.h); see client.h.
#include "providers/dns/client.h"

#include "providers/dns/http_module.h"
#include "providers/module.h"

namespace cairn::providers::dns {

bool split_url(const std::string& url, std::string* origin, std::string* prefix) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  std::string s = url.substr(0, scheme);
  if (s != "http" && s != "https") return false;
  size_t slash = url.find('/', scheme + 3);
  *origin = url.substr(0, slash);
  if (origin->size() <= scheme + 3) return false;
  *prefix = slash == std::string::npos ? "" : url.substr(slash);
  while (!prefix->empty() && prefix->back() == '/') prefix->pop_back();
  return true;
}

HttpResponse send(const Settings& s, const HttpRequest& r) {
  HttpResponse out;
  std::string origin, prefix;
  if (!split_url(s.url, &origin, &prefix)) {
    out.error = "the URL `" + s.url + "` is not http:// or https://";
    return out;
  }
  std::string error;
  auto send_fn = reinterpret_cast<CairnHttpSendFn>(module_symbol("cairn-http", "cairn_http_send_v1", &error));
  auto free_fn = reinterpret_cast<CairnHttpFreeFn>(module_symbol("cairn-http", "cairn_http_free_v1", &error));
  if (!send_fn || !free_fn) {
    out.error = error;
    return out;
  }
  std::string path = prefix + r.path;
  std::vector<const char*> headers;
  for (const auto& h : r.headers) {
    headers.push_back(h.first.c_str());
    headers.push_back(h.second.c_str());
  }
  headers.push_back(nullptr);
  headers.push_back(nullptr);
  CairnHttpRequest req{origin.c_str(), r.method.c_str(), path.c_str(), headers.data(),
                       r.body.data(), r.body.size(), s.timeout};
  CairnHttpAnswer answer;
  send_fn(&req, &answer);
  out.status = answer.status;
  out.timed_out = answer.timed_out != 0;
  if (answer.body) out.body.assign(answer.body, answer.body_size);
  if (answer.error) out.error = answer.error;
  if (out.status == 0 && out.error.empty()) out.error = "no answer from " + origin;
  free_fn(&answer);
  return out;
}

} // namespace cairn::providers::dns
