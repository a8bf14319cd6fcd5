// The external provider client; see external.h.
#include "providers/protocol/external.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <fmt/core.h>

#include "providers/protocol/message.h"
#include "providers/protocol/process.h"
#include "providers/schema/derive.h"

namespace cairn::providers {

namespace {

using protocol::Process;
using resource::Json;

constexpr const char* kPrefix = "cairn-provider-";

bool executable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::vector<std::string> path_dirs() {
  std::vector<std::string> out;
  const char* env = std::getenv("CAIRN_PROVIDER_PATH");
  if (!env) return out;
  std::string all(env);
  size_t start = 0;
  while (start <= all.size()) {
    size_t colon = all.find(':', start);
    if (colon == std::string::npos) colon = all.size();
    if (colon > start) out.push_back(all.substr(start, colon - start));
    start = colon + 1;
  }
  return out;
}

Json object_json(const ObjectState& s) {
  Json j = Json::object();
  j["id"] = s.id;
  j["inputs"] = protocol::encode_value(s.inputs);
  j["outputs"] = protocol::encode_value(s.outputs);
  return j;
}

class ExternalProvider final : public Provider {
public:
  ExternalProvider(std::string kind, std::string path) : kind_(std::move(kind)), path_(std::move(path)) {}
  ~ExternalProvider() override { process_.stop(); }

  // Starts the process, checks the handshake and reads the schema.
  bool init(std::vector<Problem>& problems) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string why;
    if (!ensure_started("", &why)) {
      problems.push_back({"", why, ProblemKind::Unavailable});
      return false;
    }
    std::optional<protocol::Reply> r = call_locked("schema", Json::object(), "", &why);
    if (!r || !r->ok || !r->result.is_object() || !r->result.contains("contract") ||
        !r->result["contract"].is_string()) {
      problems.push_back({"", fmt::format("provider `{}` ({}) gave no schema: {}", kind_, path_,
                                          r && !r->ok ? r->error.message : why.empty() ? "no `contract` text" : why),
                          ProblemKind::Protocol});
      return false;
    }
    register_contract(kind_, r->result["contract"].get<std::string>());
    std::optional<ProviderSchema> s = derive_schema(kind_, "cairn/" + kind_ + ".conf", &why);
    if (!s) {
      problems.push_back({"", fmt::format("the schema of provider `{}` is wrong: {}", kind_, why),
                          ProblemKind::Protocol});
      return false;
    }
    schema_ = std::move(*s);
    return true;
  }

  const ProviderSchema& schema() const override { return schema_; }
  const protocol::Handshake& handshake() const { return hello_; }
  const std::string& path() const { return path_; }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    Value s = settings.is_object() ? settings : Value::object();
    if (const Value* t = s.get("timeout")) {
      if (t->kind() == resource::ValueKind::Number && t->as_double() > 0 && t->as_double() <= 86400)
        timeout_ = std::chrono::milliseconds(static_cast<int64_t>(t->as_double() * 1000));
      else
        problems.push_back({"timeout", "`timeout` must be a number of seconds between 0 and 86400"});
      s.erase("timeout");
    }
    size_t before = problems.size();
    check_settings(schema_, s, problems);
    if (problems.size() > before) return;
    std::lock_guard<std::mutex> lock(mutex_);
    settings_ = s;
    configured_ = true;
    std::string why;
    std::optional<protocol::Reply> r = call_locked("configure", Json{{"settings", protocol::encode_value(s)}}, "", &why);
    if (!r) problems.push_back({"", why, ProblemKind::Protocol});
    else if (!r->ok) problems.push_back(r->error);
  }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    if (!problems.empty() || !supports("validate")) return;
    Json params{{"type", type}, {"inputs", protocol::encode_value(inputs)}};
    std::string why;
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<protocol::Reply> r = call_locked("validate", params, "", &why);
    if (!r) return problems.push_back({"", why, ProblemKind::Protocol});
    if (!r->ok) return problems.push_back(r->error);
    if (!r->result.is_object()) return;
    if (r->result.contains("problems")) {
      for (Problem& p : protocol::decode_problems(r->result["problems"])) problems.push_back(std::move(p));
    }
    if (r->result.contains("inputs")) {
      std::optional<Value> v = protocol::decode_value(r->result["inputs"], &why);
      if (v && v->is_object()) inputs = std::move(*v);
    }
  }

  PlannedChange plan(const Request& request, const ObjectState* prior, const Value& desired) const override {
    PlannedChange fallback = Provider::plan(request, prior, desired);
    if (!supports("plan")) return fallback;
    Json params{{"address", request.address}, {"type", request.type},
                {"prior", prior ? object_json(*prior) : Json()}, {"desired", protocol::encode_value(desired)}};
    std::string why;
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<protocol::Reply> r = call_locked("plan", params, request.address, &why);
    // Planning has no way to fail: a provider that cannot plan gets the schema's plan, and
    // its failure shows when the action runs.
    if (!r || !r->ok || !r->result.is_object()) return fallback;
    PlannedChange out;
    for (const char* key : {"changed", "replace"}) {
      auto& list = std::string_view(key) == "changed" ? out.changed : out.replace;
      if (r->result.contains(key) && r->result[key].is_array())
        for (const Json& n : r->result[key])
          if (n.is_string()) list.push_back(n.get<std::string>());
      std::sort(list.begin(), list.end());
    }
    std::optional<Value> planned =
        r->result.contains("planned_outputs") ? protocol::decode_value(r->result["planned_outputs"], &why) : std::nullopt;
    out.planned_outputs = planned && planned->is_object() ? mark_unknowns(*planned, request.address) : fallback.planned_outputs;
    return out;
  }

  OpResult create(const Request& request, const Value& inputs) override {
    return op("create", request, Json{{"inputs", protocol::encode_value(inputs)}}, inputs);
  }
  OpResult update(const Request& request, const ObjectState& prior, const Value& inputs) override {
    return op("update", request, Json{{"prior", object_json(prior)}, {"inputs", protocol::encode_value(inputs)}}, inputs);
  }
  OpResult destroy(const Request& request, const ObjectState& prior) override {
    return op("delete", request, Json{{"prior", object_json(prior)}}, prior.inputs);
  }
  ReadResult read(const Request& request, const ObjectState& prior) override {
    std::string why;
    std::optional<protocol::Reply> r;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      r = call_locked("read", params_for(request, Json{{"prior", object_json(prior)}}), request.address, &why);
    }
    if (!r) return read_error(why, why_kind(why));
    if (!r->ok) {
      ReadResult out;
      out.problems.push_back(r->error);
      return out;
    }
    ReadResult out;
    if (!r->result.is_object()) return read_error("`read` must answer an object", ProblemKind::Protocol);
    if (r->result.contains("exists") && r->result["exists"].is_boolean() && !r->result["exists"].get<bool>()) {
      out.status = ReadResult::Status::Gone;
      return out;
    }
    std::optional<ObjectState> s = object_from(r->result, prior.inputs, prior.id, &why);
    if (!s) return read_error(why, ProblemKind::Protocol);
    out.status = ReadResult::Status::Exists;
    out.state = std::move(*s);
    return out;
  }

  bool supports(const std::string& method) const {
    return std::find(methods_.begin(), methods_.end(), method) != methods_.end();
  }

private:
  static ProblemKind why_kind(const std::string& why) {
    return why.find("in time") != std::string::npos ? ProblemKind::Timeout : ProblemKind::Protocol;
  }

  static Value mark_unknowns(Value v, std::string_view address) {
    if (v.is_unknown()) return v.unknown_deps().empty() ? Value::unknown({std::string(address)}) : v;
    if (v.is_object())
      for (resource::Member& m : v.as_object()) m.second = mark_unknowns(std::move(m.second), address);
    return v;
  }

  static Json params_for(const Request& request, Json params) {
    params["address"] = request.address;
    params["type"] = request.type;
    return params;
  }

  std::optional<ObjectState> object_from(const Json& result, const Value& inputs, const std::string& id,
                                         std::string* why) const {
    ObjectState s;
    s.id = result.contains("id") && result["id"].is_string() ? result["id"].get<std::string>() : id;
    s.inputs = inputs;
    if (result.contains("inputs")) {
      std::optional<Value> v = protocol::decode_value(result["inputs"], why);
      if (!v || !v->is_object()) return std::nullopt;
      s.inputs = std::move(*v);
    }
    if (result.contains("outputs")) {
      std::optional<Value> v = protocol::decode_value(result["outputs"], why);
      if (!v || !v->is_object() || v->has_unknown()) {
        if (v) *why = "outputs after an action must be known";
        return std::nullopt;
      }
      s.outputs = std::move(*v);
    }
    if (s.inputs.has_unknown()) {
      *why = "inputs after an action must be known";
      return std::nullopt;
    }
    return s;
  }

  OpResult op(const char* method, const Request& request, Json params, const Value& inputs) {
    std::string why;
    std::optional<protocol::Reply> r;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      r = call_locked(method, params_for(request, std::move(params)), request.address, &why);
    }
    if (!r) return op_error(why, why_kind(why));
    if (!r->ok) {
      OpResult out;
      out.problems.push_back(r->error);
      return out;
    }
    OpResult out;
    out.ok = true;
    if (std::string_view(method) == "delete") return out;
    if (!r->result.is_object()) return op_error(fmt::format("`{}` must answer an object", method), ProblemKind::Protocol);
    std::optional<ObjectState> s = object_from(r->result, inputs, std::string(request.address), &why);
    if (!s) return op_error(fmt::format("`{}` answered a bad object: {}", method, why), ProblemKind::Protocol);
    out.state = std::move(*s);
    return out;
  }

  bool ensure_started(std::string_view address, std::string* why) const {
    if (process_.running()) return true;
    if (!process_.start({path_}, why)) return false;
    auto deadline = Process::Clock::now() + timeout_;
    std::optional<std::string> line = process_.read_line(deadline, protocol::kMaxLine, sink(address), why);
    std::optional<protocol::Handshake> h = line ? protocol::parse_handshake(*line, why) : std::nullopt;
    if (!h) {
      *why = fmt::format("provider `{}` ({}) did not start: {}", kind_, path_, *why);
      process_.stop();
      return false;
    }
    if (h->protocol != protocol::kProtocolVersion) {
      *why = fmt::format("provider `{}` ({}) speaks protocol {}, cairn speaks {}", kind_, path_, h->protocol,
                         protocol::kProtocolVersion);
      process_.stop();
      return false;
    }
    hello_ = *h;
    methods_ = {"schema", "create", "read", "update", "delete"};
    if (line) {
      std::string ignored;
      if (auto j = resource::parse_json_text(*line, &ignored); j && j->contains("methods") && (*j)["methods"].is_array())
        for (const Json& m : (*j)["methods"])
          if (m.is_string()) methods_.push_back(m.get<std::string>());
    }
    if (configured_) { // a restart after a failure: the settings again
      std::optional<protocol::Reply> r =
          call_started("configure", Json{{"settings", protocol::encode_value(settings_)}}, address, why);
      if (!r || !r->ok) {
        if (r) *why = r->error.message;
        process_.stop();
        return false;
      }
    }
    return true;
  }

  Process::LogSink sink(std::string_view address) const {
    std::string prefix = address.empty() ? fmt::format("provider {}", kind_)
                                         : fmt::format("provider {} [{}]", kind_, address);
    return [prefix](const std::string& line) { std::fprintf(stderr, "%s: %s\n", prefix.c_str(), line.c_str()); };
  }

  // One request and its reply; nullopt (process stopped) when the protocol broke.
  std::optional<protocol::Reply> call_locked(const std::string& method, const Json& params,
                                             std::string_view address, std::string* why) const {
    if (!ensure_started(address, why)) return std::nullopt;
    return call_started(method, params, address, why);
  }

  std::optional<protocol::Reply> call_started(const std::string& method, const Json& params,
                                              std::string_view address, std::string* why) const {
    int64_t id = ++next_id_;
    auto deadline = Process::Clock::now() + timeout_;
    auto fail = [&](const std::string& what) -> std::optional<protocol::Reply> {
      *why = fmt::format("provider `{}` failed `{}`: {}", kind_, method, what);
      process_.stop();
      return std::nullopt;
    };
    std::string err;
    if (!process_.write(protocol::request_line(id, method, params), deadline, &err)) return fail(err);
    std::optional<std::string> line = process_.read_line(deadline, protocol::kMaxLine, sink(address), &err);
    if (!line) return fail(err);
    std::optional<protocol::Reply> r = protocol::parse_reply(*line, &err);
    if (!r) return fail(fmt::format("it wrote {}", err));
    if (r->id != id) return fail(fmt::format("it answered request {} instead of {}", r->id, id));
    return r;
  }

  std::string kind_, path_;
  ProviderSchema schema_;
  Value settings_ = Value::object();
  bool configured_ = false;
  std::chrono::milliseconds timeout_{60000};
  mutable std::mutex mutex_;
  mutable Process process_;
  mutable protocol::Handshake hello_;
  mutable std::vector<std::string> methods_;
  mutable int64_t next_id_ = 0;
};

} // namespace

std::optional<std::string> find_external_provider(const std::string& kind) {
  for (const std::string& dir : path_dirs()) {
    std::string p = dir + "/" + kPrefix + kind;
    if (executable(p)) return p;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> list_external_providers() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& dir : path_dirs()) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) continue;
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind(kPrefix, 0) != 0 || n.size() == std::string(kPrefix).size()) continue;
      std::string kind = n.substr(std::string(kPrefix).size());
      bool seen = false;
      for (auto& [k, p] : out) seen = seen || k == kind;
      if (!seen && executable(dir + "/" + n)) out.emplace_back(kind, dir + "/" + n);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<Provider> make_external_provider(const std::string& kind, const Value* source,
                                                 std::vector<Problem>& problems) {
  std::string path;
  if (source) {
    path = source->as_string();
    if (!executable(path)) {
      problems.push_back({"source", fmt::format("`{}` is not an executable file", path), ProblemKind::Invalid});
      return nullptr;
    }
  } else if (auto found = find_external_provider(kind)) {
    path = *found;
  } else {
    return nullptr;
  }
  auto p = std::make_unique<ExternalProvider>(kind, path);
  if (!p->init(problems)) return nullptr;
  return p;
}

std::optional<ExternalInfo> external_info(const Provider& p) {
  const auto* e = dynamic_cast<const ExternalProvider*>(&p);
  if (!e) return std::nullopt;
  return ExternalInfo{e->handshake().name, e->handshake().version, e->path()};
}

} // namespace cairn::providers
