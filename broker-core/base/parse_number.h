#pragma once
// parseDecimal<T>("42") -> 42: the whole text as a base-10 integer of type T (a leading '-' for
// signed types); std::nullopt when it is empty, has any other character, or overflows T.
// For config values, file names and checkpoint lines. Pure; thread-safe.

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>

namespace pier {

template <std::integral T>
std::optional<T> parseDecimal(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace pier
