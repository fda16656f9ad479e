#include "protocol/records/record_error.h"

namespace pier::protocol {

std::string_view describe(RecordError e) {
  switch (e) {
    case RecordError::PartialBatch: return "PartialBatch";
    case RecordError::CorruptBatch: return "CorruptBatch";
    case RecordError::CrcMismatch: return "CrcMismatch";
    case RecordError::UnsupportedMagic: return "UnsupportedMagic";
    case RecordError::UnsupportedCompression: return "UnsupportedCompression";
    case RecordError::DecompressionFailed: return "DecompressionFailed";
    case RecordError::DecompressedTooLarge: return "DecompressedTooLarge";
    case RecordError::InvalidRecord: return "InvalidRecord";
    case RecordError::CompressionFailed: return "CompressionFailed";
    case RecordError::InvalidTimestamp: return "InvalidTimestamp";
  }
  return "Unknown";
}

}  // namespace pier::protocol
