// libFuzzer target for the evaluator: whatever loads must evaluate to a value or to
// diagnostics, never crash or leak. The limits are the evaluator's own (stack frames, memory,
// time), set low so a runaway input ends quickly in E0406 / E0418 / E0419 instead of being a
// libFuzzer timeout. Each value is printed, deep-forced for export and written as JSON and
// YAML, so printing, export and the serializers see every shape evaluation produces; every
// diagnostic is rendered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "runtime/eval/evaluator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  eval::EvaluatorOptions options;
  options.max_frames = 20000;
  options.max_memory = size_t(64) << 20;
  options.max_seconds = 2;
  {
    eval::Evaluator ev(sources, names, diags, options);
    base::FileId file = sources.add("fuzz.conf", std::string(reinterpret_cast<const char*>(data), size));
    if (std::optional<uint32_t> module = ev.load(file)) {
      if (std::optional<eval::Value> v = ev.evaluate(*module)) {
        std::string out = ev.print(*v);
        eval::DeepOptions deep;
        deep.export_mode = true;
        if (std::optional<eval::Value> forced = ev.deep_force(*v, deep)) {
          ev.serialize(*forced, eval::Format::Json, out);
          ev.serialize(*forced, eval::Format::Yaml, out);
        }
      }
    }
  }
  std::string rendered;
  for (const diag::Diagnostic& d : sink.diagnostics) rendered += diag::TextRenderer::render(sources, d, false);
  return 0;
}
