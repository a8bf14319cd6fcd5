// The diagnostics engine and the kind catalogue; see diagnostic.h.
#include "compiler/diag/diagnostic.h"

#include <unistd.h>

#include <cstdlib>

namespace cairn::diag {

namespace {
constexpr std::string_view kCodes[] = {
#define CAIRN_DIAG(Name, Code) Code,
#include "compiler/diag/kind.def"
};
constexpr std::string_view kNames[] = {
#define CAIRN_DIAG(Name, Code) #Name,
#include "compiler/diag/kind.def"
};
} // namespace

std::string_view kind_code(DiagKind kind) { return kCodes[static_cast<size_t>(kind)]; }
std::string_view kind_name(DiagKind kind) { return kNames[static_cast<size_t>(kind)]; }

std::string_view severity_name(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

void Builder::emit() {
  if (!engine_) return;
  Diagnostics* engine = engine_;
  engine_ = nullptr;
  engine->report(std::move(d_));
}

Builder Diagnostics::make(DiagKind kind, Severity severity, base::Loc loc, std::string message) {
  Diagnostic d;
  d.kind = kind;
  d.severity = severity;
  d.loc = loc;
  d.message = std::move(message);
  return Builder(this, std::move(d));
}

void Diagnostics::report(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  if (consumer_) consumer_->consume(d);
}

bool want_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stream)) != 0;
}

} // namespace cairn::diag
