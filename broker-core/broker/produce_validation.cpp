#include "broker/produce_validation.h"

#include <algorithm>

#include "protocol/records/batch_iterator.h"
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
                                      config.messageTimestampAfterMaxMs};
    PIER_RETURN_IF_ERROR(records::validateProducedBatch(entry->bytes, limits, rules));
  }
}

}  // namespace pier::broker
