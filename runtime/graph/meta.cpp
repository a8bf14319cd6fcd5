// Meta fields of resources; see meta.h.
#include "runtime/graph/meta.h"

#include "compiler/resolve/resolve.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "runtime/resource/address.h"

namespace cairn::graph {

base::Loc DesiredResource::field_loc(std::string_view name) const {
  for (const auto& [n, where] : field_locs)
    if (n == name) return where;
  return loc;
}

bool is_meta_field(std::string_view name) {
  for (const char* m : kMetaFields)
    if (name == m) return true;
  return false;
}

bool check_spec_field(std::string_view name, base::Loc loc, diag::Diagnostics& diags) {
  std::vector<std::string_view> known(std::begin(kSpecFields), std::end(kSpecFields));
  for (std::string_view k : known)
    if (name == k) return true;
  auto b = diags.error(diag::DiagKind::SpecShape, loc, fmt::format("unknown top-level field `{}` in the spec", name));
  b.primary("not a field the deployment engine reads");
  if (std::optional<std::string_view> best = resolve::closest_name(name, known))
    b.help(fmt::format("did you mean `{}`?", *best));
  else
    b.note("a spec's top-level fields are `resources`, `outputs`, `providers`, `params` and `locals`")
        .help("put helper values in `locals`, or mark the field `| not_exported`");
  return false;
}

std::string describe_unknown_origin(const Value& v) {
  std::set<std::string> deps;
  v.collect_unknown_deps(deps);
  if (deps.empty()) return "a value known only after apply";
  std::string out = "the outputs of ";
  size_t i = 0;
  for (const std::string& d : deps) {
    if (i > 0) out += i + 1 == deps.size() ? " and " : ", ";
    out += fmt::format("`{}`", d);
    ++i;
  }
  return out;
}

namespace {

bool string_list(const Field& f, const std::string& address, std::vector<std::string>& out,
                 diag::Diagnostics& diags) {
  if (f.value.kind() != resource::ValueKind::Array) {
    diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                fmt::format("`{}` of `{}` must be an array of strings", f.name, address));
    return false;
  }
  for (const Value& e : f.value.as_array()) {
    if (!e.is_string()) {
      diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                  fmt::format("`{}` of `{}` must be an array of strings, but holds a {}", f.name,
                              address, resource::value_kind_name(e.kind())));
      return false;
    }
    out.push_back(e.as_string());
  }
  return true;
}

bool read_lifecycle(const Field& f, const std::string& address, resource::Lifecycle& out,
                    diag::Diagnostics& diags) {
  if (!f.value.is_object()) {
    diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                fmt::format("`lifecycle` of `{}` must be a record", address));
    return false;
  }
  bool ok = true;
  for (const resource::Member& m : f.value.as_object()) {
    if (m.first == "prevent_destroy" || m.first == "create_before_destroy") {
      if (m.second.kind() != resource::ValueKind::Bool) {
        diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                    fmt::format("`lifecycle.{}` of `{}` must be a Bool", m.first, address));
        ok = false;
        continue;
      }
      (m.first == "prevent_destroy" ? out.prevent_destroy : out.create_before_destroy) =
          m.second.as_bool();
    } else if (m.first == "ignore_changes") {
      Field sub{"lifecycle.ignore_changes", m.second, f.loc};
      ok = string_list(sub, address, out.ignore_changes, diags) && ok;
    } else {
      diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                  fmt::format("`lifecycle` of `{}` has no option `{}`", address, m.first))
          .help("the options are `prevent_destroy`, `create_before_destroy` and `ignore_changes`");
      ok = false;
    }
  }
  std::sort(out.ignore_changes.begin(), out.ignore_changes.end());
  return ok;
}

} // namespace

bool read_resource(std::vector<Field> fields, DesiredResource& out, diag::Diagnostics& diags) {
  bool ok = true;
  resource::Object inputs;
  for (Field& f : fields) {
    if (f.loc.valid()) out.field_locs.emplace_back(f.name, f.loc);
    if (!is_meta_field(f.name)) {
      inputs.emplace_back(f.name, std::move(f.value));
      continue;
    }
    if (f.name == "outputs") continue; // filled in by the engine
    if (f.value.has_unknown()) {
      diags.error(diag::DiagKind::ResourcesDependOnUnknown, f.loc.valid() ? f.loc : out.loc,
                  fmt::format("`{}` of `{}` depends on {}, which are known only after apply",
                              f.name, out.address, describe_unknown_origin(f.value)))
          .help("meta fields decide what to deploy, so they must be known when planning");
      ok = false;
      continue;
    }
    if (f.name == "type") {
      if (!f.value.is_string() || f.value.as_string().empty()) {
        diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                    fmt::format("`type` of `{}` must be a String naming a resource type, like "
                                "\"local.File\"",
                                out.address));
        ok = false;
      } else {
        out.type = f.value.as_string();
      }
    } else if (f.name == "provider") {
      if (!f.value.is_string()) {
        diags.error(diag::DiagKind::InvalidMetaField, f.loc,
                    fmt::format("`provider` of `{}` must be a String naming a provider", out.address));
        ok = false;
      } else {
        out.provider = f.value.as_string();
      }
    } else if (f.name == "depends_on") {
      std::vector<std::string> raw;
      if (!string_list(f, out.address, raw, diags)) {
        ok = false;
        continue;
      }
      for (const std::string& a : raw) {
        std::string why;
        auto norm = resource::normalize_address(a, &why);
        if (!norm) {
          diags.error(diag::DiagKind::InvalidAddress, f.loc,
                      fmt::format("`depends_on` of `{}` holds `{}`, which is not an address: {}",
                                  out.address, a, why));
          ok = false;
          continue;
        }
        out.depends_on.push_back(*norm);
      }
    } else if (f.name == "lifecycle") {
      ok = read_lifecycle(f, out.address, out.lifecycle, diags) && ok;
    }
  }
  out.inputs = Value::object(std::move(inputs));
  std::sort(out.depends_on.begin(), out.depends_on.end());
  out.depends_on.erase(std::unique(out.depends_on.begin(), out.depends_on.end()), out.depends_on.end());
  return ok;
}

} // namespace cairn::graph
