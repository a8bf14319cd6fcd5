// The `local` provider's schema, settings and dispatch; see local.h.
#include "providers/local/local.h"

#include <fmt/core.h>

#include "providers/schema/derive.h"

namespace cairn::providers {

namespace {

class LocalProvider final : public Provider {
public:
  const ProviderSchema& schema() const override { return builtin_schema("local"); }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    Value s = settings.is_object() ? settings : Value::object();
    check_settings(schema(), s, problems);
    if (const Value* root = s.get("root"); root && root->is_string()) root_ = root->as_string();
  }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    // What the contract's `Path` and `Mode` check, for specs that skip the language.
    if (const Value* path = inputs.get("path"); path && path->is_string()) {
      if (path->as_string().empty()) problems.push_back({"path", "`path` must not be empty"});
      else if (path->as_string().find('\0') != std::string::npos)
        problems.push_back({"path", "`path` must not contain NUL"});
    }
    if (const Value* mode = inputs.get("mode"); mode && mode->is_string()) {
      std::string why = local::mode_problem(*mode);
      if (!why.empty()) problems.push_back({"mode", why});
    }
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
    if (!request.replacing)
      if (std::optional<OpResult> taken = local::refuse_existing(root_, request, inputs)) return *taken;
    return create_or_update(request, inputs);
  }
  // An import reads by id alone (the path): the id stands for the missing inputs.
  ReadResult read(const Request& request, const ObjectState& prior) override {
    ObjectState probe = prior;
    const Value* path = probe.inputs.get("path");
    if (!path || !path->is_string()) probe.inputs.set("path", Value::string(prior.id));
    if (request.type == "local.File") return local::file_read(root_, probe);
    return local::directory_read(root_, probe);
  }
  OpResult update(const Request& request, const ObjectState&, const Value& inputs) override {
    return create_or_update(request, inputs);
  }
  OpResult destroy(const Request& request, const ObjectState& prior) override {
    if (request.type == "local.File") return local::file_delete(root_, prior);
    return local::directory_delete(root_, prior);
  }

private:
  OpResult create_or_update(const Request& request, const Value& inputs) {
    if (request.type == "local.File") return local::file_write(root_, inputs);
    return local::directory_create(root_, inputs);
  }

  std::string root_ = ".";
};

} // namespace

std::unique_ptr<Provider> make_local_provider() { return std::make_unique<LocalProvider>(); }

} // namespace cairn::providers
