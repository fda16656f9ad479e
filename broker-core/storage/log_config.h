#pragma once
// LogConfig: the settings one partition log runs with, under Kafka's topic-level names (the
// broker-level log.* keys are their defaults). Defaults are Kafka 3.8's.
//
//   segment.bytes              log.segment.bytes               1 GiB
//   segment.index.bytes        log.index.size.max.bytes        10 MiB
//   index.interval.bytes       log.index.interval.bytes        4096
//   segment.ms                 log.roll.ms / log.roll.hours    7 days
//   segment.jitter.ms          log.roll.jitter.ms              0
//   flush.messages             log.flush.interval.messages     Long.MAX (rely on replication)
//   flush.ms                   log.flush.interval.ms           Long.MAX
//   max.message.bytes          message.max.bytes               1048588
//   message.timestamp.type     log.message.timestamp.type      CreateTime
//   retention.ms               log.retention.ms/minutes/hours  7 days (-1: keep forever)
//   retention.bytes            log.retention.bytes             -1 (no size limit)
//   cleanup.policy             log.cleanup.policy              delete (also: compact, both)
//   delete.retention.ms        log.cleaner.delete.retention.ms 1 day (tombstones in compacted logs)
//   min.cleanable.dirty.ratio  log.cleaner.min.cleanable.ratio 0.5
//   min.compaction.lag.ms      log.cleaner.min.compaction.lag.ms 0
//   message.timestamp.before.max.ms / after.max.ms (and the older difference.max.ms: both)
//                              log.message.timestamp.*         Long.MAX
//   compression.type           compression.type                producer (keep the producer's codec)
//   compression.gzip/lz4/zstd.level  (same names)              -1 / 9 / 3 (KIP-390)
//   min.insync.replicas        min.insync.replicas             1 (acks=all needs this many in sync)
//   max.compaction.lag.ms      log.cleaner.max.compaction.lag.ms  Long.MAX (dirt older than this is
//                              cleaned whatever the dirty ratio; the active segment rolls by then)
//   message.downconversion.enable  log.message.downconversion.enable  true (false: Fetch v0-3 refused)
//
// Kept, validated and described as Kafka does, without effect on a single node (no other
// replica, no tiered storage; files are deleted at once and blocks are reserved ahead anyway):
//   unclean.leader.election.enable, preallocate (log.preallocate), file.delete.delay.ms
//   (log.segment.delete.delay.ms), message.format.version, leader/follower.replication.
//   throttled.replicas, local.retention.ms/bytes (log.local.retention.*), remote.storage.enable
//   (only false: tiered storage is not built).
//
// flush.messages=1 makes every append durable before it is acknowledged: the setting a
// single-node user who cannot rely on replicas wants. A value type.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"

namespace pier::storage {

struct LogConfig {
  int32_t segmentBytes = 1 << 30;
  int32_t segmentIndexBytes = 10 << 20;
  int32_t indexIntervalBytes = 4096;
  int64_t segmentMs = 7LL * 24 * 60 * 60 * 1000;
  int64_t segmentJitterMs = 0;
  int64_t flushMessages = std::numeric_limits<int64_t>::max();
  int64_t flushMs = std::numeric_limits<int64_t>::max();
  int32_t maxMessageBytes = 1048588;
  protocol::records::TimestampType messageTimestampType = protocol::records::TimestampType::CreateTime;
  int64_t retentionMs = 7LL * 24 * 60 * 60 * 1000;
  int64_t retentionBytes = -1;
  bool cleanupDelete = true;   // cleanup.policy includes "delete"
  bool cleanupCompact = false;  // cleanup.policy includes "compact"
  int64_t deleteRetentionMs = 24LL * 60 * 60 * 1000;
  double minCleanableDirtyRatio = 0.5;
  int64_t minCompactionLagMs = 0;
  int64_t messageTimestampBeforeMaxMs = std::numeric_limits<int64_t>::max();
  int64_t messageTimestampAfterMaxMs = std::numeric_limits<int64_t>::max();
  std::optional<protocol::records::Compression> compressionType;  // nullopt: "producer"
  int32_t compressionGzipLevel = -1;  // -1 (zlib's default) or 1-9
  int32_t compressionLz4Level = 9;    // 1-17
  int32_t compressionZstdLevel = 3;   // -131072 to 22
  int32_t minInsyncReplicas = 1;
  // Without effect on a single node (above).
  bool uncleanLeaderElectionEnable = false;
  bool preallocate = false;
  int64_t fileDeleteDelayMs = 60000;
  int64_t maxCompactionLagMs = std::numeric_limits<int64_t>::max();
  bool messageDownconversionEnable = true;
  std::string messageFormatVersion = "3.0-IV1";
  std::string leaderReplicationThrottledReplicas;
  std::string followerReplicationThrottledReplicas;
  int64_t localRetentionMs = -2;
  int64_t localRetentionBytes = -2;
  bool remoteStorageEnable = false;

  // Sets one topic-level config by Kafka's topic name ("retention.ms", "cleanup.policy", ...).
  // InvalidConfig naming the key and the value for an unknown key or a value that does not
  // parse or is out of range (the whole config is validated afterwards).
  Status set(std::string_view key, std::string_view value);
  // How long the active segment may stay open: segment.ms, or max.compaction.lag.ms when that is
  // shorter on a compacted log, so records can become cleanable within the lag (Kafka's
  // LogConfig.maxSegmentMs).
  int64_t maxSegmentMs() const {
    return cleanupCompact && maxCompactionLagMs > 0 ? std::min(maxCompactionLagMs, segmentMs) : segmentMs;
  }
  // The topic-level keys set() knows, sorted.
  static const std::vector<std::string_view>& topicKeys();

  // Sets cleanupDelete / cleanupCompact from a cleanup.policy value ("delete", "compact",
  // "compact,delete" in any order). InvalidConfig naming the value otherwise.
  Status setCleanupPolicy(std::string_view policy);
  // compression.type's value: "producer", "uncompressed", "gzip", "snappy", "lz4" or "zstd".
  std::string compressionTypeName() const;

  // InvalidConfig naming the first key out of Kafka's range (segment.bytes >= 14,
  // segment.index.bytes >= 8, index.interval.bytes >= 0, segment.ms >= 1, ...).
  Status validate() const;
};

}  // namespace pier::storage
