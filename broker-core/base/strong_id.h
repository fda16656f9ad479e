#pragma once
// StrongId<Tag, Rep>: a number that means one thing. An Offset cannot be passed where an Epoch
// is wanted, and neither converts silently from a plain integer. Construction is explicit,
// value() gets the number back. Comparable, hashable, usable as map keys.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace pier {

template <typename Tag, typename Rep>
class StrongId {
 public:
  using RepType = Rep;

  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : m_value(value) {}

  constexpr Rep value() const { return m_value; }

  friend constexpr auto operator<=>(StrongId, StrongId) = default;
  friend constexpr bool operator==(StrongId, StrongId) = default;

 private:
  Rep m_value{};
};

}  // namespace pier

template <typename Tag, typename Rep>
struct std::hash<pier::StrongId<Tag, Rep>> {
  std::size_t operator()(pier::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
