#pragma once
// Errors raised by the record-batch layer (protocol/records/): batch framing, checksums,
// compression and record validation. Kept apart from ProtocolError (the message codecs) so
// that the broker can map each to its own Kafka error code (CORRUPT_MESSAGE,
// INVALID_RECORD, UNSUPPORTED_COMPRESSION_TYPE, ...) in broker/error_mapping.

#include <string_view>

#include "base/status.h"

namespace pier::protocol {

enum class RecordError {
  PartialBatch,             // the blob ends inside a batch (normal at the end of a fetch)
  CorruptBatch,             // impossible lengths, counts or fields in a batch or message
  CrcMismatch,              // stored checksum differs from the computed one
  UnsupportedMagic,         // a magic byte other than 0, 1 or 2 (or the wrong one for the call)
  UnsupportedCompression,   // compression type 5-7, or zstd in a legacy message set
  DecompressionFailed,      // the compressed payload is not valid for its codec
  DecompressedTooLarge,     // decompression would exceed the configured maximum
  InvalidRecord,            // record-level rule broken (offset deltas, counts, timestamps)
  CompressionFailed,        // the compressor library reported an error
  InvalidTimestamp,         // a record timestamp outside what the topic accepts (INVALID_TIMESTAMP)
};

std::string_view describe(RecordError e);

}  // namespace pier::protocol

PIER_ERROR_DOMAIN(pier::protocol::RecordError, "protocol.records");
