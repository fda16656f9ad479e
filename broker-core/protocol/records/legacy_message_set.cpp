#include "protocol/records/legacy_message_set.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/crc.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

constexpr int8_t kAttrTimestampType = 0x08;

struct Parsed {
  LegacyMessage message;
  int compressionBits = 0;
};

Status corrupt(int64_t offset, std::string_view what) {
  return Status(RecordError::CorruptBatch, fmt::format("message at offset {}: {}", offset, what));
}

Status invalid(int64_t offset, std::string_view what) {
  return Status(RecordError::InvalidRecord, fmt::format("message at offset {}: {}", offset, what));
}

Result<std::optional<std::vector<uint8_t>>> readBytes(Reader& r, int64_t offset, std::string_view field) {
  auto bytes = r.readNullableBytes();
  if (!bytes) return corrupt(offset, fmt::format("{}: {}", field, bytes.status().toString()));
  if (!*bytes) return std::optional<std::vector<uint8_t>>();
  return std::optional<std::vector<uint8_t>>(std::vector<uint8_t>((*bytes)->begin(), (*bytes)->end()));
}

// One message entry (log overhead included), CRC-checked. Does not look inside wrappers.
Result<Parsed> parseMessage(std::span<const uint8_t> entry) {
  Reader r(entry);
  Parsed p;
  p.message.offset = r.readInt64().valueOr(0);
  (void)r.skip(4);  // size: BatchIterator checked it against the entry
  uint32_t stored = r.readUint32().valueOr(0);
  p.message.magic = r.readInt8().valueOr(0);
  if (p.message.magic > 1 || p.message.magic < 0) {
    return Status(RecordError::UnsupportedMagic, fmt::format("message magic {}", p.message.magic));
  }
  uint32_t actual = crc32(entry.subspan(kMagicOffset));
  if (stored != actual) {
    return Status(RecordError::CrcMismatch,
                  fmt::format("message at offset {}: expected crc32 0x{:08x} (stored), actual 0x{:08x}",
                              p.message.offset, stored, actual));
  }
  auto attributes = r.readInt8();
  if (!attributes) return corrupt(p.message.offset, "truncated attributes");
  p.compressionBits = *attributes & attr::kCompressionMask;
  if (p.message.magic == 1) {
    auto timestamp = r.readInt64();
    if (!timestamp) return corrupt(p.message.offset, "truncated timestamp");
    p.message.timestamp = *timestamp;
    if (*attributes & kAttrTimestampType) p.message.timestampType = TimestampType::LogAppendTime;
  }
  PIER_ASSIGN_OR_RETURN(p.message.key, readBytes(r, p.message.offset, "key"));
  PIER_ASSIGN_OR_RETURN(p.message.value, readBytes(r, p.message.offset, "value"));
  if (!r.atEnd()) return corrupt(p.message.offset, fmt::format("{} trailing bytes", r.remaining()));
  return p;
}

Result<std::vector<uint8_t>> inflateWrapper(const Parsed& wrapper, const BatchLimits& limits) {
  if (wrapper.compressionBits > 3) {
    return Status(RecordError::UnsupportedCompression,
                  fmt::format("compression type {} in a magic {} message", wrapper.compressionBits, wrapper.message.magic));
  }
  if (!wrapper.message.value) return corrupt(wrapper.message.offset, "compressed wrapper with a null value");
  DecompressOptions options;
  options.decompressedBytesMax = limits.decompressedBytesMax;
  if (wrapper.message.magic == 0) options.lz4HeaderChecksum = Lz4HeaderChecksum::Kafka08;
  auto codec = static_cast<Compression>(wrapper.compressionBits);
  return decompress(codec, *wrapper.message.value, options);
}

// Flattens a wrapper's inner messages into `out`, resolving magic 1 relative offsets.
Status appendInner(const Parsed& wrapper, const BatchLimits& limits, std::vector<LegacyMessage>& out) {
  PIER_ASSIGN_OR_RETURN(auto inner, inflateWrapper(wrapper, limits));
  std::vector<LegacyMessage> messages;
  BatchIterator it(inner);
  for (;;) {
    auto entry = it.next();
    if (!entry) return entry.status().withContext(fmt::format("wrapper at offset {}", wrapper.message.offset));
    if (!*entry) break;
    PIER_ASSIGN_OR_RETURN(Parsed p, parseMessage((*entry)->bytes));
    // Kafka's LogValidator refuses both as INVALID_RECORD.
    if (p.compressionBits != 0) {
      return invalid(wrapper.message.offset, "Compressed outer record should not have an inner record with a "
                                             "compression attribute set");
    }
    if (p.message.magic != wrapper.message.magic) {
      return invalid(wrapper.message.offset, fmt::format("Log record magic {} does not match outer magic {}",
                                                         p.message.magic, wrapper.message.magic));
    }
    p.message.wrapperCompression = static_cast<Compression>(wrapper.compressionBits);
    if (wrapper.message.timestampType == TimestampType::LogAppendTime) {
      p.message.timestamp = wrapper.message.timestamp;
      p.message.timestampType = TimestampType::LogAppendTime;
    }
    messages.push_back(std::move(p.message));
  }
  if (messages.empty()) return corrupt(wrapper.message.offset, "compressed wrapper with no messages");
  // Magic 1 inner offsets are relative; the wrapper carries the absolute offset of the last one.
  // A producer does not know offsets yet and sends wrapper offset 0, which makes the shift
  // negative: then, as in Kafka's own reader, the inner offsets stand as written.
  if (wrapper.message.magic == 1) {
    int64_t shift = wrapper.message.offset - messages.back().offset;
    if (shift >= 0) {
      for (auto& m : messages) m.offset += shift;
    }
  }
  for (auto& m : messages) out.push_back(std::move(m));
  return Status::ok();
}

}  // namespace

Result<LegacyMessageSet> decodeMessageSet(std::span<const uint8_t> blob, const BatchLimits& limits) {
  LegacyMessageSet set;
  BatchIterator it(blob);
  for (;;) {
    auto entry = it.next();
    if (!entry && entry.status().is(RecordError::PartialBatch)) {
      set.partialTailBytes = it.remaining().size();
      break;
    }
    if (!entry) return entry.status();
    if (!*entry) break;
    PIER_ASSIGN_OR_RETURN(Parsed p, parseMessage((*entry)->bytes));
    if (p.compressionBits == 0) {
      set.messages.push_back(std::move(p.message));
    } else {
      PIER_RETURN_IF_ERROR(appendInner(p, limits, set.messages));
    }
  }
  return set;
}

Result<std::vector<uint8_t>> upConvertMessageSet(std::span<const uint8_t> blob, const BatchLimits& limits) {
  PIER_ASSIGN_OR_RETURN(LegacyMessageSet set, decodeMessageSet(blob, limits));
  if (set.partialTailBytes != 0) {
    return Status(RecordError::CorruptBatch, fmt::format("{} bytes of an incomplete message", set.partialTailBytes));
  }
  if (set.messages.empty()) return Status(RecordError::CorruptBatch, "empty message set");
  const LegacyMessage& first = set.messages.front();
  std::vector<Record> records;
  records.reserve(set.messages.size());
  for (auto& m : set.messages) {
    Record rec;
    rec.offsetDelta = static_cast<int32_t>(records.size());
    rec.timestampDelta = m.timestamp - first.timestamp;
    rec.key = std::move(m.key);
    rec.value = std::move(m.value);
    records.push_back(std::move(rec));
  }
  BatchHeader header = headerForRecords(Offset(first.offset), first.timestamp, records);
  if (first.timestampType == TimestampType::LogAppendTime) header.attributes |= attr::kTimestampType;
  EncodeOptions options;
  // compression.type=producer: Kafka keeps the codec of the last compressed entry it saw.
  for (const auto& m : set.messages) {
    if (m.wrapperCompression != Compression::None) options.compression = m.wrapperCompression;
  }
  return encodeBatch(header, records, options);
}

std::vector<uint8_t> encodeLegacyMessage(const LegacyMessage& message, int8_t attributes) {
  Writer w;
  w.writeInt64(message.offset);
  std::size_t sizeAt = w.reserve(4);
  std::size_t crcAt = w.reserve(4);
  w.writeInt8(message.magic);
  w.writeInt8(attributes);
  if (message.magic >= 1) w.writeInt64(message.timestamp);
  auto asSpan = [](const std::optional<std::vector<uint8_t>>& b) {
    return b ? std::optional<std::span<const uint8_t>>(*b) : std::nullopt;
  };
  w.writeNullableBytes(asSpan(message.key));
  w.writeNullableBytes(asSpan(message.value));
  w.patchInt32(sizeAt, static_cast<int32_t>(w.size() - kLogOverheadBytes));
  w.patchUint32(crcAt, crc32(w.bytes().subspan(kMagicOffset)));
  return w.take();
}

}  // namespace pier::protocol::records
