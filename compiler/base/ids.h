// Typed 32-bit ids into stores.
//
// An `Id<Tag>` is an index into one vector-like store; ids of different stores have
// different tags, so mixing them is a compile error. The index `kNone` means "absent":
// `Id<Tag>{}` is none, and `valid()` tells.
#pragma once

#include <cstdint>
#include <functional>

namespace cairn::base {

template <typename Tag> struct Id {
  static constexpr uint32_t kNone = 0xffffffffu;
  uint32_t index = kNone;

  constexpr Id() = default;
  constexpr explicit Id(uint32_t i) : index(i) {}
  constexpr bool valid() const { return index != kNone; }
  constexpr explicit operator bool() const { return valid(); }
  friend constexpr bool operator==(Id a, Id b) { return a.index == b.index; }
  friend constexpr bool operator!=(Id a, Id b) { return a.index != b.index; }
  friend constexpr bool operator<(Id a, Id b) { return a.index < b.index; }
};

} // namespace cairn::base

template <typename Tag> struct std::hash<cairn::base::Id<Tag>> {
  size_t operator()(cairn::base::Id<Tag> id) const noexcept { return std::hash<uint32_t>{}(id.index); }
};
