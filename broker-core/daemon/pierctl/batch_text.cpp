#include "daemon/pierctl/batch_text.h"

#include <algorithm>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "base/byte_reader.h"
#include "protocol/records/compression.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

// Kafka's DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0.
int32_t incrementSequence(int32_t sequence, int32_t increment) {
  if (sequence > std::numeric_limits<int32_t>::max() - increment) {
    return increment - (std::numeric_limits<int32_t>::max() - sequence) - 1;
  }
  return sequence + increment;
}

int32_t sequenceAt(const records::BatchHeader& header, int32_t offsetDelta) {
  return header.baseSequence == -1 ? -1 : incrementSequence(header.baseSequence, offsetDelta);
}

std::string deleteHorizonText(const records::BatchHeader& header) {
  // With the delete-horizon bit, Kafka's batch reports its base timestamp as the horizon.
  if (header.hasDeleteHorizon()) return fmt::format("OptionalLong[{}]", header.baseTimestamp);
  return "OptionalLong.empty";
}

std::string_view compressionText(const records::BatchHeader& header) {
  auto codec = records::compressionFromBits(header.compressionBits());
  return codec ? records::compressionName(*codec) : std::string_view("unknown");
}

// Kafka's ControlRecordType ids.
std::string_view controlTypeName(int16_t typeId) {
  switch (typeId) {
    case 0: return "ABORT";
    case 1: return "COMMIT";
    case 2: return "LEADER_CHANGE";
    case 3: return "SNAPSHOT_HEADER";
    case 4: return "SNAPSHOT_FOOTER";
    case 5: return "KRAFT_VERSION";
    case 6: return "KRAFT_VOTERS";
    default: return "UNKNOWN";
  }
}

// " endTxnMarker: COMMIT coordinatorEpoch: 3" for transaction markers, else
// " controlType: NAME(id)".
std::string controlText(const records::Record& record) {
  int16_t typeId = -1;
  if (record.key) {
    Reader key(*record.key);
    auto version = key.readInt16();
    auto type = key.readInt16();
    if (version && type && *version >= 0) typeId = *type;
  }
  if ((typeId == 0 || typeId == 1) && record.value) {
    Reader value(*record.value);
    auto version = value.readInt16();
    auto coordinatorEpoch = value.readInt32();
    if (version && coordinatorEpoch) {
      return fmt::format(" endTxnMarker: {} coordinatorEpoch: {}", controlTypeName(typeId), *coordinatorEpoch);
    }
  }
  return fmt::format(" controlType: {}({})", controlTypeName(typeId), typeId);
}

// How many bytes of the UTF-8 sequence starting with `lead` there must be (0: not a lead
// byte), and the range its second byte must fall in (RFC 3629: no overlongs, no surrogates).
struct Utf8Lead {
  std::size_t length = 0;
  uint8_t secondMin = 0x80;
  uint8_t secondMax = 0xBF;
};

Utf8Lead utf8Lead(uint8_t lead) {
  if (lead < 0x80) return {1};
  if (lead >= 0xC2 && lead <= 0xDF) return {2};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {3};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {};
}

}  // namespace

std::string_view timestampTypeName(const records::BatchHeader& header) {
  return header.timestampType() == records::TimestampType::LogAppendTime ? "LogAppendTime" : "CreateTime";
}

std::string batchLine(const records::BatchHeader& header, uint64_t position, bool crcValid) {
  return fmt::format(
      "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {} producerId: {} producerEpoch: {} "
      "partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {} position: {} {}: {} size: {} "
      "magic: {} compresscodec: {} crc: {} isvalid: {}",
      header.baseOffset.value(), header.lastOffset().value(), header.recordCount, header.baseSequence,
      sequenceAt(header, header.lastOffsetDelta), header.producerId.value(), header.producerEpoch.value(),
      header.partitionLeaderEpoch.value(), header.isTransactional(), header.isControl(), deleteHorizonText(header),
      position, timestampTypeName(header), header.maxTimestamp, header.sizeBytes(), header.magic,
      compressionText(header), header.crc, crcValid);
}

int64_t recordOffset(const records::BatchHeader& header, const records::Record& record) {
  return header.baseOffset.value() + record.offsetDelta;
}

int64_t recordTimestamp(const records::BatchHeader& header, const records::Record& record) {
  if (header.timestampType() == records::TimestampType::LogAppendTime) return header.maxTimestamp;
  return header.baseTimestamp + record.timestampDelta;
}

std::string recordMetadataText(const records::BatchHeader& header, const records::Record& record) {
  std::string headerKeys;
  for (const auto& h : record.headers) {
    if (!headerKeys.empty()) headerKeys += ',';
    headerKeys += utf8Text({reinterpret_cast<const uint8_t*>(h.key.data()), h.key.size()});
  }
  const auto size = [](const auto& bytes) { return bytes ? static_cast<int64_t>(bytes->size()) : int64_t{-1}; };
  std::string text = fmt::format("| offset: {} {}: {} keySize: {} valueSize: {} sequence: {} headerKeys: [{}]",
                                 recordOffset(header, record), timestampTypeName(header),
                                 recordTimestamp(header, record), size(record.key), size(record.value),
                                 sequenceAt(header, record.offsetDelta), headerKeys);
  if (header.isControl()) text += controlText(record);
  return text;
}

Result<records::RecordBatch> decodeForDump(std::span<const uint8_t> batch, bool crcValid) {
  records::BatchLimits limits;
  limits.batchBytesMax = batch.size();
  if (crcValid) return records::decodeBatch(batch, limits);
  std::vector<uint8_t> fixed(batch.begin(), batch.end());
  const uint32_t crc = records::computeBatchCrc(fixed);
  storeBigEndian<uint32_t>(fixed.data() + records::kCrcOffset, crc);
  return records::decodeBatch(fixed, limits);
}

std::string utf8Text(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const Utf8Lead lead = utf8Lead(bytes[i]);
    std::size_t good = lead.length == 0 ? 0 : 1;  // bytes of a valid prefix so far
    while (good > 0 && good < lead.length && i + good < bytes.size()) {
      const uint8_t b = bytes[i + good];
      if (b < (good == 1 ? lead.secondMin : 0x80) || b > (good == 1 ? lead.secondMax : 0xBF)) break;
      ++good;
    }
    if (lead.length > 0 && good == lead.length) {
      out.append(reinterpret_cast<const char*>(bytes.data() + i), good);
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD for the maximal invalid prefix, as Java replaces it
    }
    i += std::max<std::size_t>(good, 1);
  }
  return out;
}

}  // namespace pier::pierctl
