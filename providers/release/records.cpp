// Release and channel files; see release.h. A file is canonical JSON (keys sorted, two-space
// indent, a final newline), so the same inputs always give the same bytes and the same blob
// id: a release's digest is known when planning, before anything is written.
#include "providers/release/release.h"
#include "runtime/resource/json.h"
#include "runtime/state/git.h"

#include <fmt/core.h>
#include <git2.h>
#include <nlohmann/json.hpp>

namespace cairn::providers::release {

namespace {

// Sorted keys at every depth: nlohmann's plain json orders members by name.
std::string canonical(const resource::Json& j) {
  return nlohmann::json::parse(j.dump()).dump(2) + "\n";
}

const std::string kReleaseFields[] = {"name", "version", "sources", "artifacts", "spec_commit"};

std::optional<resource::Json> parse_object(const std::string& text, std::string* why) {
  std::optional<resource::Json> j = resource::parse_json_text(text, why);
  if (!j) return std::nullopt;
  if (!j->is_object()) return *why = "not a JSON object", std::nullopt;
  return j;
}

std::string str(const Value* v) {
  return v && v->is_string() ? v->as_string() : std::string();
}

} // namespace

std::string release_path(const std::string& name, const std::string& version) {
  return fmt::format("releases/{}/{}.json", name, version);
}

std::string channel_path(const std::string& name) {
  return fmt::format("channels/{}.json", name);
}

std::string release_text(const Value& inputs) {
  resource::Json j = resource::Json::object();
  for (const std::string& f : kReleaseFields) {
    const Value* v = inputs.get(f);
    if (v)
      j[f] = resource::to_json(*v);
    else if (f == "sources" || f == "artifacts")
      j[f] = resource::Json::object();
    else
      j[f] = "";
  }
  return canonical(j);
}

std::string channel_text(const Value& inputs, const std::string& digest) {
  resource::Json j = resource::Json::object();
  for (const char* f : {"name", "release", "version"}) j[f] = str(inputs.get(f));
  j["digest"] = digest;
  return canonical(j);
}

std::string blob_id(const std::string& text) {
  state::git_init_once();
  git_oid oid;
  if (git_odb_hash(&oid, text.data(), text.size(), GIT_OBJECT_BLOB) != 0) return {};
  return state::oid_hex(oid);
}

std::optional<Value> parse_release(const std::string& text, std::string* why) {
  std::optional<resource::Json> j = parse_object(text, why);
  if (!j) return std::nullopt;
  std::optional<Value> v = resource::from_json(*j, why);
  if (!v) return std::nullopt;
  Value out = Value::object();
  for (const std::string& f : kReleaseFields)
    if (const Value* x = v->get(f)) out.set(f, *x);
  return out;
}

std::optional<Value> parse_channel(const std::string& text, std::string* digest, std::string* why) {
  std::optional<resource::Json> j = parse_object(text, why);
  if (!j) return std::nullopt;
  std::optional<Value> v = resource::from_json(*j, why);
  if (!v) return std::nullopt;
  Value out = Value::object();
  for (const char* f : {"name", "release", "version"})
    if (const Value* x = v->get(f)) out.set(f, *x);
  *digest = str(v->get("digest"));
  return out;
}

std::string short_id(const Value* digest) {
  if (!digest || !digest->is_string() || digest->as_string().empty()) return "known after apply";
  return digest->as_string().substr(0, 7);
}

Value picked_outputs(const Value& release_inputs, const std::string& digest) {
  Value out = Value::object();
  out.set("release", Value::string(str(release_inputs.get("name"))));
  out.set("version", Value::string(str(release_inputs.get("version"))));
  out.set("digest", Value::string(digest));
  for (const char* f : {"sources", "artifacts"}) {
    const Value* v = release_inputs.get(f);
    out.set(f, v ? *v : Value::object());
  }
  out.set("spec_commit", Value::string(str(release_inputs.get("spec_commit"))));
  return out;
}

} // namespace cairn::providers::release
