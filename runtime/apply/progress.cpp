// Apply progress: plain lines (CI, pipes) and a live status line (terminals); see apply.h.
// Lines follow Terraform's wording: `web.dns: Creating...`, `web.dns: Creation complete
// after 0s [id=...]`.
#include <chrono>

#include <fmt/core.h>

#include "runtime/apply/apply.h"

namespace cairn::apply {

namespace {

struct Words {
  const char* doing;
  const char* done;
};

Words words_for(const plan::ResourceChange& c) {
  switch (c.action) {
  case plan::ActionKind::Create: return {"Creating...", "Creation complete"};
  case plan::ActionKind::Update: return {"Modifying...", "Modifications complete"};
  case plan::ActionKind::Replace: return {"Replacing...", "Replacement complete"};
  case plan::ActionKind::Delete: return {"Destroying...", "Destruction complete"};
  case plan::ActionKind::NoOp:
    if (!c.import_id.empty()) return {"Importing...", "Import complete"};
    return {"Checking...", "Unchanged"};
  }
  return {"", ""};
}

std::string seconds_text(double s) {
  if (s < 60) return fmt::format("{}s", static_cast<int>(s));
  return fmt::format("{}m{}s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
}

class LineProgress : public Progress {
public:
  LineProgress(std::FILE* out, bool color, bool live) : out_(out), color_(color), live_(live) {}
  ~LineProgress() override {
    clear_status();
    std::fflush(out_);
  }

  void started(const plan::ResourceChange& c) override {
    clear_status();
    std::string id = c.prior && c.action != plan::ActionKind::Create ? fmt::format(" [id={}]", c.prior->id) : "";
    fmt::print(out_, "{}: {}{}\n", c.address, words_for(c).doing, id);
    flush();
  }

  void finished(const plan::ResourceChange& c, const ActionResult& r) override {
    clear_status();
    switch (r.status) {
    case Status::Done: {
      std::string id = r.id.empty() || c.action == plan::ActionKind::Delete ? "" : fmt::format(" [id={}]", r.id);
      fmt::print(out_, "{}: {} after {}{}\n", c.address, words_for(c).done, seconds_text(r.seconds), id);
      break;
    }
    case Status::Failed: fmt::print(out_, "{}: {}\n", c.address, paint("failed", "31")); break;
    case Status::Skipped:
      fmt::print(out_, "{}: skipped{}\n", c.address,
                 r.skipped_for.empty() ? "" : fmt::format(" (depends on {}, which failed)", r.skipped_for));
      break;
    case Status::Pending: break;
    }
    flush();
  }

  void tick(size_t running, size_t done, size_t total) override {
    if (!live_) {
      std::fflush(out_);
      return;
    }
    clear_status();
    std::string line = fmt::format("  {} running, {}/{} done", running, done, total);
    fmt::print(out_, "{}", paint(line, "2"));
    status_shown_ = true;
    std::fflush(out_);
  }

private:
  std::string paint(const std::string& s, const char* code) const {
    return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
  // Lines reach the terminal or the CI log at most 100 ms late, without a system call for
  // every line of a large apply.
  void flush() {
    auto now = std::chrono::steady_clock::now();
    if (live_ || now - last_flush_ > std::chrono::milliseconds(100)) {
      std::fflush(out_);
      last_flush_ = now;
    }
  }
  void clear_status() {
    if (!status_shown_) return;
    fmt::print(out_, "\r\x1b[2K");
    status_shown_ = false;
  }

  std::FILE* out_;
  bool color_;
  bool live_;
  bool status_shown_ = false;
  std::chrono::steady_clock::time_point last_flush_{};
};

} // namespace

std::unique_ptr<Progress> make_line_progress(std::FILE* out, bool color) {
  return std::make_unique<LineProgress>(out, color, false);
}

std::unique_ptr<Progress> make_live_progress(std::FILE* out, bool color) {
  return std::make_unique<LineProgress>(out, color, true);
}

} // namespace cairn::apply
