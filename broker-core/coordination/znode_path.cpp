#include "coordination/znode_path.h"

#include <vector>

#include "base/java_string.h"

namespace pier::coordination {

namespace {

bool invalidUnit(uint16_t c) {
  return (c > 0x0000 && c <= 0x001f) || (c >= 0x007f && c <= 0x009f) || (c >= 0xd800 && c <= 0xf8ff) ||
         c >= 0xfff0;
}

std::optional<std::string> unitProblem(const std::vector<uint16_t>& chars, std::size_t i) {
  const uint16_t c = chars[i];
  const uint16_t last = chars[i - 1];
  const bool nameEndsHere = i + 1 == chars.size() || chars[i + 1] == '/';
  const std::string at = " @" + std::to_string(i);
  if (c == 0) return "null character not allowed" + at;
  if (c == '/' && last == '/') return "empty node name specified" + at;
  if (c == '.' && last == '.') {
    if (chars[i - 2] == '/' && nameEndsHere) return "relative paths not allowed" + at;
    return std::nullopt;
  }
  if (c == '.') {
    if (last == '/' && nameEndsHere) return "relative paths not allowed" + at;
    return std::nullopt;
  }
  if (invalidUnit(c)) return "invalid character" + at;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> pathProblem(std::string_view path) {
  if (path.empty()) return std::string("Path length must be > 0");
  if (path.front() != '/') return std::string("Path must start with / character");
  if (path.size() == 1) return std::nullopt;
  if (path.back() == '/') return std::string("Path must not end with / character");
  const std::vector<uint16_t> chars = javaUtf16Units(path);
  for (std::size_t i = 1; i < chars.size(); ++i) {
    if (auto problem = unitProblem(chars, i)) return "Invalid path string \"" + std::string(path) + "\" caused by " + *problem;
  }
  return std::nullopt;
}

std::string_view parentKey(std::string_view path) { return path.substr(0, path.rfind('/')); }

std::string_view lastName(std::string_view path) { return path.substr(path.rfind('/') + 1); }

std::string_view treeKey(std::string_view path) { return path == "/" ? std::string_view() : path; }

std::string clientPath(std::string_view key) { return key.empty() ? std::string("/") : std::string(key); }

}  // namespace pier::coordination
