#include "storage/producer_snapshot.h"

#include <limits>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/crc.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

constexpr std::size_t kEntriesPosition = 2 + 4;  // after version and crc
constexpr std::size_t kEntryBytes = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

Status corrupt(std::string why) { return Status(StorageError::CorruptSnapshot, std::move(why)); }

}  // namespace

int32_t firstSequence(const ProducerSnapshotEntry& e) {
  return e.lastSequence < e.offsetDelta ? std::numeric_limits<int32_t>::max() - (e.offsetDelta - e.lastSequence) + 1
                                        : e.lastSequence - e.offsetDelta;
}

std::string encodeProducerSnapshot(const std::vector<ProducerSnapshotEntry>& entries) {
  Writer w(kEntriesPosition + 4 + entries.size() * kEntryBytes);
  w.writeInt16(kProducerSnapshotVersion);
  w.writeUint32(0);  // the CRC, filled in below
  w.writeInt32(static_cast<int32_t>(entries.size()));
  for (const ProducerSnapshotEntry& e : entries) {
    w.writeInt64(e.producerId);
    w.writeInt16(e.epoch);
    w.writeInt32(e.lastSequence);
    w.writeInt64(e.lastOffset);
    w.writeInt32(e.offsetDelta);
    w.writeInt64(e.timestamp);
    w.writeInt32(e.coordinatorEpoch);
    w.writeInt64(e.currentTxnFirstOffset);
  }
  std::vector<uint8_t> bytes = w.take();
  const uint32_t crc = crc32c(std::span<const uint8_t>(bytes).subspan(kEntriesPosition));
  storeBigEndian<uint32_t>(bytes.data() + 2, crc);
  return std::string(bytes.begin(), bytes.end());
}

Result<std::vector<ProducerSnapshotEntry>> decodeProducerSnapshot(std::span<const uint8_t> bytes) {
  using Out = std::vector<ProducerSnapshotEntry>;
  Reader r(bytes);
  auto version = r.readInt16();
  auto crc = r.readUint32();
  if (!version || !crc) return Result<Out>(corrupt(fmt::format("{} bytes: too short for a header", bytes.size())));
  if (*version != kProducerSnapshotVersion) {
    return Result<Out>(corrupt(fmt::format("unknown snapshot version {}", *version)));
  }
  const uint32_t computed = crc32c(bytes.subspan(kEntriesPosition));
  if (computed != *crc) {
    return Result<Out>(corrupt(fmt::format("CRC mismatch: stored {:#010x}, computed {:#010x}", *crc, computed)));
  }
  auto count = r.readInt32();
  if (!count || *count < 0 || static_cast<uint64_t>(*count) * kEntryBytes > r.remaining()) {
    return Result<Out>(corrupt(fmt::format("entry count {} does not fit the {} bytes left",
                                           count ? *count : -1, r.remaining())));
  }
  Out out(static_cast<std::size_t>(*count));
  for (ProducerSnapshotEntry& e : out) {
    // The count was checked against the bytes left: these reads cannot run out.
    e.producerId = r.readInt64().valueOr(-1);
    e.epoch = r.readInt16().valueOr(-1);
    e.lastSequence = r.readInt32().valueOr(-1);
    e.lastOffset = r.readInt64().valueOr(-1);
    e.offsetDelta = r.readInt32().valueOr(0);
    e.timestamp = r.readInt64().valueOr(-1);
    e.coordinatorEpoch = r.readInt32().valueOr(-1);
    e.currentTxnFirstOffset = r.readInt64().valueOr(-1);
  }
  return out;
}

}  // namespace pier::storage
