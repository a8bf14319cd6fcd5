// Performing one action; see perform.h.
#include "runtime/apply/perform.h"

#include <chrono>

#include <fmt/core.h>

namespace cairn::apply {

namespace {

resource::ResourceRecord make_record(const plan::ResourceChange& c, const providers::ObjectState& s) {
  resource::ResourceRecord r;
  r.address = c.address;
  r.type = c.type;
  r.provider = c.provider;
  r.id = s.id;
  r.inputs = s.inputs;
  r.outputs = s.outputs;
  r.dependencies = c.dependencies;
  r.lifecycle = c.lifecycle;
  r.sensitive = c.sensitive;
  return r;
}

providers::ObjectState object_of(const resource::ResourceRecord& r) { return {r.id, r.inputs, r.outputs}; }

} // namespace

Outcome perform(const plan::ResourceChange& c, const resource::Value& inputs,
                providers::Provider& provider, providers::Provider& prior_provider) {
  auto start = std::chrono::steady_clock::now();
  Outcome out;
  providers::Request req{c.address, c.type};
  providers::Request prior_req{c.address, c.prior ? std::string_view(c.prior->type) : c.type};
  auto finish = [&](Outcome o) {
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return o;
  };
  switch (c.action) {
  case plan::ActionKind::NoOp: out.ok = true; return finish(out);
  case plan::ActionKind::Create:
  case plan::ActionKind::Update: {
    providers::OpResult r = c.action == plan::ActionKind::Create || !c.prior
                                ? provider.create(req, inputs)
                                : provider.update(req, object_of(*c.prior), inputs);
    out.ok = r.ok;
    if (!r.ok) out.error = r.message();
    if (r.ok) {
      out.record = make_record(c, r.state);
      out.touch_state = true;
    }
    return finish(out);
  }
  case plan::ActionKind::Replace: {
    prior_req.replacing = true; // the destroy makes room for a replacement
    if (c.create_before_destroy) {
      providers::Request replacing = req;
      replacing.replacing = true;
      providers::OpResult made = provider.create(replacing, inputs);
      if (!made.ok) {
        out.error = made.message();
        return finish(out);
      }
      out.record = make_record(c, made.state);
      out.touch_state = true;
      if (c.prior) {
        providers::OpResult gone = prior_provider.destroy(prior_req, object_of(*c.prior));
        if (!gone.ok) {
          out.error = fmt::format("the replacement was created, but deleting the old object "
                                  "failed: {}",
                                  gone.message());
          return finish(out);
        }
      }
      out.ok = true;
      return finish(out);
    }
    if (c.prior) {
      providers::OpResult gone = prior_provider.destroy(prior_req, object_of(*c.prior));
      if (!gone.ok) {
        out.error = gone.message();
        return finish(out);
      }
    }
    out.touch_state = true; // the old object is gone, whatever happens next
    providers::OpResult made = provider.create(req, inputs);
    out.ok = made.ok;
    if (made.ok) {
      out.record = make_record(c, made.state);
    } else {
      out.error = fmt::format("the old object was deleted, but creating the replacement failed: {}",
                              made.message());
    }
    return finish(out);
  }
  case plan::ActionKind::Delete: {
    providers::OpResult gone =
        c.prior ? prior_provider.destroy(prior_req, object_of(*c.prior)) : providers::OpResult{true, {}, {}};
    out.ok = gone.ok;
    if (!gone.ok) out.error = gone.message();
    out.touch_state = gone.ok;
    return finish(out);
  }
  }
  return finish(out);
}

} // namespace cairn::apply
