#pragma once
// meta.properties: the identity file at the top of every log directory, a Java properties file
// as Kafka writes it in ZooKeeper mode (docs/FORMAT-log.md):
//
//   #
//   #Tue Dec 01 20:57:22 UTC 2026
//   broker.id=0
//   cluster.id=Q2x1c3RlcklkLTAwMDAwMA
//   version=0
//
// A broker refuses a log directory whose broker.id differs from its own (the data belongs to
// another broker). Stateless functions; thread-safe when the FileSystem is.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::storage {

inline constexpr std::string_view kMetaProperties = "meta.properties";

struct MetaProperties {
  int version = 0;
  NodeId brokerId{-1};
  std::string clusterId;  // empty until the cluster id is known
  friend bool operator==(const MetaProperties&, const MetaProperties&) = default;
};

// Java properties text -> key/value pairs (comments, blank lines, '=' or ':' separators,
// surrounding spaces and backslash escapes handled as java.util.Properties does for the
// characters Kafka writes).
std::map<std::string, std::string> parseJavaProperties(std::string_view text);

// std::nullopt when <dir>/meta.properties does not exist; CorruptCheckpoint naming the key when
// version or broker.id is missing or not a number.
Result<std::optional<MetaProperties>> readMetaProperties(FileSystem& fs, const std::string& dir);
// The date comment is written from `nowMs` (UTC), as Java's Properties.store does.
Status writeMetaProperties(FileSystem& fs, const std::string& dir, const MetaProperties& meta, int64_t nowMs);

// "Tue Dec 01 20:57:22 UTC 2026": java.util.Date.toString() of an epoch-ms time, in UTC.
std::string javaDateString(int64_t epochMs);

}  // namespace pier::storage
