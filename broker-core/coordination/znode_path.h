#pragma once
// Znode paths as ZooKeeper checks and splits them (PathUtils.validatePath, DataTree's
// lastIndexOf('/') split). The root is "/" to clients and "" inside the tree and snapshots.
// Stateless; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace pier::coordination {

// std::nullopt when `path` is valid; otherwise PathUtils' reason ("Path must start with /
// character", "relative paths not allowed @3", ...). Works on Java's UTF-16 units, so any
// character outside the BMP is "invalid character", as in ZooKeeper.
std::optional<std::string> pathProblem(std::string_view path);

// "/a/b" -> "/a"; "/a" -> "" (the root's key). Requires: path contains '/'.
std::string_view parentKey(std::string_view path);
// "/a/b" -> "b".
std::string_view lastName(std::string_view path);
// The tree key of a client path: "/" -> "", others unchanged.
std::string_view treeKey(std::string_view path);
// A tree key as clients see it: "" -> "/".
std::string clientPath(std::string_view key);

}  // namespace pier::coordination
