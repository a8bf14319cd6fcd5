// JSON rendering of diagnostics (`--message-format json`): one object per line with the
// code, severity, message, the primary span with file/line/column, the labelled spans,
// notes and help lines. Lines and columns are 1-based; offsets are bytes.
#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"

namespace cairn::diag {

namespace {

nlohmann::json span_json(const base::SourceMap& sources, base::Loc loc) {
  if (!loc.valid() || loc.file.index >= sources.size()) return nullptr;
  const base::SourceFile& file = sources.get(loc.file);
  base::LineCol b = file.line_col(loc.span.begin);
  base::LineCol e = file.line_col(loc.span.end);
  return {{"file", file.path()},         {"line", b.line},           {"column", b.column},
          {"end_line", e.line},          {"end_column", e.column},   {"byte_start", loc.span.begin},
          {"byte_end", loc.span.end}};
}

} // namespace

std::string JsonRenderer::render(const base::SourceMap& sources, const Diagnostic& d) {
  nlohmann::json j;
  j["code"] = std::string(kind_code(d.kind));
  j["kind"] = std::string(kind_name(d.kind));
  j["severity"] = std::string(severity_name(d.severity));
  j["message"] = d.message;
  j["span"] = span_json(sources, d.loc);
  // A diagnostic without a primary location still has a span when a label has one.
  for (size_t i = 0; j["span"].is_null() && i < d.labels.size(); ++i) j["span"] = span_json(sources, d.labels[i].loc);
  if (!d.primary_label.empty()) j["label"] = d.primary_label;
  nlohmann::json labels = nlohmann::json::array();
  for (const Label& l : d.labels) {
    nlohmann::json lj = span_json(sources, l.loc);
    if (lj.is_null()) continue;
    lj["message"] = l.message;
    labels.push_back(std::move(lj));
  }
  j["labels"] = std::move(labels);
  j["notes"] = d.notes;
  j["help"] = d.helps;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonRenderer::consume(const Diagnostic& d) {
  std::string text = render(sources_, d);
  text += "\n";
  std::fwrite(text.data(), 1, text.size(), out_);
}

} // namespace cairn::diag
