// JSON specs; see json_spec.h. Resources are found by walking `resources` with an explicit
// work list: a record with a `type` field is a resource, any other record a group.
#include "runtime/graph/json_spec.h"

#include <algorithm>

#include <fmt/core.h>

#include "runtime/graph/json_reader.h"
#include "runtime/graph/meta.h"
#include "runtime/resource/address.h"
#include "compiler/base/sha256.h"

namespace cairn::graph {

JsonSpecEvaluator::JsonSpecEvaluator(const base::SourceMap& sources, base::FileId file)
    : sources_(sources), file_(file) {}

std::string JsonSpecEvaluator::content_hash() const {
  return base::sha256_hex(sources_.get(file_).text());
}

namespace {

struct Pending {
  JsonMember* member;
  std::vector<std::string> path;
};

const char* article(resource::ValueKind k) {
  return k == resource::ValueKind::Array || k == resource::ValueKind::Unknown ? "an" : "a";
}

// Walks `resources` depth first in source order with an explicit stack.
bool collect_resources(JsonNode& root, base::FileId file, Spec& spec,
                       diag::Diagnostics& diags) {
  bool ok = true;
  std::vector<Pending> work;
  auto push_members = [&](JsonNode& group, const std::vector<std::string>& path) {
    for (auto it = group.members.rbegin(); it != group.members.rend(); ++it) {
      std::vector<std::string> sub = path;
      sub.push_back(it->key);
      work.push_back({&*it, std::move(sub)});
    }
  };
  push_members(root, {});
  while (!work.empty()) {
    Pending p = std::move(work.back());
    work.pop_back();
    JsonMember& m = *p.member;
    JsonNode& v = m.value;
    std::string address = resource::address_from_segments(p.path);
    if (v.kind != resource::ValueKind::Object) {
      diags.error(diag::DiagKind::SpecShape, {file, m.key_span},
                  fmt::format("`resources.{}` is {} {}, not a resource or a group of resources",
                              address, article(v.kind), resource::value_kind_name(v.kind)))
          .help("a resource is a record with a `type` field; any other record groups resources");
      ok = false;
      continue;
    }
    if (!v.find("type")) {
      push_members(v, p.path);
      continue;
    }
    DesiredResource r;
    r.address = address;
    r.loc = {file, m.key_span};
    std::vector<Field> fields;
    fields.reserve(v.members.size());
    for (JsonMember& f : v.members) fields.push_back({f.key, to_value(std::move(f.value)), {file, f.key_span}});
    v.members = {};
    if (!read_resource(std::move(fields), r, diags)) {
      ok = false;
      continue;
    }
    spec.resources.push_back(std::move(r));
  }
  return ok;
}

} // namespace

std::optional<Spec> JsonSpecEvaluator::evaluate(const OutputsMap&, diag::Diagnostics& diags) {
  auto doc = read_json(sources_, file_, diags);
  if (!doc) return std::nullopt;
  if (doc->kind != resource::ValueKind::Object) {
    diags.error(diag::DiagKind::SpecShape, {file_, doc->span},
                "a spec must be a record (a JSON object) with `resources`");
    return std::nullopt;
  }
  Spec spec;
  bool ok = true;
  for (const JsonMember& m : doc->members) ok = check_spec_field(m.key, {file_, m.key_span}, diags) && ok;
  if (JsonMember* res = const_cast<JsonMember*>(doc->find_member("resources"))) {
    if (res->value.kind != resource::ValueKind::Object) {
      diags.error(diag::DiagKind::SpecShape, {file_, res->key_span}, "`resources` must be a record");
      return std::nullopt;
    }
    ok = collect_resources(res->value, file_, spec, diags);
  }
  if (JsonMember* out = const_cast<JsonMember*>(doc->find_member("outputs"))) {
    spec.outputs = to_value(std::move(out->value));
    spec.outputs_loc = {file_, out->key_span};
    if (!spec.outputs.is_object()) {
      diags.error(diag::DiagKind::SpecShape, {file_, out->key_span}, "`outputs` must be a record");
      ok = false;
    }
  }
  if (JsonMember* prov = const_cast<JsonMember*>(doc->find_member("providers"))) {
    if (prov->value.kind != resource::ValueKind::Object) {
      diags.error(diag::DiagKind::SpecShape, {file_, prov->key_span}, "`providers` must be a record");
      ok = false;
    } else {
      for (JsonMember& p : prov->value.members) {
        spec.providers[p.key] = to_value(std::move(p.value));
        spec.provider_locs[p.key] = {file_, p.key_span};
      }
    }
  }
  if (!ok) return std::nullopt;
  std::sort(spec.resources.begin(), spec.resources.end(),
            [](const DesiredResource& a, const DesiredResource& b) { return a.address < b.address; });
  return spec;
}

} // namespace cairn::graph
