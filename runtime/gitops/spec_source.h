// The spec repository of `cairn reconcile`: fetched through libgit2 (a path, `file://`,
// `git://`, `ssh://`, `http(s)://`, with the credentials remote state uses,
// runtime/state/remote_transport.h) into a private work folder that is an ordinary git
// checkout, so the apply's `Cairn-Spec-Commit` trailer names the commit it was made from and
// `Cairn-Spec-Clean` is `yes`.
//
// Layout of the work folder (created when missing, owned by one reconciler at a time):
//   .git/                         the repository; fetched refs under refs/cairn/spec/
//   <the spec's files>            the tree of the commit last checked out (HEAD, detached)
#pragma once

#include <string>

namespace cairn::gitops {

struct SpecCheckout {
  std::string commit; // the full hash checked out
  std::string folder; // the checkout's top folder (the work folder)
};

// Fetches `url` and checks out `ref` (a branch, a tag, or a commit hash) in `work`. The
// fetch runs under the remote deadline (CAIRN_STATE_TIMEOUT); false with `why` (the URL's
// password blanked) when the repository cannot be reached or has no such ref.
bool fetch_spec(const std::string& url, const std::string& ref, const std::string& work,
                SpecCheckout* out, std::string* why);

} // namespace cairn::gitops
