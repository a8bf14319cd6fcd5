// format::format: parse, lay out, and prove the layout kept the program (see format.h).
#include "compiler/format/format.h"

#include "compiler/ast/ast.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/parse.h"

namespace cairn::format {

namespace {

// The AST dump without its ` @line:col-line:col` positions.
std::string shape(const ast::File& tree, const base::SourceFile& src) {
  std::string dump = ast::dump(tree, src), out;
  out.reserve(dump.size());
  size_t start = 0;
  while (start < dump.size()) {
    size_t nl = dump.find('\n', start);
    if (nl == std::string::npos) nl = dump.size();
    std::string_view line(dump.data() + start, nl - start);
    size_t at = line.rfind(" @");
    out.append(line.substr(0, at == std::string_view::npos ? line.size() : at));
    out += '\n';
    start = nl + 1;
  }
  return out;
}

// The comments' texts without trailing whitespace, one per line.
std::string comments(std::string_view text) {
  parse::TokenArray tokens = parse::lex(text);
  std::string out;
  for (const auto& c : tokens.comments()) {
    uint32_t e = c.end;
    while (e > c.begin && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
    out.append(text.substr(c.begin, e - c.begin));
    out += '\n';
  }
  return out;
}

} // namespace

std::optional<std::string> format(const base::SourceMap& sources, base::FileId file,
                                  base::Names& names, diag::Diagnostics& diags,
                                  const Options& options) {
  const base::SourceFile& src = sources.get(file);
  uint32_t before = diags.error_count();
  ast::File tree = parse::parse(sources, file, names, diags);
  if (diags.error_count() != before || tree.has_error()) return std::nullopt;
  std::string out = layout(src.text(), options);

  // The proof: the output parses to the same tree and keeps every comment.
  base::SourceMap check_sources;
  base::FileId check_file = check_sources.add(src.path(), out);
  diag::CollectingConsumer sink;
  diag::Diagnostics check_diags(&sink);
  ast::File again = parse::parse(check_sources, check_file, names, check_diags);
  const char* what = nullptr;
  if (check_diags.has_errors() || again.has_error())
    what = "the formatted text does not parse";
  else if (shape(tree, src) != shape(again, check_sources.get(check_file)))
    what = "the formatted text parses to a different tree";
  else if (comments(src.text()) != comments(out))
    what = "the formatted text lost or changed a comment";
  if (what) {
    diags.error(diag::DiagKind::FormatChangedProgram, base::Loc{file, {0, 0}},
                std::string("cannot format this file: ") + what)
        .note("this is a bug in `cairn fmt`; the file was left as it is");
    return std::nullopt;
  }
  return out;
}

} // namespace cairn::format
