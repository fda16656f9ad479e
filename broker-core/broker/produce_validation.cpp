#include "broker/produce_validation.h"

#include <fmt/format.h>

#include <algorithm>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"
#include "storage/storage_error.h"

namespace pier::broker {

namespace records = protocol::records;

namespace {

records::BatchLimits limitsFor(const storage::LogConfig& config) {
  const std::size_t batchMax = static_cast<std::size_t>(config.maxMessageBytes) + records::kLogOverheadBytes;
  // Decompression is bounded well above any real batch but far below memory exhaustion.
  return records::BatchLimits{.batchBytesMax = batchMax,
                              .decompressedBytesMax = std::max<std::size_t>(batchMax * 64, 64u << 20)};
}

int levelFor(const storage::LogConfig& config, records::Compression codec) {
  switch (codec) {
    case records::Compression::Gzip: return config.compressionGzipLevel;  // -1: zlib's default
    case records::Compression::Lz4: return config.compressionLz4Level;
    case records::Compression::Zstd: return config.compressionZstdLevel;
    default: return 0;
  }
}

// Kafka refuses an oversized batch before it validates anything (UnifiedLog's
// analyzeAndValidateRecords): no CRC or record walk over bytes the log will not take.
Status checkBatchSizes(std::span<const uint8_t> blob, std::size_t batchMax, int32_t maxMessageBytes) {
  records::BatchIterator it(blob);
  for (auto entry = it.next(); entry && *entry; entry = it.next()) {
    if ((*entry)->bytes.size() > batchMax) {
      return Status(storage::StorageError::RecordTooLarge,
                    fmt::format("batch of {} bytes exceeds max.message.bytes={}", (*entry)->bytes.size(),
                                maxMessageBytes));
    }
  }
  return Status::ok();  // framing errors are the validation's to report
}

}  // namespace

Result<records::ValidatedBatches> validateProducedRecords(std::span<uint8_t> blob, const storage::LogConfig& config,
                                                          int64_t nowMs) {
  const records::BatchLimits limits = limitsFor(config);
  PIER_RETURN_IF_ERROR(checkBatchSizes(blob, limits.batchBytesMax, config.maxMessageBytes));
  const records::ProduceRules rules{config.cleanupCompact, nowMs, config.messageTimestampBeforeMaxMs,
                                    config.messageTimestampAfterMaxMs, config.messageTimestampType};
  return records::validateProducedBatches(blob, limits, rules);
}

Result<std::optional<std::vector<uint8_t>>> recompressForTopic(const records::ValidatedBatches& batches,
                                                               const storage::LogConfig& config) {
  if (!config.compressionType) return std::optional<std::vector<uint8_t>>();
  const records::Compression target = *config.compressionType;
  const auto& headers = batches.headers();
  const bool allMatch = std::all_of(headers.begin(), headers.end(), [&](const records::BatchHeader& h) {
    return h.compressionBits() == static_cast<int>(target);
  });
  if (allMatch) return std::optional<std::vector<uint8_t>>();
  std::vector<uint8_t> out;
  std::span<const uint8_t> rest = batches.bytes();
  for (const records::BatchHeader& header : batches.headers()) {
    const std::span<const uint8_t> bytes = rest.first(header.sizeBytes());
    rest = rest.subspan(header.sizeBytes());
    if (header.compressionBits() == static_cast<int>(target)) {
      out.insert(out.end(), bytes.begin(), bytes.end());
      continue;
    }
    PIER_ASSIGN_OR_RETURN(records::RecordBatch batch, records::decodeBatch(bytes, limitsFor(config)));
    records::EncodeOptions options;
    options.compression = target;
    options.compressOptions.level = levelFor(config, target);
    PIER_ASSIGN_OR_RETURN(std::vector<uint8_t> rebuilt, records::encodeBatch(batch.header, batch.records, options));
    out.insert(out.end(), rebuilt.begin(), rebuilt.end());
  }
  return std::optional<std::vector<uint8_t>>(std::move(out));
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
