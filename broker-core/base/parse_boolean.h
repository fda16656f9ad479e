#pragma once
// parseBoolean("TRUE") -> true: "true" or "false" in any letter case, the whole text (no
// spaces); std::nullopt otherwise. The syntax of Java's Boolean config values, as Kafka's and
// ZooKeeper's config parsers take them (callers trim first where their parser trims). Pure;
// thread-safe.

#include <cctype>
#include <optional>
#include <string_view>

namespace pier {

inline std::optional<bool> parseBoolean(std::string_view text) {
  const auto is = [text](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
  };
  if (is("true")) return true;
  if (is("false")) return false;
  return std::nullopt;
}

}  // namespace pier
