#pragma once
// The names Kafka gives the files and folders of a log directory (docs/FORMAT-log.md):
//
//   <topic>-<partition>/                 a partition's folder
//   <20-digit base offset>.log           a segment's batches
//   <20-digit base offset>.index         its offset index
//   <20-digit base offset>.timeindex     its time index
//   <20-digit offset>.snapshot           producer state up to that offset (producer_snapshot.h)
//   <name>.deleted / .cleaned / .swap    a segment file being deleted / compacted / swapped in
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"
#include "model/topic_partition.h"

namespace pier::storage {

inline constexpr std::string_view kLogSuffix = ".log";
inline constexpr std::string_view kIndexSuffix = ".index";
inline constexpr std::string_view kTimeIndexSuffix = ".timeindex";
inline constexpr std::string_view kProducerSnapshotSuffix = ".snapshot";
inline constexpr std::string_view kDeletedSuffix = ".deleted";
inline constexpr std::string_view kCleanedSuffix = ".cleaned";
inline constexpr std::string_view kSwapSuffix = ".swap";

// "00000000000000000042" for 42. Requires: offset >= 0.
std::string offsetFileStem(Offset baseOffset);
// "<stem><suffix>", e.g. segmentFileName(Offset(42), kIndexSuffix).
std::string segmentFileName(Offset baseOffset, std::string_view suffix);

// A segment file name taken apart: base offset, kind (".log", ".index", ".timeindex", or a
// producer snapshot's ".snapshot") and an optional trailing state suffix (".deleted",
// ".cleaned", ".swap").
struct SegmentFileName {
  Offset baseOffset{0};
  std::string_view kind;
  std::string_view state;  // empty for a live file
};
// std::nullopt for names that are not segment files (checkpoints, partition.metadata, ...).
std::optional<SegmentFileName> parseSegmentFileName(std::string_view name);

// "orders-3".
std::string partitionDirName(const TopicPartition& tp);
// "orders-3" -> {orders, 3}; a topic may itself contain '-'. InvalidName for anything else,
// including the "-delete" and "-future" folders, which the caller recognises first.
Result<TopicPartition> parsePartitionDirName(std::string_view name);

}  // namespace pier::storage
