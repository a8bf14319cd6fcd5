// The evaluator under limits for its fuzzers and property test; see limited_eval.h.
#include "tests/support/limited_eval.h"

#include "compiler/diag/diagnostic.h"
#include "runtime/front/front_end.h"

namespace cairn::testsupport {

Outcome evaluate_limited(const std::string& name, const std::string& text, const Limits& limits) {
  Outcome out;
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  eval::EvaluatorOptions options;
  options.max_frames = limits.max_frames;
  options.max_memory = limits.max_memory;
  options.max_seconds = limits.max_seconds;
  options.fast_calls = limits.fast_calls;
  {
    // The front end (and every value) is gone before the diagnostics are rendered.
    front::FrontEnd fe(sources, names, diags, options, false);
    eval::Evaluator& ev = fe.evaluator();
    if (std::optional<eval::Value> v = fe.run(sources.add(name, text))) {
      if (limits.print_and_yaml) out.printed = ev.print(*v);
      eval::DeepOptions deep;
      deep.export_mode = true;
      if (std::optional<eval::Value> forced = ev.deep_force(*v, deep)) {
        out.value = ev.serialize(*forced, eval::Format::Json, out.json);
        if (limits.print_and_yaml) ev.serialize(*forced, eval::Format::Yaml, out.yaml);
      }
    }
  }
  for (const diag::Diagnostic& d : sink.diagnostics) out.diagnostics += diag::TextRenderer::render(sources, d, false);
  return out;
}

} // namespace cairn::testsupport
