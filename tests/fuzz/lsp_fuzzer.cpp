// libFuzzer target for the language server's message layer: the first input byte picks
//   - framing: the rest is a byte stream of Content-Length frames, read by FrameReader in
//     pieces and every complete body handled by the server (any JSON, any method);
//   - edits: the rest drives a sequence of well-formed messages on a valid document (one
//     of a few specs): incremental changes inserting and deleting text at positions taken
//     from the input (so the text passes through every half-typed state), interleaved with
//     hover, completion, definition, references, rename, symbols, folding, formatting,
//     code lens, code action, semantic token and workspace symbol requests at those positions.
// The server must answer without crashing, hanging or leaking; the synchronous scheduler
// keeps runs deterministic. No real evaluation (that is the runtime's, fuzzed by
// eval_fuzzer): a fake one plans `motd` and `x` at wherever the text names them (or at
// spans past its end), so code lenses, resource hovers and cairn.showPlan place a plan on
// every half-typed text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/lsp/server.h"

using namespace cairn;
using json = nlohmann::json;

namespace {

class NullTransport : public lsp::Transport {
public:
  std::optional<std::string> read(int, bool* timed_out) override {
    if (timed_out) *timed_out = false;
    return std::nullopt;
  }
  void write(const std::string& body) override { bytes += body.size(); }
  size_t bytes = 0;
};

const char* const kSpecs[] = {
    ("let local = import \"cairn/local.conf\" in\nlet port : Number = 8080 in\n{\n  resources.motd | local.File = "
     "{ path = \"out/motd\", content = \"p %{std.to_string port}\" },\n  x = std.string.uppercase \"a\",\n}\n"),
    ("let f = fun a b => a + b in\n{ a = f 1 2, b.c.d = [1, 2, 3] |> std.array.map (fun x => x * 2), r = { s = a } }\n"),
    ("# comment\nlet rec go = fun n => if n == 0 then 'Done else go (n - 1) in\n{ m = go 3 |> match { 'Done => \"é\", _ => null } }\n"),
};

std::string frame(const json& j) { return j.dump(); }

class FakeEvaluation : public lsp::Evaluation {
public:
  lsp::EvalResult evaluate(const std::string&, const std::string& text, const lsp::Documents&, unsigned,
                           size_t) override {
    lsp::EvalResult out;
    out.planned = (++calls % 3) != 0;
    out.summary = "Plan: 1 to add, 0 to change, 0 to destroy.";
    out.plan_text = "plan";
    for (const char* name : {"motd", "x"}) {
      lsp::ResourcePlan r;
      r.path = {name};
      r.address = name;
      r.action = "+ create";
      size_t at = text.find(name);
      r.begin = at == std::string::npos ? static_cast<uint32_t>(text.size() + 5) : static_cast<uint32_t>(at);
      r.end = r.begin + 4;
      r.state = "in state";
      out.resources.push_back(r);
    }
    if (calls % 2) out.diagnostics.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size() + 9), 1, "E0400", "x"});
    return out;
  }
  unsigned calls = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  NullTransport transport;
  lsp::SyncScheduler scheduler;
  FakeEvaluation evaluation;
  lsp::Server server(transport, scheduler, (data[0] & 0x80) ? &evaluation : nullptr, lsp::ServerOptions{});
  const std::string uri = "file:///nonexistent-fuzz/main.conf";
  server.handle(frame({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"}, {"params", json::object()}}));
  const uint8_t mode = data[0];
  data++, size--;
  if (mode & 1) {
    lsp::FrameReader reader;
    size_t pos = 0, step = 1 + (mode >> 1) % 61, handled = 0;
    while (pos < size) {
      size_t n = std::min(step, size - pos);
      reader.feed(reinterpret_cast<const char*>(data) + pos, n);
      pos += n;
      for (int k = 0; k < 64; ++k) {
        auto body = reader.next();
        if (!body) {
          if (reader.error().empty()) break;
          continue;
        }
        if (++handled > 64) return 0;
        server.handle(*body);
      }
    }
    return 0;
  }
  std::string text = kSpecs[(mode >> 1) % 3];
  server.handle(frame({{"jsonrpc", "2.0"},
                       {"method", "textDocument/didOpen"},
                       {"params", {{"textDocument", {{"uri", uri}, {"languageId", "cairn"}, {"version", 1}, {"text", text}}}}}}));
  static const char* const kRequests[] = {"textDocument/hover",          "textDocument/completion",
                                          "textDocument/definition",     "textDocument/references",
                                          "textDocument/documentHighlight", "textDocument/prepareRename",
                                          "textDocument/rename",         "textDocument/signatureHelp",
                                          "textDocument/documentSymbol", "textDocument/foldingRange",
                                          "textDocument/formatting",     "textDocument/codeLens",
                                          "workspace/executeCommand",    "textDocument/codeAction",
                                          "textDocument/rangeFormatting", "textDocument/semanticTokens/full",
                                          "workspace/symbol"};
  // Positions: a line and a character from the input, often past the ends (clamped).
  auto position = [&](size_t i) {
    uint32_t line = i < size ? data[i] % 8 : 0, ch = i + 1 < size ? data[i + 1] % 90 : 0;
    return json{{"line", line}, {"character", ch}};
  };
  int version = 1, id = 1;
  // At most 48 operations: each edit re-checks the document (and std when it is used).
  for (size_t i = 0, ops = 0; i + 3 < size && ops < 48; i += 4, ++ops) {
    uint8_t op = data[i + 3];
    if (op < 160) {
      // An edit: replace [p, p + len) by a few bytes of the input.
      json start = position(i);
      json end = start;
      end["character"] = start["character"].get<uint32_t>() + (op % 4);
      std::string insert;
      size_t len = (op >> 2) % 5;
      for (size_t k = 0; k < len && i + 4 + k < size; ++k) insert += static_cast<char>(data[i + 4 + k] & 0x7f);
      server.handle(frame({{"jsonrpc", "2.0"},
                           {"method", "textDocument/didChange"},
                           {"params",
                            {{"textDocument", {{"uri", uri}, {"version", ++version}}},
                             {"contentChanges", json::array({{{"range", {{"start", start}, {"end", end}}}, {"text", insert}}})}}}}));
    } else {
      const char* method = kRequests[op % (sizeof kRequests / sizeof *kRequests)];
      json params = {{"textDocument", {{"uri", uri}}}, {"position", position(i)}, {"newName", "renamed"}, {"query", "a"},
                     {"context", {{"includeDeclaration", true}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}},
                     {"command", "cairn.showPlan"}, {"arguments", json::array({uri})},
                     {"range", {{"start", position(i)}, {"end", position(i + 1)}}}};
      server.handle(frame({{"jsonrpc", "2.0"}, {"id", ++id}, {"method", method}, {"params", params}}));
    }
  }
  server.handle(frame({{"jsonrpc", "2.0"}, {"id", ++id}, {"method", "shutdown"}}));
  server.handle(frame({{"jsonrpc", "2.0"}, {"method", "exit"}}));
  return 0;
}
