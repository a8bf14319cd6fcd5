// The `release` provider's settings, plans and actions; see release.h for the model.
#include "providers/release/release.h"

#include "providers/schema/derive.h"

#include <cctype>
#include <fmt/core.h>

namespace cairn::providers {

namespace {

using namespace release;

std::string str(const Value* v) {
  return v && v->is_string() ? v->as_string() : std::string();
}
std::string str(const Value& obj, const char* name) {
  return str(obj.get(name));
}
// A value for a summary line: its text, or that it is not known yet.
std::string shown(const Value* v) {
  if (v && v->is_string()) return v->as_string();
  return "(known after apply)";
}

// Names become file names: letters, digits and `_.+-`, not starting with `.`, `+` or `-`.
std::string name_problem(const Value& v) {
  if (!v.is_string()) return {};
  const std::string& s = v.as_string();
  if (s.empty()) return "must not be empty";
  if (s[0] == '.' || s[0] == '+' || s[0] == '-')
    return fmt::format("`{}` must not start with `{}`", s, s[0]);
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '+' ||
          c == '-'))
      return fmt::format("`{}` holds `{}`: names are letters, digits and `_.+-`", s, c);
  return {};
}

class ReleaseProvider final : public Provider {
public:
  const ProviderSchema& schema() const override { return builtin_schema("release"); }

  void configure(const Value& settings, std::vector<Problem>& problems) override {
    Value s = settings.is_object() ? settings : Value::object();
    check_settings(schema(), s, problems);
    std::string repo = str(s, "repository"), branch = str(s, "branch");
    if (repo.empty()) problems.push_back({"repository", "`repository` must not be empty"});
    if (branch.empty() || name_problem(Value::string(branch)).size() > 0)
      problems.push_back({"branch", fmt::format("`{}` is not a branch name for releases", branch)});
    repo_ = Repo(repo.empty() ? ".cairn/releases" : repo, branch.empty() ? "main" : branch);
  }

  void validate(std::string_view type, Value& inputs,
                std::vector<Problem>& problems) const override {
    Provider::validate(type, inputs, problems);
    for (const char* f : {"name", "version", "release", "channel"})
      if (const Value* v = inputs.get(f)) {
        std::string why = name_problem(*v);
        if (!why.empty()) problems.push_back({f, fmt::format("`{}` {}", f, why)});
      }
  }

  bool immutable(std::string_view type) const override { return type == "release.Release"; }

  PlannedChange plan(const Request& request, const ObjectState* prior,
                     const Value& desired) const override {
    PlannedChange change = Provider::plan(request, prior, desired);
    if (!change.planned_outputs.is_object() || (prior && change.changed.empty())) return change;
    Value& out = change.planned_outputs;
    if (request.type == "release.Release") {
      const Value* n = desired.get("name");
      const Value* v = desired.get("version");
      if (n && n->is_string() && v && v->is_string()) {
        out.set("id", Value::string(n->as_string() + "/" + v->as_string()));
        out.set("name", *n);
        out.set("version", *v);
        out.set("path", Value::string(release_path(n->as_string(), v->as_string())));
      }
      // The file's bytes follow from the inputs, so its blob id is known before it is written.
      if (!desired.has_unknown()) out.set("digest", Value::string(blob_id(release_text(desired))));
    } else if (request.type == "release.Channel") {
      if (const Value* n = desired.get("name"); n && n->is_string()) {
        out.set("id", *n);
        out.set("path", Value::string(channel_path(n->as_string())));
      }
      // The release it will point to, when already recorded: known while planning.
      const Value* r = desired.get("release");
      const Value* v = desired.get("version");
      if (r && r->is_string() && v && v->is_string()) {
        std::string why;
        if (std::optional<std::string> text =
                repo_.read(release_path(r->as_string(), v->as_string()), &why))
          if (std::optional<Value> rel = parse_release(*text, &why)) {
            Value picked = picked_outputs(*rel, blob_id(*text));
            for (const resource::Member& m : picked.as_object()) out.set(m.first, m.second);
          }
      }
    } else if (request.type == "release.Follow" && !prior) {
      ReadResult now = follow({}, desired);
      if (now.status == ReadResult::Status::Exists) out = now.state.outputs;
    }
    return change;
  }

  std::string change_summary(std::string_view type, const ObjectState* before,
                             const ObjectState* after) const override {
    if (type == "release.Release") {
      const ObjectState* s = after ? after : before;
      std::string what =
          fmt::format("{} {} ({})", shown(s->inputs.get("name")), shown(s->inputs.get("version")),
                      short_id(s->outputs.get("digest")));
      if (!before) return "record " + what;
      if (!after) return "remove " + what;
      // An update puts back a file edited by hand; a replacement (asked for) rewrites it.
      return fmt::format("{} {} ({}) -> ({})", shown(s->inputs.get("name")),
                         shown(s->inputs.get("version")), short_id(before->outputs.get("digest")),
                         short_id(after->outputs.get("digest")));
    }
    if (type == "release.Follow") {
      // What the channel points at, from the outputs: a Follow changes when the channel moves.
      auto at = [](const ObjectState& s) {
        return fmt::format("{} {} ({})", shown(s.outputs.get("release")),
                           shown(s.outputs.get("version")), short_id(s.outputs.get("digest")));
      };
      std::string channel = shown((after ? after : before)->inputs.get("channel"));
      if (!before) return fmt::format("channel {}: release {}", channel, at(*after));
      if (!after || at(*before) == at(*after)) return {};
      return fmt::format("channel {} moved: release {} -> {}", channel, at(*before), at(*after));
    }
    if (type != "release.Channel") return {};
    auto side = [](const ObjectState& s) {
      return fmt::format("{} ({})", shown(s.inputs.get("version")),
                         short_id(s.outputs.get("digest")));
    };
    if (before && after && side(*before) == side(*after) &&
        shown(before->inputs.get("release")) == shown(after->inputs.get("release")))
      return {}; // the pointer did not move
    if (!before)
      return fmt::format("release {} {}", shown(after->inputs.get("release")), side(*after));
    if (!after)
      return fmt::format("release {} {}, removed", shown(before->inputs.get("release")),
                         side(*before));
    std::string from = shown(before->inputs.get("release")),
                to = shown(after->inputs.get("release"));
    if (from == to) return fmt::format("release {} {} -> {}", from, side(*before), side(*after));
    return fmt::format("release {} {} -> {} {}", from, side(*before), to, side(*after));
  }

  OpResult create(const Request& request, const Value& inputs) override {
    if (request.type == "release.Release") return record_release(inputs, nullptr);
    if (request.type == "release.Channel") return move_channel(inputs, nullptr);
    return from_read(follow({}, inputs));
  }

  ReadResult read(const Request& request, const ObjectState& prior) override {
    if (request.type == "release.Release") return read_release(prior);
    if (request.type == "release.Channel") return read_channel(prior);
    Value inputs = prior.inputs;
    if (!inputs.get("channel")) inputs.set("channel", Value::string(prior.id)); // an import
    ReadResult r = follow(prior, inputs);
    if (r.status == ReadResult::Status::Exists) r.state.inputs = inputs;
    return r;
  }

  OpResult update(const Request& request, const ObjectState& prior, const Value& inputs) override {
    if (request.type == "release.Release") return record_release(inputs, &prior);
    if (request.type == "release.Channel") return move_channel(inputs, &prior);
    return from_read(follow(prior, inputs));
  }

  OpResult destroy(const Request& request, const ObjectState& prior) override {
    OpResult r;
    if (request.type == "release.Follow") return r.ok = true, r;
    std::string file, message, why;
    if (request.type == "release.Release") {
      std::string name = str(prior.inputs, "name"), version = str(prior.inputs, "version");
      file = release_path(name, version);
      message = fmt::format("release {} {}: remove", name, version);
      // A channel still pointing at it would point at nothing: move or remove the channel first.
      // A replacement (asked for with --replace) takes its place: channels stay.
      for (const auto& [fname, text] : request.replacing
                                           ? std::vector<std::pair<std::string, std::string>>{}
                                           : repo_.list("channels", &why)) {
        std::string digest;
        std::optional<Value> ch = parse_channel(text, &digest, &why);
        if (ch && str(*ch, "release") == name && str(*ch, "version") == version)
          return op_error(
              fmt::format(
                  "release {} {} cannot be removed: channel {} points at it (`{}` in `{}`); "
                  "promote another release to it or remove the channel first",
                  name, version, str(*ch, "name"), channel_path(str(*ch, "name")), repo_.path()),
              ProblemKind::Conflict);
      }
    } else {
      std::string name = str(prior.inputs, "name");
      file = channel_path(name);
      message = fmt::format("channel {}: remove (was {} {})", name, str(prior.inputs, "release"),
                            str(prior.inputs, "version"));
    }
    if (!repo_.write(file, nullptr, message, &why)) return op_error(why, ProblemKind::Failed);
    r.ok = true;
    return r;
  }

private:
  static OpResult from_read(ReadResult r) {
    if (r.status == ReadResult::Status::Exists) {
      OpResult o;
      o.ok = true;
      o.state = std::move(r.state);
      return o;
    }
    if (r.status == ReadResult::Status::Gone)
      return op_error("the channel is not recorded", ProblemKind::NotFound);
    OpResult o;
    o.problems = std::move(r.problems);
    return o;
  }

  Value release_outputs(const std::string& name, const std::string& version,
                        const std::string& text, const std::string& commit) const {
    return Value::object({{"id", Value::string(name + "/" + version)},
                          {"name", Value::string(name)},
                          {"version", Value::string(version)},
                          {"path", Value::string(release_path(name, version))},
                          {"digest", Value::string(blob_id(text))},
                          {"commit", Value::string(commit)}});
  }

  // Writes a release's file: a create refuses a recorded release with other content.
  OpResult record_release(const Value& inputs, const ObjectState* prior) {
    std::string name = str(inputs, "name"), version = str(inputs, "version"), why;
    std::string file = release_path(name, version), text = release_text(inputs);
    bool conflict = false;
    std::string message = prior ? fmt::format("release {} {}: restore as recorded", name, version)
                                : fmt::format("release {} {}: record", name, version);
    std::string sc = str(inputs, "spec_commit");
    const Value* s = inputs.get("sources");
    bool sources = s && s->is_object() && !s->as_object().empty();
    if (sources || !sc.empty()) message += "\n"; // a blank line, then the trailers
    if (sources)
      for (const resource::Member& m : s->as_object())
        message += fmt::format("\nSource: {} {} {}", m.first, str(m.second, "url"),
                               str(m.second, "commit"));
    if (!sc.empty()) message += "\nSpec-Commit: " + sc;
    std::optional<std::string> commit =
        repo_.write(file, &text, message + "\n", &why, prior ? nullptr : &conflict);
    if (conflict)
      return op_error(
          fmt::format(
              "release {} {} is already recorded in `{}` ({}) with other content: releases "
              "never change; give this one a new version, or `cairn import` the recorded one",
              name, version, repo_.path(), file),
          ProblemKind::Conflict);
    if (!commit) return op_error(why, ProblemKind::Failed);
    std::string last = repo_.last_commit(file, &why);
    OpResult r;
    r.ok = true;
    r.state.id = name + "/" + version;
    r.state.inputs = inputs;
    r.state.outputs = release_outputs(name, version, text, last.empty() ? *commit : last);
    return r;
  }

  ReadResult read_release(const ObjectState& prior) {
    std::string name = str(prior.inputs, "name"), version = str(prior.inputs, "version"), why;
    if (name.empty()) { // an import: the id is NAME/VERSION
      size_t slash = prior.id.find('/');
      if (slash == std::string::npos)
        return read_error(
            fmt::format("`{}` is not a release id: it is NAME/VERSION, like `app/1.5.0`", prior.id),
            ProblemKind::Invalid);
      name = prior.id.substr(0, slash);
      version = prior.id.substr(slash + 1);
    }
    std::string file = release_path(name, version);
    std::optional<std::string> text = repo_.read(file, &why);
    ReadResult r;
    if (!text) {
      if (!why.empty()) return read_error(why, ProblemKind::Unavailable);
      r.status = ReadResult::Status::Gone;
      return r;
    }
    std::optional<Value> inputs = parse_release(*text, &why);
    if (!inputs)
      return read_error(
          fmt::format("`{}` in `{}` is not a release file: {}", file, repo_.path(), why));
    std::string commit = str(prior.outputs, "commit");
    if (commit.empty() || str(prior.outputs, "digest") != blob_id(*text))
      commit = repo_.last_commit(file, &why);
    r.status = ReadResult::Status::Exists;
    r.state.id = name + "/" + version;
    r.state.inputs = std::move(*inputs);
    r.state.outputs = release_outputs(name, version, *text, commit);
    return r;
  }

  // The outputs of a channel whose file pins `digest` of release `rel` at `version`.
  Value channel_outputs(const std::string& name, const std::string& rel, const std::string& version,
                        const std::string& digest, std::string* why) const {
    Value release_inputs =
        Value::object({{"name", Value::string(rel)}, {"version", Value::string(version)}});
    if (std::optional<std::string> text = repo_.read(release_path(rel, version), why))
      if (std::optional<Value> parsed = parse_release(*text, why)) release_inputs = *parsed;
    Value out = picked_outputs(release_inputs, digest);
    out.set("id", Value::string(name));
    out.set("path", Value::string(channel_path(name)));
    out.set("commit", Value::string(repo_.last_commit(channel_path(name), why)));
    return out;
  }

  // Points a channel at a recorded release: one commit, saying where it moved.
  OpResult move_channel(const Value& inputs, const ObjectState* prior) {
    std::string name = str(inputs, "name"), rel = str(inputs, "release"),
                version = str(inputs, "version"), why;
    std::optional<std::string> text = repo_.read(release_path(rel, version), &why);
    if (!text) {
      if (!why.empty()) return op_error(why, ProblemKind::Unavailable);
      return op_error(
          fmt::format("channel {} cannot point at release {} {}: `{}` records no such release",
                      name, rel, version, repo_.path()),
          ProblemKind::NotFound, "version");
    }
    std::string digest = blob_id(*text);
    if (const Value* pin = inputs.get("digest");
        pin && pin->is_string() && pin->as_string() != digest)
      return op_error(
          fmt::format("channel {} pins release {} {} at digest {}, but `{}` records it as {}", name,
                      rel, version, pin->as_string(), repo_.path(), digest),
          ProblemKind::Conflict, "digest");
    std::string what = fmt::format("{} {} ({})", rel, version, digest.substr(0, 7));
    std::string message;
    if (!prior)
      message = fmt::format("channel {}: {}", name, what);
    else if (str(prior->inputs, "version") == version && str(prior->inputs, "release") == rel)
      message = fmt::format("channel {}: {} (put back)", name, what);
    else
      message = fmt::format("channel {}: {} {} -> {}", name, str(prior->inputs, "release"),
                            str(prior->inputs, "version"), what);
    std::string file_text = channel_text(inputs, digest);
    if (!repo_.write(channel_path(name), &file_text, message + "\n", &why))
      return op_error(why, ProblemKind::Failed);
    OpResult r;
    r.ok = true;
    r.state.id = name;
    r.state.inputs = inputs;
    r.state.outputs = channel_outputs(name, rel, version, digest, &why);
    return r;
  }

  ReadResult read_channel(const ObjectState& prior) {
    std::string name = str(prior.inputs, "name"), why, digest;
    if (name.empty()) name = prior.id; // an import: the id is the channel's name
    std::string file = channel_path(name);
    std::optional<std::string> text = repo_.read(file, &why);
    ReadResult r;
    if (!text) {
      if (!why.empty()) return read_error(why, ProblemKind::Unavailable);
      r.status = ReadResult::Status::Gone;
      return r;
    }
    std::optional<Value> inputs = parse_channel(*text, &digest, &why);
    if (!inputs)
      return read_error(
          fmt::format("`{}` in `{}` is not a channel file: {}", file, repo_.path(), why));
    r.status = ReadResult::Status::Exists;
    r.state.id = name;
    r.state.outputs =
        channel_outputs(name, str(*inputs, "release"), str(*inputs, "version"), digest, &why);
    // The pin is an input only for specs that give it (`points_to` does); an import (no
    // inputs yet) reads it, and keeps it when the spec gives it.
    if (prior.inputs.get("digest") || !prior.inputs.get("name"))
      inputs->set("digest", Value::string(digest));
    r.state.inputs = std::move(*inputs);
    return r;
  }

  // What the channel of a Follow points to, as its outputs.
  ReadResult follow(const ObjectState&, const Value& inputs) const {
    std::string channel = str(inputs, "channel"), why, digest;
    std::optional<std::string> text = repo_.read(channel_path(channel), &why);
    ReadResult r;
    if (!text) {
      if (!why.empty()) return read_error(why, ProblemKind::Unavailable);
      return read_error(fmt::format("`{}` records no channel `{}`", repo_.path(), channel),
                        ProblemKind::NotFound, "channel");
    }
    std::optional<Value> ch = parse_channel(*text, &digest, &why);
    if (!ch)
      return read_error(fmt::format("`{}` in `{}` is not a channel file: {}", channel_path(channel),
                                    repo_.path(), why));
    r.status = ReadResult::Status::Exists;
    r.state.id = channel;
    r.state.inputs = inputs;
    r.state.outputs =
        channel_outputs(channel, str(*ch, "release"), str(*ch, "version"), digest, &why);
    return r;
  }

  Repo repo_{".cairn/releases", "main"};
};

} // namespace

std::unique_ptr<Provider> make_release_provider() {
  return std::make_unique<ReleaseProvider>();
}

} // namespace cairn::providers
