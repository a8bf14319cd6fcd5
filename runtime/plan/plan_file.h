// Plan files (`cairn plan -o PLAN`): recognising them, sealing them with a checksum, and
// reading them back with located diagnostics.
//
// A plan file is the plan's JSON (plan_json.cpp) whose last member is the `cairn` section,
// and whose `cairn` section starts with `plan_format` (the format version, kPlanFileFormat)
// and ends with `checksum`: "sha256:<hex>" of every byte of the file before the hex digits.
// So any change to an action, a type, an input, the order of the actions or the Terraform
// part makes the checksum wrong, and `cairn apply` refuses the file before anything runs:
//
//   E0613 the JSON is malformed, or a member of the `cairn` section is
//   E0650 the file is meant as a plan but has no `cairn` section (`{}`, a Terraform plan,
//         `cairn = 5`), or a JSON document given to apply is neither a plan nor a spec
//   E0651 the format version is missing, or not the one this cairn reads
//   E0652 the checksum is missing or does not match (a damaged or hand-edited plan)
//   E0653 the actions' `waits_for` make a cycle
//
// Every diagnostic points into the file (the plan file is added to the SourceMap).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"
#include "runtime/plan/plan.h"
#include "runtime/resource/json.h"

namespace cairn::plan {

inline constexpr int kPlanFileFormat = 2;
// What render_json writes as the checksum; seal_plan_text replaces the zeros.
inline constexpr std::string_view kChecksumPlaceholder =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

// Replaces the placeholder checksum at the end of a rendered plan with the real one.
void seal_plan_text(std::string& text);

// How `cairn apply` should take a file.
enum class ApplyInputKind : uint8_t {
  Spec,    // a spec (in the language or JSON)
  Plan,    // meant as a plan file: read with read_plan_file (which may refuse it)
  Neither, // a JSON document with neither a `cairn` section nor `resources`: refused
};
ApplyInputKind classify_apply_input(const std::string& path, std::string_view text);

// Reads a plan file; nullopt after reporting located diagnostics.
std::optional<Plan> read_plan_file(const base::SourceMap& sources, base::FileId file,
                                   diag::Diagnostics& diags);

// The resources of a plan file, read while its JSON is parsed (parse_plan_text), so the
// tree never holds them all: a plan of large files is held about twice, as text and as
// plan, not also as a JSON tree.
struct PreReadChanges {
  std::vector<ResourceChange> changes;
  std::vector<uint32_t> waves;
  std::vector<std::vector<std::string>> waits;
  bool failed = false; // the first malformed resource: why, and where in the document
  std::string why;
  std::vector<std::string> where;
};
// Parses a plan file's JSON as resource::parse_json_text does, reading each member of
// `cairn.resources` into `pre` and leaving it out of the tree.
std::optional<resource::Json> parse_plan_text(std::string_view text, std::string* why, size_t* error_offset,
                                              PreReadChanges* pre);

// The plan held by a parsed plan document (plan_json.cpp), without the checks above; on
// failure `*why` and the path in the document of what is wrong. `pre`: the resources when
// the document came from parse_plan_text. May throw Json::exception on members of the
// wrong type (read_plan_file catches it).
std::optional<Plan> read_plan_document(const resource::Json& doc, std::string* why,
                                       std::vector<std::string>* where, PreReadChanges* pre = nullptr);

// Byte spans in a JSON text found by scanning, without building a tree. `path` holds object
// keys and, for arrays, decimal indices. For a scalar the span covers the value; for an
// object or array member, its key (an array element: its first byte). Nullopt when the
// path is not in the text.
std::optional<base::Span> json_locate(std::string_view text, const std::vector<std::string>& path);
// The keys of the top-level object of a JSON text, in order; nullopt when the text is not
// an object (the scan stops at the first malformed member).
std::optional<std::vector<std::string>> json_top_keys(std::string_view text);

} // namespace cairn::plan
