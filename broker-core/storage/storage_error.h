#pragma once
// Errors raised by the partition log (broker-core/storage): what a broker maps to
// KAFKA_STORAGE_ERROR, OFFSET_OUT_OF_RANGE, CORRUPT_MESSAGE and friends in broker/error_mapping.
// Messages name the file and the offset or line involved.

#include <string_view>

#include "base/status.h"

namespace pier::storage {

enum class StorageError {
  CorruptCheckpoint,    // a checkpoint / properties file that does not parse
  CorruptIndex,         // an index file that fails its sanity check (rebuilt on load)
  CorruptLog,           // a segment holds bytes that are not valid batches
  InvalidOffset,        // an append whose offsets do not follow the log end offset
  OffsetOutOfRange,     // a read or truncation outside [log start offset, log end offset]
  RecordTooLarge,       // a batch larger than the segment or message size allows
  InvalidName,          // a file or directory name that is not a segment / topic-partition
  LogDirOffline,        // the log directory failed an I/O operation and is no longer used
  InvalidConfig,        // a log setting out of range (names the key and the value)
  LegacyFormat,         // a segment holding magic 0/1 messages, which this version cannot rewrite safely
  CorruptSnapshot,      // a producer snapshot with an unknown version, a bad CRC or a bad layout
};

std::string_view describe(StorageError e);

}  // namespace pier::storage

PIER_ERROR_DOMAIN(pier::storage::StorageError, "storage");
