// Deriving provider schemas from contract files; see derive.h for the convention.
#include "providers/schema/derive.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>

#include <fmt/core.h>

#include "compiler/resolve/program.h"
#include "providers/protocol/external.h"
#include "providers/registry.h"
#include "runtime/eval/evaluator.h"
#include "runtime/resource/json.h"

namespace cairn::providers {

namespace {

std::mutex& contracts_mutex() {
  static std::mutex m;
  return m;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

// The last dotted part of a contract's text: "schema.ForceNew" -> "ForceNew".
std::string last_part(const std::string& text) {
  size_t dot = text.rfind('.');
  return dot == std::string::npos ? text : text.substr(dot + 1);
}

bool is_mark(const std::string& text, const char* mark) {
  bool simple = !text.empty();
  for (char c : text) simple = simple && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
  return simple && last_part(text) == mark;
}

std::optional<AttrType> type_of_contract(const std::string& text) {
  if (text == "String") return AttrType::String;
  if (text == "Number") return AttrType::Number;
  if (text == "Bool") return AttrType::Bool;
  if (!text.empty() && text[0] == '{') return AttrType::Record;
  if (text.rfind("Array", 0) == 0 && (text.size() == 5 || text[5] == ' ' || text[5] == '(')) return AttrType::Array;
  return std::nullopt;
}

struct Reader {
  eval::Evaluator& ev;
  std::string why;
  std::vector<std::string> meta; // the fields of cairn/schema.conf's `Resource`

  std::optional<Value> plain(eval::Value v) {
    std::optional<nlohmann::json> j = ev.to_json(v);
    if (!j) return std::nullopt;
    std::string err;
    auto parsed = resource::parse_json_text(j->dump(), &err);
    if (!parsed) return std::nullopt;
    return resource::from_json(*parsed, &err);
  }

  // The attribute `name` of contract record `rec`.
  std::optional<Attribute> attribute(eval::Value rec, const std::string& name) {
    std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(rec, name);
    if (!info) return std::nullopt;
    Attribute a;
    a.name = name;
    a.doc = trim(info->doc);
    for (const std::string& raw : info->contracts) {
      std::string c = trim(raw);
      if (is_mark(c, "ForceNew")) a.force_new = true;
      else if (is_mark(c, "Sensitive")) a.sensitive = true;
      else if (a.type == AttrType::Any)
        if (auto t = type_of_contract(c)) a.type = *t;
    }
    if (info->defined && info->priority == "default") {
      std::optional<Value> d = plain(info->value);
      if (!d) {
        why = fmt::format("the default of `{}` is not plain data", name);
        return std::nullopt;
      }
      a.default_value = std::move(*d);
    }
    a.required = !info->optional && !a.default_value;
    return a;
  }

  bool attributes(eval::Value rec, std::vector<Attribute>& out, bool skip_meta) {
    std::optional<eval::Value> forced = ev.force(rec);
    if (!forced || !forced->is_record()) return false;
    for (const std::string& n : ev.field_names(*forced, true)) {
      if (skip_meta && std::find(meta.begin(), meta.end(), n) != meta.end()) continue;
      std::optional<Attribute> a = attribute(*forced, n);
      if (!a) return false;
      out.push_back(std::move(*a));
    }
    return true;
  }

  // The type name of a resource contract (its `type` field's default), or "".
  std::string resource_type(eval::Value rec) {
    std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(rec, "type");
    if (!info || !info->defined || info->priority != "default") return {};
    std::optional<Value> v = plain(info->value);
    return v && v->is_string() ? v->as_string() : std::string();
  }
};

std::string first_error(const base::SourceMap& sources, const diag::CollectingConsumer& c) {
  for (const diag::Diagnostic& d : c.diagnostics)
    if (d.severity == diag::Severity::Error) return diag::TextRenderer::render(sources, d, false);
  return "it could not be evaluated";
}

} // namespace

namespace {
// `import "cairn/<kind>.conf"` of a provider on CAIRN_PROVIDER_PATH: starting it registers
// its contract (providers/protocol/external.cpp).
void import_external_contract(std::string_view path) {
  std::string kind(path.substr(6));
  if (kind.size() <= 5 || kind.compare(kind.size() - 5, 5, ".conf") != 0) return;
  kind.resize(kind.size() - 5);
  std::vector<Problem> problems;
  make_external_provider(kind, nullptr, problems);
}
} // namespace

void register_builtin_contracts() {
  std::lock_guard<std::mutex> lock(contracts_mutex());
  static bool done = false;
  if (done) return;
  done = true;
  for (const EmbeddedFile& f : embedded_contracts()) resolve::register_embedded(f.path, f.text);
  resolve::set_embedded_fallback(import_external_contract);
}

void register_contract(const std::string& name, std::string text) {
  register_builtin_contracts();
  std::lock_guard<std::mutex> lock(contracts_mutex());
  static std::deque<std::string> texts; // the importer keeps views of them
  static std::deque<std::string> paths;
  paths.push_back("cairn/" + name + ".conf");
  texts.push_back(std::move(text));
  resolve::register_embedded(paths.back(), texts.back());
}

std::vector<std::string> meta_fields() {
  register_builtin_contracts();
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags(&consumer);
  eval::Evaluator ev(sources, names, diags);
  base::FileId file = sources.add("<meta>", "(import \"cairn/schema.conf\").Resource \"\"");
  std::optional<uint32_t> module = ev.load(file);
  std::optional<eval::Value> v = module ? ev.evaluate(*module) : std::nullopt;
  return v ? ev.field_names(*v, true) : std::vector<std::string>{};
}

std::optional<ProviderSchema> derive_schema(const std::string& name, const std::string& path,
                                            std::string* why) {
  register_builtin_contracts();
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer consumer;
  diag::Diagnostics diags(&consumer);
  eval::Evaluator ev(sources, names, diags);
  base::FileId file = sources.add("<schema of " + name + ">",
                                  fmt::format("{{ p = import \"{}\", m = (import \"cairn/schema.conf\").Resource \"\" }}", path));
  std::optional<uint32_t> module = ev.load(file);
  std::optional<eval::Value> both = module ? ev.evaluate(*module) : std::nullopt;
  std::optional<eval::Value> top = both ? ev.get(*both, {"p"}) : std::nullopt;
  std::optional<eval::Value> meta = both ? ev.get(*both, {"m"}) : std::nullopt;
  if (!top || !top->is_record() || !meta) {
    *why = top ? fmt::format("`{}` is not a record of contracts", path) : first_error(sources, consumer);
    return std::nullopt;
  }
  ProviderSchema s;
  s.name = name;
  s.contract_path = path;
  Reader r{ev, {}, ev.field_names(*meta, true)};
  auto fail = [&](const std::string& what) {
    *why = fmt::format("`{}`: {}", path, !r.why.empty() ? r.why : consumer.diagnostics.empty() ? what : first_error(sources, consumer));
    return std::nullopt;
  };
  std::optional<eval::Value> outputs;
  for (const std::string& field : ev.field_names(*top)) {
    std::optional<eval::Value> v = ev.get(*top, {field});
    if (!v) return fail(fmt::format("`{}` cannot be evaluated", field));
    if (field == "Settings") {
      if (!r.attributes(*v, s.settings, false)) return fail("`Settings` is not a record");
      continue;
    }
    if (field == "Outputs") {
      outputs = v;
      continue;
    }
    if (!v->is_record()) continue;
    std::string type = r.resource_type(*v);
    if (type.empty()) continue;
    if (type != name + "." + field)
      return fail(fmt::format("the contract `{}` says its type is `{}`, not `{}.{}`", field, type, name, field));
    ResourceSchema rs;
    rs.type = type;
    if (!r.attributes(*v, rs.inputs, true)) return fail(fmt::format("`{}` cannot be read", field));
    s.resources.push_back(std::move(rs));
  }
  if (outputs) {
    if (!outputs->is_record()) return fail("`Outputs` is not a record");
    for (ResourceSchema& rs : s.resources) {
      std::string short_name = rs.type.substr(name.size() + 1);
      std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(*outputs, short_name);
      if (!info || !info->defined) continue;
      std::optional<eval::Value> o = ev.get(*outputs, {short_name});
      if (!o || !r.attributes(*o, rs.outputs, false)) return fail(fmt::format("`Outputs.{}` is not a record", short_name));
      for (Attribute& a : rs.outputs) a.required = false;
    }
  }
  if (s.resources.empty()) return fail("it defines no resource type (a record whose `type` has a default)");
  return s;
}

const ProviderSchema& builtin_schema(const std::string& name) {
  static std::mutex m;
  static std::map<std::string, ProviderSchema> cache;
  std::lock_guard<std::mutex> lock(m);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string why;
  std::optional<ProviderSchema> s = derive_schema(name, "cairn/" + name + ".conf", &why);
  if (!s) {
    std::fprintf(stderr, "cairn: the built-in contract of provider `%s` is broken: %s\n", name.c_str(), why.c_str());
    std::abort();
  }
  return cache.emplace(name, std::move(*s)).first->second;
}

} // namespace cairn::providers
