// Name interning; see names.h.
#include "compiler/base/names.h"

namespace cairn::base {

NameId Names::intern(std::string_view text) {
  auto [it, inserted] = map_.try_emplace(llvm::StringRef(text.data(), text.size()), 0u);
  if (inserted) {
    it->second = static_cast<uint32_t>(texts_.size());
    texts_.emplace_back(it->first().data(), it->first().size());
  }
  return NameId(it->second);
}

NameId Names::find(std::string_view text) const {
  auto it = map_.find(llvm::StringRef(text.data(), text.size()));
  return it == map_.end() ? NameId() : NameId(it->second);
}

} // namespace cairn::base
