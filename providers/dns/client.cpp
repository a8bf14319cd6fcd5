// Sending requests with cpp-httplib; see client.h.
#include "providers/dns/client.h"

#include <httplib.h>

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
  httplib::Client client(origin);
  if (!client.is_valid()) {
    out.error = "cannot use the URL `" + s.url + "`";
    return out;
  }
  client.set_connection_timeout(s.timeout, 0);
  client.set_read_timeout(s.timeout, 0);
  client.set_write_timeout(s.timeout, 0);
  client.set_keep_alive(false);
  httplib::Request req;
  req.method = r.method;
  req.path = prefix + r.path;
  for (const auto& h : r.headers) req.headers.emplace(h.first, h.second);
  req.body = r.body;
  httplib::Result res = client.send(req);
  if (!res) {
    httplib::Error e = res.error();
    out.timed_out = e == httplib::Error::ConnectionTimeout || e == httplib::Error::Read;
    out.error = httplib::to_string(e) + " at " + origin;
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  return out;
}

} // namespace cairn::providers::dns
