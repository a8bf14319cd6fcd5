// Sending one of api.h's requests: through cpp-httplib in the module cairn-http.so
// (http_module.h, loaded at the first request), a new connection per request (the
// provider is called from several threads), the settings' timeout for connecting and for
// the answer, http:// and https:// URLs.
#pragma once

#include "providers/dns/api.h"

namespace cairn::providers::dns {

// Splits "https://host:port/prefix" into "https://host:port" and "/prefix"; false when the
// URL is not http:// or https:// with a host.
bool split_url(const std::string& url, std::string* origin, std::string* prefix);

HttpResponse send(const Settings& s, const HttpRequest& r);

} // namespace cairn::providers::dns
