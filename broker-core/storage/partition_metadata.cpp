#include "storage/partition_metadata.h"

#include <fmt/format.h>

#include "protocol/kafka_wire.h"
#include "storage/atomic_file.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

bool isTopicId(std::string_view id) {
  auto uuid = protocol::kafka::Uuid::fromString(id);
  return uuid && *uuid != protocol::kafka::Uuid{};  // Kafka rejects the zero UUID
}

// "key: value" (Kafka splits on ':' followed by whitespace).
std::optional<std::string_view> valueOf(std::string_view line, std::string_view key) {
  if (line.substr(0, key.size()) != key || line.size() < key.size() + 2 || line[key.size()] != ':') return std::nullopt;
  std::string_view rest = line.substr(key.size() + 1);
  if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) return std::nullopt;
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  return rest;
}

}  // namespace

Result<std::optional<std::string>> readPartitionMetadata(FileSystem& fs, const std::string& partitionDir) {
  using Out = std::optional<std::string>;
  const std::string path = joinPath(partitionDir, std::string(kPartitionMetadata));
  PIER_ASSIGN_OR_RETURN(auto text, readSmallFile(fs, path, 4096));
  if (!text) return Out();
  std::string_view rest = *text;
  std::size_t nl = rest.find('\n');
  std::string_view first = rest.substr(0, nl);
  std::string_view second = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  while (!second.empty() && (second.back() == '\n' || second.back() == '\r')) second.remove_suffix(1);
  auto version = valueOf(first, "version");
  if (!version || *version != "0") {
    return Result<Out>(StorageError::CorruptCheckpoint, fmt::format("{}: line 1: expected 'version: 0', found '{}'", path, first));
  }
  auto id = valueOf(second, "topic_id");
  if (!id || !isTopicId(*id)) {
    return Result<Out>(StorageError::CorruptCheckpoint, fmt::format("{}: line 2: invalid topic id line '{}'", path, second));
  }
  return Out(std::string(*id));
}

Status writePartitionMetadata(FileSystem& fs, const std::string& partitionDir, const std::string& topicId) {
  if (!isTopicId(topicId)) {
    return Status(StorageError::InvalidConfig, fmt::format("topic id '{}' is not a 22-character base64 UUID", topicId));
  }
  return writeFileAtomically(fs, joinPath(partitionDir, std::string(kPartitionMetadata)),
                             fmt::format("version: 0\ntopic_id: {}", topicId));
}

}  // namespace pier::storage
