// Fuzzes the external provider protocol's message parsing (providers/protocol/message.h):
// whatever a provider writes must give a reply, a reason, or nothing — never a crash, a
// hang or unbounded recursion. Half the inputs are raw lines; the other half drive a
// generator of well-formed replies (values with unknown markers, errors, problem lists),
// whose decoded values must survive an encode/decode round trip.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <string>

#include "providers/protocol/message.h"

using namespace cairn;
using resource::Json;

namespace {

Json gen_value(FuzzedDataProvider& in, int depth) {
  switch (depth > 6 ? in.ConsumeIntegralInRange(0, 4) : in.ConsumeIntegralInRange(0, 7)) {
  case 0: return nullptr;
  case 1: return in.ConsumeBool();
  case 2: return in.ConsumeIntegral<int64_t>();
  case 3: return in.ConsumeFloatingPoint<double>();
  case 4: return in.ConsumeRandomLengthString(32);
  case 5: {
    Json a = Json::array();
    for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i) a.push_back(gen_value(in, depth + 1));
    return a;
  }
  case 6: {
    Json o = Json::object();
    for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i) o[in.ConsumeRandomLengthString(12)] = gen_value(in, depth + 1);
    return o;
  }
  default: {
    Json deps = Json::array();
    for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) deps.push_back(in.ConsumeRandomLengthString(8));
    return Json{{"$unknown", deps}};
  }
  }
}

std::string gen_line(FuzzedDataProvider& in) {
  Json j = Json::object();
  if (in.ConsumeBool()) j["id"] = in.ConsumeIntegral<int64_t>();
  if (in.ConsumeBool()) {
    Json result = gen_value(in, 0);
    if (in.ConsumeBool()) {
      Json problem = Json::object();
      problem["attribute"] = "a";
      problem["message"] = "m";
      problem["code"] = in.ConsumeRandomLengthString(10);
      Json problems = Json::array();
      problems.push_back(problem);
      problems.push_back(gen_value(in, 1));
      result = Json::object();
      result["problems"] = problems;
      result["inputs"] = gen_value(in, 1);
    }
    j["result"] = result;
  } else {
    j["error"] = in.ConsumeBool() ? Json{{"code", in.ConsumeRandomLengthString(12)}, {"message", in.ConsumeRandomLengthString(40)},
                                         {"attribute", in.ConsumeRandomLengthString(10)}}
                                  : gen_value(in, 0);
  }
  if (in.ConsumeBool()) j["protocol"] = in.ConsumeIntegral<int>();
  if (in.ConsumeBool()) j["name"] = in.ConsumeRandomLengthString(10);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void check_line(const std::string& line) {
  std::string why;
  providers::protocol::parse_handshake(line, &why);
  std::optional<providers::protocol::Reply> r = providers::protocol::parse_reply(line, &why);
  if (!r) return;
  if (!r->ok) {
    if (r->error.message.empty()) std::abort();
    return;
  }
  providers::protocol::decode_problems(r->result.is_object() && r->result.contains("problems") ? r->result["problems"] : Json());
  std::optional<resource::Value> v = providers::protocol::decode_value(r->result, &why);
  if (!v) return;
  // Decoding what was encoded gives a value that encodes the same (canonical numbers).
  Json once = providers::protocol::encode_value(*v);
  std::optional<resource::Value> again = providers::protocol::decode_value(once, &why);
  if (!again || providers::protocol::encode_value(*again).dump() != once.dump()) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    check_line(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  } else {
    FuzzedDataProvider in(data + 1, size - 1);
    check_line(gen_line(in));
  }
  return 0;
}
