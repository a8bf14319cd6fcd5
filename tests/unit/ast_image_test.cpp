// Trees saved at build time (compiler/parse/ast_image.h): every file of the standard
// library has an image, and the tree read from it is the tree parsing builds, also when
// the reader's name table already holds other names (the image's names are re-interned).
#include "compiler/ast/ast.h"
#include "compiler/parse/ast_image.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/program.h"
#include "stdlib/stdlib.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace cairn;

namespace {

std::string dump_of(std::string_view text, bool use_images, bool busy_names) {
  base::SourceMap sources;
  base::Names names;
  if (busy_names)
    for (int i = 0; i < 500; ++i) names.intern("unrelated_" + std::to_string(i));
  auto file = sources.add("std.conf", std::string(text));
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  parse::ParseOptions options;
  options.use_images = use_images;
  ast::File tree = parse::parse(sources, file, names, diags, nullptr, options);
  REQUIRE(sink.diagnostics.empty());
  return ast::dump(tree, sources.get(file));
}

} // namespace

TEST_CASE("every standard library file has an image that gives the parsed tree") {
  stdlib::register_files();
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CAIRN_SOURCE_DIR) + "/stdlib")) {
    if (entry.path().extension() != ".conf") continue;
    std::string path = "std/" + entry.path().filename().string();
    INFO(path);
    std::optional<resolve::EmbeddedFile> f = resolve::find_embedded(path);
    REQUIRE(f);
    ++files;
    REQUIRE(parse::find_image(f->text));
    std::string parsed = dump_of(f->text, false, false);
    CHECK(dump_of(f->text, true, false) == parsed);
    CHECK(dump_of(f->text, true, true) == parsed);
  }
  CHECK(files >= 9);
}

TEST_CASE("an edited text is parsed, not taken from the image") {
  stdlib::register_files();
  std::optional<resolve::EmbeddedFile> f = resolve::find_embedded("std/function.conf");
  REQUIRE(f);
  std::string edited = std::string(f->text) + "\n";
  CHECK_FALSE(parse::find_image(edited));
}

TEST_CASE("a truncated or altered image is refused") {
  base::SourceMap sources;
  base::Names names;
  std::string text = "{ a = fun x => x + 1, b | doc \"b\" = 'Tag, c = let { p, .. } = { p = 1 } in p }";
  auto file = sources.add("small.conf", text);
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  parse::ParseOptions options;
  options.use_images = false;
  ast::File tree = parse::parse(sources, file, names, diags, nullptr, options);
  std::string image = parse::write_image(tree, names, text);
  base::Names other;
  auto read = parse::read_image(image, file, other);
  REQUIRE(read);
  CHECK(ast::dump(*read, sources.get(file)) == ast::dump(tree, sources.get(file)));
  for (size_t cut : {size_t(0), size_t(7), image.size() / 2, image.size() - 1})
    CHECK_FALSE(parse::read_image(std::string_view(image).substr(0, cut), file, other));
  std::string bad = image;
  bad[0] = 'X';
  CHECK_FALSE(parse::read_image(bad, file, other));
}
