// The `release` provider: releases and channels recorded as files in a git repository
// (libgit2), one commit per change.
//
//   release.Release  inputs name, version, sources { NAME = { url, commit } },
//                    artifacts { NAME = { url, digest } }, spec_commit
//                    file releases/NAME/VERSION.json; outputs id (NAME/VERSION), path,
//                    digest (the file's git blob id), commit (the commit that recorded it).
//                    Immutable: Provider::immutable says so, and the planner refuses a
//                    spec change unless `--replace` asks for it (drift is written back).
//   release.Channel  inputs name, release, version; file channels/NAME.json, which pins
//                    the release's digest; outputs the release it points to (digest,
//                    sources, artifacts, spec_commit), the commit that last moved it.
//                    A create or update needs the release recorded already.
//   release.Follow   inputs channel; reads a channel (no file of its own): the outputs are
//                    the release it points to, read again by every refresh, so what reads
//                    them follows the channel.
//
// Settings: `repository` (default `.cairn/releases`, created bare when missing) and
// `branch` (default `main`). Every write takes an flock on the repository and moves the
// branch by compare-and-swap, so concurrent writers (threads or processes) never lose a
// commit. See docs/providers/release.md.
#pragma once

#include "providers/provider.h"

#include <memory>
#include <optional>
#include <string>

namespace cairn::providers {

std::unique_ptr<Provider> make_release_provider();

namespace release {

// The repository and branch releases are recorded on (repo.cpp).
class Repo {
public:
  Repo(std::string path, std::string branch) : path_(std::move(path)), branch_(std::move(branch)) {}
  const std::string& path() const { return path_; }
  // The text of `file` at the branch's tip; nullopt when absent (or no branch yet).
  // Errors (an unreadable repository) set `why`.
  std::optional<std::string> read(const std::string& file, std::string* why) const;
  // Commits `text` as `file` (or removes it when `text` is null) with `message`, creating
  // the repository when missing; the new commit's id, or nullopt with `why`. Writing what
  // the file already holds makes no commit and returns the tip. With `conflict`, a file that
  // exists with other content is left alone: nullopt and `*conflict` set.
  std::optional<std::string> write(const std::string& file, const std::string* text,
                                   const std::string& message, std::string* why,
                                   bool* conflict = nullptr) const;
  // The commit of the branch that last changed `file`; empty when none.
  std::string last_commit(const std::string& file, std::string* why) const;
  // The texts of the files directly in folder `dir` at the branch's tip, by file name.
  std::vector<std::pair<std::string, std::string>> list(const std::string& dir,
                                                        std::string* why) const;

private:
  std::string path_;
  std::string branch_;
};

// Files and their contents (records.cpp).
std::string release_path(const std::string& name, const std::string& version);
std::string channel_path(const std::string& name);
// The canonical text of a release file / channel file (sorted keys, two-space indent).
std::string release_text(const Value& inputs);
std::string channel_text(const Value& inputs, const std::string& digest);
// The git blob id of `text`, as `git hash-object` gives it.
std::string blob_id(const std::string& text);
// The inputs a release file holds; nullopt with `why` when malformed.
std::optional<Value> parse_release(const std::string& text, std::string* why);
// A channel file's inputs (name, release, version) and the digest it pins.
std::optional<Value> parse_channel(const std::string& text, std::string* digest, std::string* why);
// `release app 1.5.0 (d4e5f6a)` parts: the short form of a digest ("" -> "known after apply").
std::string short_id(const Value* digest);
// The outputs of a channel pointing at a release file: release, version, digest, sources,
// artifacts, spec_commit.
Value picked_outputs(const Value& release_inputs, const std::string& digest);

} // namespace release
} // namespace cairn::providers
