// Diagnostics: one engine for every phase.
//
// A `Diagnostic` is data: a kind (with its stable code from kind.def), a severity, a
// message, a primary location, labelled secondary locations, notes and help lines. Phases
// report through a `Diagnostics` engine, which counts errors and hands each diagnostic
// to a `DiagnosticConsumer` (the text renderer, the JSON renderer, the language server,
// or a vector in tests). Nothing here throws.
//
//   diags.error(DiagKind::UnexpectedToken, loc, "expected `in` after let binding")
//       .label(other, "the `let` starts here")
//       .help("add `in` followed by the body of the let");
//
// The builder emits when it goes out of scope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"

namespace cairn::diag {

enum class DiagKind : uint16_t {
#define CAIRN_DIAG(Name, Code) Name,
#include "compiler/diag/kind.def"
};

std::string_view kind_code(DiagKind kind);
std::string_view kind_name(DiagKind kind);

enum class Severity : uint8_t { Error, Warning, Note };
std::string_view severity_name(Severity s);

struct Label {
  base::Loc loc;
  std::string message;
};

struct Diagnostic {
  DiagKind kind = DiagKind::UsageError;
  Severity severity = Severity::Error;
  std::string message;
  base::Loc loc;               // primary location; may be invalid (no source)
  std::string primary_label;   // text under the primary caret, may be empty
  std::vector<Label> labels;   // secondary locations
  std::vector<std::string> notes;
  std::vector<std::string> helps;
};

class DiagnosticConsumer {
public:
  virtual ~DiagnosticConsumer() = default;
  virtual void consume(const Diagnostic& d) = 0;
  virtual void flush() {}
};

// Keeps diagnostics in memory (tests, the language server, speculative phases).
class CollectingConsumer : public DiagnosticConsumer {
public:
  void consume(const Diagnostic& d) override { diagnostics.push_back(d); }
  std::vector<Diagnostic> diagnostics;
};

class Diagnostics;

class Builder {
public:
  Builder(Diagnostics* engine, Diagnostic d) : engine_(engine), d_(std::move(d)) {}
  Builder(Builder&& other) noexcept : engine_(other.engine_), d_(std::move(other.d_)) { other.engine_ = nullptr; }
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  ~Builder() { emit(); }

  // The text shown under the primary caret.
  Builder& primary(std::string text) { d_.primary_label = std::move(text); return *this; }
  Builder& label(base::Loc loc, std::string text) { d_.labels.push_back({loc, std::move(text)}); return *this; }
  Builder& note(std::string text) { d_.notes.push_back(std::move(text)); return *this; }
  Builder& help(std::string text) { d_.helps.push_back(std::move(text)); return *this; }
  void emit();

private:
  Diagnostics* engine_;
  Diagnostic d_;
};

class Diagnostics {
public:
  explicit Diagnostics(DiagnosticConsumer* consumer) : consumer_(consumer) {}

  Builder error(DiagKind kind, base::Loc loc, std::string message) { return make(kind, Severity::Error, loc, std::move(message)); }
  Builder warning(DiagKind kind, base::Loc loc, std::string message) { return make(kind, Severity::Warning, loc, std::move(message)); }
  void report(Diagnostic d);

  uint32_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ != 0; }
  DiagnosticConsumer* consumer() const { return consumer_; }
  void set_consumer(DiagnosticConsumer* consumer) { consumer_ = consumer; }

private:
  Builder make(DiagKind kind, Severity severity, base::Loc loc, std::string message);
  DiagnosticConsumer* consumer_;
  uint32_t errors_ = 0;
};

// Renders diagnostics as text, like rustc and codespan: header with code, `file:line:col`
// arrow, source lines with carets, labels, notes and help.
class TextRenderer : public DiagnosticConsumer {
public:
  TextRenderer(const base::SourceMap& sources, std::FILE* out, bool color)
      : sources_(sources), out_(out), color_(color) {}
  void consume(const Diagnostic& d) override;
  // The same rendering into a string (used by golden tests and the LSP hover text).
  static std::string render(const base::SourceMap& sources, const Diagnostic& d, bool color);

private:
  const base::SourceMap& sources_;
  std::FILE* out_;
  bool color_;
};

// Renders one JSON object per line (`--message-format json`).
class JsonRenderer : public DiagnosticConsumer {
public:
  JsonRenderer(const base::SourceMap& sources, std::FILE* out) : sources_(sources), out_(out) {}
  void consume(const Diagnostic& d) override;
  static std::string render(const base::SourceMap& sources, const Diagnostic& d);

private:
  const base::SourceMap& sources_;
  std::FILE* out_;
};

// Whether to colour output on `stream`: a terminal, and `NO_COLOR` unset.
bool want_color(std::FILE* stream);

} // namespace cairn::diag
