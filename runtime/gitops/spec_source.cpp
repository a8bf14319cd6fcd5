// Fetching and checking out the spec repository; see spec_source.h.
#include "runtime/gitops/spec_source.h"

#include "runtime/state/git.h"
#include "runtime/state/remote.h"
#include "runtime/state/remote_transport.h"

#include <fmt/core.h>

namespace cairn::gitops {

namespace {

using state::git_error_text;
using state::RepoPtr;

using ObjectPtr = state::GitPtr<git_object, git_object_free>;

RepoPtr open_or_init(const std::string& work, std::string* why) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, work.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0)
    return RepoPtr(raw);
  git_repository_init_options opts;
  git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  if (git_repository_init_ext(&raw, work.c_str(), &opts) != 0) {
    *why = fmt::format("cannot make the work folder `{}`: {}", work, git_error_text());
    return nullptr;
  }
  return RepoPtr(raw);
}

// The commit `ref` names among what was fetched: a branch, a tag, then any revision.
ObjectPtr resolve(git_repository* repo, const std::string& ref) {
  for (const std::string& name :
       {"refs/cairn/spec/heads/" + ref, "refs/cairn/spec/tags/" + ref,
        "refs/cairn/spec/" + (ref.rfind("refs/", 0) == 0 ? ref.substr(5) : ref), ref}) {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, repo, (name + "^{commit}").c_str()) == 0) return ObjectPtr(obj);
  }
  return nullptr;
}

} // namespace

bool fetch_spec(const std::string& url, const std::string& ref, const std::string& work,
                SpecCheckout* out, std::string* why) {
  state::git_init_once();
  {
    RepoPtr repo = open_or_init(work, why);
    if (!repo) return false;
  }
  // The network exchange in a child under the deadline; the parent reads what it fetched.
  std::string reply;
  bool fetched = state::run_bounded(
      [&](std::string*, std::string* child_why) {
        RepoPtr repo = open_or_init(work, child_why);
        return repo && state::remote_fetch(repo.get(), url,
                                           {"+refs/heads/*:refs/cairn/spec/heads/*",
                                            "+refs/tags/*:refs/cairn/spec/tags/*"},
                                           child_why);
      },
      state::remote_timeout_seconds(), &reply, why);
  if (!fetched) {
    *why = state::scrub_secret(*why, url);
    return false;
  }
  RepoPtr repo = open_or_init(work, why);
  if (!repo) return false;
  ObjectPtr commit = resolve(repo.get(), ref);
  if (!commit) {
    *why = fmt::format("the spec repository `{}` has no branch, tag or commit `{}`",
                       state::redact_url(url), ref);
    return false;
  }
  git_checkout_options opts;
  git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
  opts.checkout_strategy = GIT_CHECKOUT_FORCE;
  if (git_checkout_tree(repo.get(), commit.get(), &opts) != 0 ||
      git_repository_set_head_detached(repo.get(), git_object_id(commit.get())) != 0) {
    *why = fmt::format("cannot check out `{}` in `{}`: {}", ref, work, git_error_text());
    return false;
  }
  out->commit = state::oid_hex(*git_object_id(commit.get()));
  out->folder = work;
  return true;
}

} // namespace cairn::gitops
