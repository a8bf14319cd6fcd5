// The `local` provider's schema, settings and dispatch; see local.h.
#include "providers/local/local.h"

#include <fmt/core.h>

namespace cairn::providers {

namespace {

ProviderSchema local_schema() {
  ProviderSchema s;
  s.name = "local";
  s.contract_path = "cairn/local.conf";
  Attribute path{"path", AttrType::String, true, std::nullopt, true, false,
                 "where the object is, relative to the current directory or absolute", nullptr};
  path.check = [](const Value& v) -> std::string {
    if (v.as_string().empty()) return "`path` must not be empty";
    if (v.as_string().find('\0') != std::string::npos) return "`path` must not contain NUL";
    return {};
  };
  Attribute file_mode{"mode", AttrType::String, false, Value::string("0644"), false, false,
                      "permission bits in octal", local::mode_problem};
  Attribute dir_mode = file_mode;
  dir_mode.default_value = Value::string("0755");
  ResourceSchema file;
  file.type = "local.File";
  file.doc = "a file with the given content";
  file.inputs = {path,
                 {"content", AttrType::String, false, Value::string(""), false, false,
                  "the file's content", nullptr},
                 file_mode,
                 {"sensitive", AttrType::Bool, false, Value::boolean(false), false, false,
                  "hide the content in plans and output", nullptr}};
  file.outputs = {{"sha256", AttrType::String, false, std::nullopt, false, false,
                   "SHA-256 of the content, in hex", nullptr},
                  {"id", AttrType::String, false, std::nullopt, false, false, "the path", nullptr}};
  ResourceSchema dir;
  dir.type = "local.Directory";
  dir.doc = "a directory (and its missing parents)";
  dir.inputs = {path, dir_mode};
  dir.outputs = {{"id", AttrType::String, false, std::nullopt, false, false, "the path", nullptr},
                 {"path", AttrType::String, false, std::nullopt, false, false, "the path", nullptr}};
  s.resources = {file, dir};
  return s;
}

class LocalProvider final : public Provider {
public:
  const ProviderSchema& schema() const override {
    static const ProviderSchema s = local_schema();
    return s;
  }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    if (!settings.is_object()) return;
    for (const resource::Member& m : settings.as_object()) {
      if (m.first == "root" && m.second.is_string()) {
        root_ = m.second.as_string();
      } else if (m.first == "root") {
        problems.push_back({"root", "`root` must be a String"});
      } else {
        problems.push_back({m.first, fmt::format("provider `local` has no setting `{}` (its "
                                                 "settings: root)",
                                                 m.first)});
      }
    }
  }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    // Canonical four-digit modes, so "644" and "0644" do not look like drift.
    if (Value* mode = inputs.get("mode"); mode && mode->is_string()) {
      long m = local::parse_mode(mode->as_string());
      if (m >= 0) *mode = Value::string(local::mode_text(static_cast<unsigned>(m)));
    }
  }

  std::vector<std::string> sensitive_attributes(std::string_view type,
                                                const Value& inputs) const override {
    const Value* s = inputs.get("sensitive");
    if (type == "local.File" && s && s->kind() == resource::ValueKind::Bool && s->as_bool())
      return {"content"};
    return {};
  }

  PlannedChange plan(const Request& request, const ObjectState* prior,
                     const Value& desired) const override {
    PlannedChange change = Provider::plan(request, prior, desired);
    // The id is the path, known whenever the path is.
    const Value* path = desired.get("path");
    if (path && path->is_string() && change.planned_outputs.is_object()) {
      change.planned_outputs.set("id", *path);
      if (request.type == "local.Directory") change.planned_outputs.set("path", *path);
    }
    return change;
  }

  OpResult create(const Request& request, const Value& inputs) override {
    if (request.type == "local.File") return local::file_write(root_, inputs);
    return local::directory_create(root_, inputs);
  }
  ReadResult read(const Request& request, const ObjectState& prior) override {
    if (request.type == "local.File") return local::file_read(root_, prior);
    return local::directory_read(root_, prior);
  }
  OpResult update(const Request& request, const ObjectState&, const Value& inputs) override {
    return create(request, inputs);
  }
  OpResult destroy(const Request& request, const ObjectState& prior) override {
    if (request.type == "local.File") return local::file_delete(root_, prior);
    return local::directory_delete(root_, prior);
  }

private:
  std::string root_ = ".";
};

} // namespace

std::unique_ptr<Provider> make_local_provider() { return std::make_unique<LocalProvider>(); }

} // namespace cairn::providers
