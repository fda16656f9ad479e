#pragma once
// partition.metadata: the topic id of a partition folder, exactly as Kafka writes it (no
// trailing newline):
//
//   version: 0
//   topic_id: <22-character URL-safe base64 UUID, no padding>
//
// A broker compares it with the topic id in the cluster metadata so a recreated topic with the
// same name never adopts the old topic's data. Stateless functions.

#include <optional>
#include <string>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::storage {

inline constexpr std::string_view kPartitionMetadata = "partition.metadata";

// std::nullopt when the file does not exist; CorruptCheckpoint naming the line otherwise.
Result<std::optional<std::string>> readPartitionMetadata(FileSystem& fs, const std::string& partitionDir);
// InvalidConfig for a topic id that is not 22 URL-safe base64 characters.
Status writePartitionMetadata(FileSystem& fs, const std::string& partitionDir, const std::string& topicId);

}  // namespace pier::storage
