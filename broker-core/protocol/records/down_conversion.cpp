#include "protocol/records/down_conversion.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "base/byte_writer.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

constexpr int8_t kAttrLogAppendTime = 0x08;  // legacy attributes bit 3 (magic 1)
constexpr int32_t kOverflowEntrySize = 61;   // DefaultRecordBatch.RECORD_BATCH_OVERHEAD

// One source batch in legacy terms: the records to write and how to write them.
struct Group {
  Compression codec = Compression::None;
  std::optional<int64_t> logAppendTimeMs;  // set under LogAppendTime
  std::vector<LegacyMessage> messages;     // absolute offsets, in order
};

Result<std::optional<Group>> groupOfBatch(std::span<const uint8_t> bytes, const DownConversion& o) {
  PIER_ASSIGN_OR_RETURN(BatchHeader h, decodeBatchHeader(bytes));
  if (h.isControl()) return std::optional<Group>();
  if (h.compressionBits() == static_cast<int>(Compression::Zstd)) {
    return Status(RecordError::UnsupportedCompression,
                  fmt::format("batch at offset {}: down-conversion of zstandard-compressed batches is not supported",
                              h.baseOffset.value()));
  }
  PIER_ASSIGN_OR_RETURN(RecordBatch batch, decodeBatch(bytes, o.limits));
  Group g;
  g.codec = static_cast<Compression>(h.compressionBits());
  if (h.timestampType() == TimestampType::LogAppendTime) g.logAppendTimeMs = h.maxTimestamp;
  for (Record& r : batch.records) {
    const int64_t offset = h.baseOffset.value() + r.offsetDelta;
    // Uncompressed legacy messages stand alone, so records before the fetch offset can go
    // (librdkafka relies on it); a wrapper is kept whole and the client skips them.
    if (g.codec == Compression::None && offset < o.fetchOffset.value()) continue;
    LegacyMessage m;
    m.offset = offset;
    m.timestamp = h.baseTimestamp + r.timestampDelta;
    m.key = std::move(r.key);
    m.value = std::move(r.value);
    g.messages.push_back(std::move(m));
  }
  if (g.messages.empty()) return std::optional<Group>();
  return std::optional<Group>(std::move(g));
}

// A magic 1 entry of an old log, for a magic 0 client.
Result<std::optional<Group>> groupOfLegacy(std::span<const uint8_t> bytes, const DownConversion& o) {
  PIER_ASSIGN_OR_RETURN(LegacyMessageSet set, decodeMessageSet(bytes, o.limits));
  if (set.messages.empty()) return std::optional<Group>();
  Group g;
  g.codec = set.messages.front().wrapperCompression;
  g.messages = std::move(set.messages);
  return std::optional<Group>(std::move(g));
}

// The group as whole legacy entries of `magic`.
Result<std::vector<std::vector<uint8_t>>> encodeGroup(Group& g, int8_t magic) {
  const int8_t attributes = (magic == 1 && g.logAppendTimeMs) ? kAttrLogAppendTime : 0;
  const int64_t baseOffset = g.messages.front().offset;
  int64_t maxTimestamp = kNoTimestamp;
  for (LegacyMessage& m : g.messages) {
    m.magic = magic;
    m.timestamp = magic == 0 ? kNoTimestamp : g.logAppendTimeMs.value_or(m.timestamp);
    maxTimestamp = std::max(maxTimestamp, m.timestamp);
  }
  std::vector<std::vector<uint8_t>> entries;
  if (g.codec == Compression::None) {
    for (const LegacyMessage& m : g.messages) entries.push_back(encodeLegacyMessage(m, attributes));
    return entries;
  }
  const int64_t lastOffset = g.messages.back().offset;
  Writer inner;
  for (LegacyMessage& m : g.messages) {
    if (magic == 1) m.offset -= baseOffset;  // relative to the first record
    inner.writeRaw(encodeLegacyMessage(m, attributes));
  }
  CompressOptions options;
  options.snappyFraming = SnappyFraming::Xerial;  // what Kafka's Java writer puts in a wrapper
  options.lz4HeaderChecksum = magic == 0 ? Lz4HeaderChecksum::Kafka08 : Lz4HeaderChecksum::Correct;
  LegacyMessage wrapper;
  wrapper.offset = lastOffset;
  wrapper.magic = magic;
  wrapper.timestamp = magic == 0 ? kNoTimestamp : g.logAppendTimeMs.value_or(maxTimestamp);
  PIER_ASSIGN_OR_RETURN(wrapper.value, compress(g.codec, inner.bytes(), options));
  entries.push_back(encodeLegacyMessage(wrapper, static_cast<int8_t>(attributes | static_cast<int>(g.codec))));
  return entries;
}

// The entries one stored entry becomes: itself when it is already old enough, none for a
// control batch.
Result<std::vector<std::vector<uint8_t>>> convertEntry(const BatchEntry& entry, const DownConversion& o) {
  if (entry.magic <= o.toMagic) return std::vector<std::vector<uint8_t>>{{entry.bytes.begin(), entry.bytes.end()}};
  std::optional<Group> group;
  if (entry.magic == kMagicV2) {
    PIER_ASSIGN_OR_RETURN(group, groupOfBatch(entry.bytes, o));
  } else if (entry.magic == 1) {
    PIER_ASSIGN_OR_RETURN(group, groupOfLegacy(entry.bytes, o));
  } else {
    return Status(RecordError::UnsupportedMagic, fmt::format("entry at offset {}: magic {}", entry.baseOffset, entry.magic));
  }
  if (!group) return std::vector<std::vector<uint8_t>>{};
  return encodeGroup(*group, o.toMagic);
}

std::vector<uint8_t> overflowEntry() {
  Writer w;
  w.writeInt64(-1);
  w.writeInt32(kOverflowEntrySize);
  return w.take();
}

}  // namespace

int8_t magicForFetchVersion(int16_t version) {
  if (version <= 1) return 0;
  if (version <= 3) return 1;
  return kMagicV2;
}

Result<std::vector<uint8_t>> downConvert(std::span<const uint8_t> stored, const DownConversion& options) {
  std::vector<uint8_t> out;
  std::optional<std::size_t> outMax;  // known once the first chunk is converted
  std::size_t chunkSourceBytes = 0;
  BatchIterator it(stored);
  for (;;) {
    auto entry = it.next();
    if (!entry && !entry.status().is(RecordError::PartialBatch) && out.empty()) return entry.status();
    if (!entry || !*entry) break;  // the end, or a batch cut at the fetch's byte limit
    const std::size_t entryBytes = (*entry)->bytes.size();
    if (!outMax && chunkSourceBytes > 0 && chunkSourceBytes + entryBytes > options.firstChunkBytes) {
      // The first chunk ends here; a chunk that converted to nothing does not count.
      if (!out.empty()) outMax = std::max(stored.size(), out.size());
      chunkSourceBytes = 0;
    }
    chunkSourceBytes += entryBytes;
    auto converted = convertEntry(**entry, options);
    if (!converted) {
      if (out.empty()) return converted.status();
      break;
    }
    bool full = false;
    for (const auto& message : *converted) {
      if (outMax && out.size() + message.size() > *outMax) {
        full = true;
        break;
      }
      out.insert(out.end(), message.begin(), message.end());
    }
    if (full) break;
  }
  if (out.empty() && !stored.empty()) return overflowEntry();
  return out;
}

}  // namespace pier::protocol::records
