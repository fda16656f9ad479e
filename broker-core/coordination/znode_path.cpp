#include "coordination/znode_path.h"

#include <algorithm>
#include <vector>

#include "base/java_string.h"

namespace pier::coordination {

namespace {

bool invalidUnit(uint16_t c) {
  return (c > 0x0000 && c <= 0x001f) || (c >= 0x007f && c <= 0x009f) || (c >= 0xd800 && c <= 0xf8ff) ||
         c >= 0xfff0;
}

uint16_t unitAt(const std::vector<uint16_t>& units, std::size_t i) { return units[i]; }
uint16_t unitAt(std::string_view ascii, std::size_t i) { return static_cast<unsigned char>(ascii[i]); }

// `chars`: the path's UTF-16 units, or its bytes when they are all ASCII (the same units).
template <typename Units>
std::optional<std::string> unitProblem(const Units& chars, std::size_t i) {
  const uint16_t c = unitAt(chars, i);
  const uint16_t last = unitAt(chars, i - 1);
  const bool nameEndsHere = i + 1 == chars.size() || unitAt(chars, i + 1) == '/';
  const auto problem = [i](const char* what) { return what + std::string(" @") + std::to_string(i); };
  if (c == 0) return problem("null character not allowed");
  if (c == '/' && last == '/') return problem("empty node name specified");
  if (c == '.' && last == '.') {
    if (unitAt(chars, i - 2) == '/' && nameEndsHere) return problem("relative paths not allowed");
    return std::nullopt;
  }
  if (c == '.') {
    if (last == '/' && nameEndsHere) return problem("relative paths not allowed");
    return std::nullopt;
  }
  if (invalidUnit(c)) return problem("invalid character");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> pathProblem(std::string_view path) {
  if (path.empty()) return std::string("Path length must be > 0");
  if (path.front() != '/') return std::string("Path must start with / character");
  if (path.size() == 1) return std::nullopt;
  if (path.back() == '/') return std::string("Path must not end with / character");
  const auto check = [path](const auto& chars) -> std::optional<std::string> {
    for (std::size_t i = 1; i < chars.size(); ++i) {
      if (auto problem = unitProblem(chars, i)) return "Invalid path string \"" + std::string(path) + "\" caused by " + *problem;
    }
    return std::nullopt;
  };
  // Every write checks its path: ASCII ones (nearly all) without decoding them first.
  if (std::all_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return check(path);
  return check(javaUtf16Units(path));
}

std::string_view parentKey(std::string_view path) { return path.substr(0, path.rfind('/')); }

std::string_view lastName(std::string_view path) { return path.substr(path.rfind('/') + 1); }

std::string_view treeKey(std::string_view path) { return path == "/" ? std::string_view() : path; }

std::string clientPath(std::string_view key) { return key.empty() ? std::string("/") : std::string(key); }

}  // namespace pier::coordination
