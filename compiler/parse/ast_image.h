// Parsed trees saved at build time: the standard library is parsed when cairn is built,
// not each time a program reads `std`.
//
//   std::string image = parse::write_image(file, names);       // at build time
//   parse::register_image(image);                               // at start-up
//   parse::parse(...)  // a source whose text has an image gets it instead of parsing
//
// An image is the tree's flat arrays (ast::File keeps nodes, children and string literals
// in vectors, with ids, not pointers) plus the names it uses, and the length and hash of
// the source text it came from. Reading one re-interns the names in the reader's table
// and rewrites the payloads that are names; everything else is copied. `parse` uses an
// image only for a text with no syntax error, identical to the one it was made from
// (length and 64-bit hash), so the tree is the one parsing would build (ctest
// unit checks that for every file of stdlib/).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/base/names.h"

namespace cairn::parse {

// The image of `file`, whose names are in `names`; `text` is the source it was parsed from.
std::string write_image(const ast::File& file, const base::Names& names, std::string_view text);
// The tree of an image, for source `file`, its names interned in `names`; nullopt when
// the image is malformed.
std::optional<ast::File> read_image(std::string_view image, base::FileId file, base::Names& names);

// Registers an image (the bytes must outlive the process), found by its source's text.
void register_image(std::string_view image);
// The image registered for this source text, if any.
std::optional<std::string_view> find_image(std::string_view text);

} // namespace cairn::parse
