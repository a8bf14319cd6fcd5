// libFuzzer target for the evaluator on well-formed programs: the input bytes are the
// choices of the program generator (tests/programs/program_gen.h), so mutations explore
// programs that parse and mostly type, where byte mutations of source text rarely get.
// Every program must end in a value or in diagnostics, under low limits.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "runtime/eval/evaluator.h"
#include "tests/programs/program_gen.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  size_t at = 0;
  std::string program = testgen::generate_program([&](uint32_t n) -> uint32_t {
    if (at >= size) return 0;
    uint32_t v = data[at++];
    if (n > 256 && at < size) v = v << 8 | data[at++];
    return v % n;
  });
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
    base::FileId file = sources.add("gen.conf", program);
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
