// The `null` provider; see null.h.
#include "providers/null/null.h"

#include <chrono>
#include <thread>

#include <fmt/core.h>

#include "providers/schema/derive.h"
#include "runtime/resource/json.h"
#include "compiler/base/sha256.h"

namespace cairn::providers {

namespace {

void pause(const Value& inputs) {
  const Value* d = inputs.get("delay_ms");
  if (d && d->kind() == resource::ValueKind::Number && d->as_double() > 0)
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(d->as_double() * 1000)));
}

bool fails(const Value& inputs) {
  const Value* f = inputs.get("fail");
  return f && f->kind() == resource::ValueKind::Bool && f->as_bool();
}

class NullProvider final : public Provider {
public:
  const ProviderSchema& schema() const override { return builtin_schema("null"); }

  void validate(std::string_view type, Value& inputs, std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    const Value* d = inputs.get("delay_ms");
    if (d && d->kind() == resource::ValueKind::Number && (d->as_double() < 0 || d->as_double() > 3600000))
      problems.push_back({"delay_ms", "`delay_ms` must be between 0 and 3600000"});
  }

  PlannedChange plan(const Request& request, const ObjectState* prior,
                     const Value& desired) const override {
    PlannedChange change = Provider::plan(request, prior, desired);
    // The id only changes with the triggers, which replace the resource.
    if (prior && change.replace.empty()) change.planned_outputs = prior->outputs;
    return change;
  }

  OpResult create(const Request& request, const Value& inputs) override {
    pause(inputs);
    if (fails(inputs)) return op_error(fmt::format("`{}` failed as asked (`fail = true`)", request.address));
    const Value* triggers = inputs.get("triggers");
    std::string seed = std::string(request.address) + "\n" +
                       (triggers ? resource::to_json(*triggers).dump() : "{}");
    OpResult r;
    r.ok = true;
    r.state.id = base::sha256_hex(seed).substr(0, 16);
    r.state.inputs = inputs;
    r.state.outputs = Value::object({{"id", Value::string(r.state.id)}});
    return r;
  }

  ReadResult read(const Request&, const ObjectState& prior) override {
    ReadResult r;
    r.status = ReadResult::Status::Exists;
    r.state = prior;
    return r;
  }

  OpResult update(const Request& request, const ObjectState& prior, const Value& inputs) override {
    pause(inputs);
    if (fails(inputs)) return op_error(fmt::format("`{}` failed as asked (`fail = true`)", request.address));
    OpResult r;
    r.ok = true;
    r.state = prior;
    r.state.inputs = inputs;
    return r;
  }

  OpResult destroy(const Request&, const ObjectState& prior) override {
    pause(prior.inputs);
    OpResult r;
    r.ok = true;
    return r;
  }
};

} // namespace

std::unique_ptr<Provider> make_null_provider() { return std::make_unique<NullProvider>(); }

} // namespace cairn::providers
