#include "broker/produce_validation.h"

#include <algorithm>

#include <fmt/format.h>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_error.h"
#include "protocol/records/record_view.h"

namespace pier::broker {

namespace records = protocol::records;

Status validateProducedRecords(std::span<const uint8_t> blob, const storage::LogConfig& config, int64_t nowMs) {
  const std::size_t batchMax = static_cast<std::size_t>(config.maxMessageBytes) + records::kLogOverheadBytes;
  // Decompression is bounded well above any real batch but far below memory exhaustion.
  const records::BatchLimits limits{.batchBytesMax = batchMax,
                                    .decompressedBytesMax = std::max<std::size_t>(batchMax * 64, 64u << 20)};
  records::BatchIterator it(blob);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto entry, it.next());
    if (!entry) return Status::ok();
    if (entry->magic != records::kMagicV2) continue;  // up-converted before this point
    if (entry->bytes.size() > batchMax) continue;     // the log refuses it as too large
    const records::ProduceRules rules{config.cleanupCompact, nowMs, config.messageTimestampBeforeMaxMs,
                                      config.messageTimestampAfterMaxMs, config.messageTimestampType};
    PIER_RETURN_IF_ERROR(records::validateProducedBatch(entry->bytes, limits, rules));
  }
}

Status validateProduceRequestRecords(int16_t version, std::span<const uint8_t> blob) {
  using protocol::RecordError;
  if (version < 3) return Status::ok();
  records::BatchIterator it(blob);
  auto first = it.next();
  if (!first || !*first) {
    return Status(RecordError::InvalidRecord,
                  fmt::format("Produce requests with version {} must have at least one record batch per partition",
                              version));
  }
  if ((*first)->magic != records::kMagicV2) {
    return Status(RecordError::InvalidRecord,
                  fmt::format("Produce requests with version {} are only allowed to contain record batches with "
                              "magic version 2", version));
  }
  auto header = records::decodeBatchHeader((*first)->bytes);
  if (version < 7 && header && header->compressionBits() == static_cast<int>(records::Compression::Zstd)) {
    return Status(RecordError::UnsupportedCompression,
                  fmt::format("Produce requests with version {} are not allowed to use ZStandard compression", version));
  }
  auto second = it.next();
  if (!second || *second) {
    return Status(RecordError::InvalidRecord,
                  fmt::format("Produce requests with version {} are only allowed to contain exactly one record batch "
                              "per partition", version));
  }
  return Status::ok();
}

}  // namespace pier::broker
