// Text rendering of diagnostics, in the style of rustc and codespan:
//
//   error[E0102]: expected `in` after let binding
//    --> spec.conf:1:11
//     |
//   1 | let x = 1 x
//     |           ^ found `x`
//     = help: ...
//
// Carets are placed by display width (tabs count 4, wide characters 2). A span over
// several lines is marked from its start to the end of its first line.
#include <utf8proc.h>

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "compiler/diag/diagnostic.h"

namespace cairn::diag {

namespace {

struct Style {
  bool on;
  std::string_view code(const char* c) const { return on ? std::string_view(c) : std::string_view(); }
  std::string_view reset() const { return code("\x1b[0m"); }
  std::string_view bold() const { return code("\x1b[1m"); }
  std::string_view blue() const { return code("\x1b[1;34m"); }
  std::string_view severity(Severity s) const {
    switch (s) {
    case Severity::Error: return code("\x1b[1;31m");
    case Severity::Warning: return code("\x1b[1;33m");
    case Severity::Note: return code("\x1b[1;36m");
    }
    return {};
  }
};

// Expands tabs and replaces control characters and invalid UTF-8 so a source line prints
// safely; `widths` gets the display column of every byte offset of the original line.
std::string printable_line(std::string_view line, std::vector<uint32_t>* widths) {
  std::string out;
  widths->assign(line.size() + 1, 0);
  uint32_t col = 0;
  size_t i = 0;
  while (i < line.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(line.data() + i),
                              static_cast<utf8proc_ssize_t>(line.size() - i), &cp);
    size_t len = n > 0 ? static_cast<size_t>(n) : 1;
    for (size_t k = 0; k < len && i + k < line.size(); ++k) (*widths)[i + k] = col;
    if (n <= 0) {
      out += "\xEF\xBF\xBD"; // U+FFFD for invalid bytes
      col += 1;
    } else if (cp == '\t') {
      out += "    ";
      col += 4;
    } else if (cp < 0x20 || cp == 0x7f) {
      out += "\xEF\xBF\xBD";
      col += 1;
    } else {
      out.append(line.data() + i, len);
      int w = utf8proc_charwidth(cp);
      col += static_cast<uint32_t>(w < 0 ? 1 : w);
    }
    i += len;
  }
  (*widths)[line.size()] = col;
  return out;
}

struct Mark {
  uint32_t line;
  uint32_t begin; // byte offset within line
  uint32_t end;   // byte offset within line (exclusive)
  bool primary;
  std::string text;
};

void render_snippet(std::string& out, const base::SourceFile& file, std::vector<Mark> marks, const Style& st,
                    Severity severity, size_t gutter) {
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.line != b.line ? a.line < b.line : a.begin < b.begin;
  });
  std::string pad(gutter, ' ');
  out += fmt::format("{}{} |{}\n", st.blue(), pad, st.reset());
  uint32_t last_line = 0;
  for (size_t i = 0; i < marks.size();) {
    uint32_t line = marks[i].line;
    if (last_line && line > last_line + 1) out += fmt::format("{}{}...{}\n", st.blue(), pad.substr(0, gutter > 2 ? gutter - 2 : 0), st.reset());
    std::vector<uint32_t> widths;
    std::string text = printable_line(file.line_text(line), &widths);
    out += fmt::format("{}{:>{}} |{} {}\n", st.blue(), line, gutter, st.reset(), text);
    for (; i < marks.size() && marks[i].line == line; ++i) {
      const Mark& m = marks[i];
      uint32_t from = widths[std::min<size_t>(m.begin, widths.size() - 1)];
      uint32_t to = widths[std::min<size_t>(m.end, widths.size() - 1)];
      uint32_t count = to > from ? to - from : 1;
      std::string_view color = m.primary ? st.severity(severity) : st.blue();
      out += fmt::format("{}{} |{} {}{}{}{}{}{}\n", st.blue(), pad, st.reset(), std::string(from, ' '), color,
                         std::string(count, m.primary ? '^' : '-'), m.text.empty() ? "" : " ", m.text, st.reset());
    }
    last_line = line;
  }
}

Mark make_mark(const base::SourceFile& file, base::Span span, bool primary, std::string text) {
  base::LineCol lc = file.line_col(span.begin);
  uint32_t line_begin = file.line_start(lc.line);
  uint32_t line_len = static_cast<uint32_t>(file.line_text(lc.line).size());
  uint32_t begin = std::min(span.begin - line_begin, line_len);
  uint32_t end = span.end > line_begin ? std::min(span.end - line_begin, line_len) : begin;
  if (end < begin) end = begin;
  if (end == begin && begin < line_len) end = begin + 1; // point at one character
  return {lc.line, begin, end, primary, std::move(text)};
}

} // namespace

std::string TextRenderer::render(const base::SourceMap& sources, const Diagnostic& d, bool color) {
  Style st{color};
  std::string out;
  out += fmt::format("{}{}[{}]{}{}: {}{}\n", st.severity(d.severity), severity_name(d.severity), kind_code(d.kind),
                     st.reset(), st.bold(), d.message, st.reset());
  // Group the primary location and the labels by file, primary file first.
  std::map<uint32_t, std::vector<Mark>> by_file;
  std::vector<uint32_t> order;
  auto add = [&](base::Loc loc, bool primary, const std::string& text) {
    if (!loc.valid() || loc.file.index >= sources.size()) return;
    const base::SourceFile& file = sources.get(loc.file);
    if (!by_file.count(loc.file.index)) order.push_back(loc.file.index);
    by_file[loc.file.index].push_back(make_mark(file, loc.span, primary, text));
  };
  add(d.loc, true, d.primary_label);
  for (const Label& l : d.labels) add(l.loc, false, l.message);
  uint32_t max_line = 1;
  for (auto& [f, marks] : by_file)
    for (auto& m : marks) max_line = std::max(max_line, m.line);
  size_t gutter = std::to_string(max_line).size();
  std::string pad(gutter, ' ');
  bool first = true;
  for (uint32_t f : order) {
    const base::SourceFile& file = sources.get(base::FileId(f));
    const Mark& head = by_file[f].front();
    base::LineCol lc{head.line, file.line_col(file.line_start(head.line) + head.begin).column};
    out += fmt::format("{}{}{}{} {}:{}:{}\n", pad, st.blue(), first ? "-->" : ":::", st.reset(), file.path(), lc.line,
                       lc.column);
    render_snippet(out, file, by_file[f], st, d.severity, gutter);
    first = false;
  }
  for (const std::string& n : d.notes) out += fmt::format("{}{} ={} {}note{}: {}\n", pad, st.blue(), st.reset(), st.bold(), st.reset(), n);
  for (const std::string& h : d.helps) out += fmt::format("{}{} ={} {}help{}: {}\n", pad, st.blue(), st.reset(), st.bold(), st.reset(), h);
  return out;
}

void TextRenderer::consume(const Diagnostic& d) {
  std::string text = render(sources_, d, color_);
  text += "\n";
  std::fwrite(text.data(), 1, text.size(), out_);
}

} // namespace cairn::diag
