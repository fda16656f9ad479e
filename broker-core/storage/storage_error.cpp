#include "storage/storage_error.h"

namespace pier::storage {

std::string_view describe(StorageError e) {
  switch (e) {
    case StorageError::CorruptCheckpoint: return "CorruptCheckpoint";
    case StorageError::CorruptIndex: return "CorruptIndex";
    case StorageError::CorruptLog: return "CorruptLog";
    case StorageError::InvalidOffset: return "InvalidOffset";
    case StorageError::OffsetOutOfRange: return "OffsetOutOfRange";
    case StorageError::RecordTooLarge: return "RecordTooLarge";
    case StorageError::InvalidName: return "InvalidName";
    case StorageError::LogDirOffline: return "LogDirOffline";
    case StorageError::InvalidConfig: return "InvalidConfig";
    case StorageError::LegacyFormat: return "LegacyFormat";
    case StorageError::CorruptSnapshot: return "CorruptSnapshot";
  }
  return "Unknown";
}

}  // namespace pier::storage
