// Interned names: identifiers, field names and enum tags.
//
// Every distinct string gets one `NameId`, stable for the life of the `Names` table, so
// names compare as integers and records can be keyed by id. The table is shared by all
// phases of one compilation (parser, checker, evaluator); the text of a name never moves.
#pragma once

#include <string_view>
#include <vector>

#include <llvm/ADT/StringMap.h>

#include "compiler/base/ids.h"

namespace cairn::base {

struct NameTag;
using NameId = Id<NameTag>;

class Names {
public:
  NameId intern(std::string_view text);
  // The id of an already interned name, or none.
  NameId find(std::string_view text) const;
  std::string_view text(NameId id) const { return texts_[id.index]; }
  uint32_t size() const { return static_cast<uint32_t>(texts_.size()); }

private:
  llvm::StringMap<uint32_t> map_;
  std::vector<std::string_view> texts_;
};

} // namespace cairn::base
