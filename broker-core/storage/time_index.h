#pragma once
// TimeIndex: a segment's sparse map from timestamp to offset (Kafka's TimeIndex). Entries are
// 12 bytes, big-endian: timestamp int64, relative offset int32. Timestamps strictly increase
// from entry to entry (an entry is only added for a new maximum), offsets never decrease.
// lookup(t) returns the last entry with timestamp <= t; a reader then scans from that offset for
// the first record with timestamp >= t.
//
// One slot stays free while the segment is active (isFull() one entry early, as in Kafka) so the
// final maximum can always be recorded when the segment rolls.
//
// Owned by one LogSegment; not thread-safe.

#include <cstdint>
#include <memory>
#include <string>

#include "base/ids.h"
#include "base/result.h"
#include "storage/index_file.h"

namespace pier::storage {

inline constexpr std::size_t kTimeIndexEntryBytes = 12;
inline constexpr int64_t kNoTimestamp = -1;

struct TimestampOffset {
  int64_t timestamp = kNoTimestamp;
  Offset offset{0};
  friend bool operator==(const TimestampOffset&, const TimestampOffset&) = default;
};

class TimeIndex {
 public:
  static Result<std::unique_ptr<TimeIndex>> open(FileCache& cache, const std::string& path, Offset baseOffset,
                                                 uint64_t sizeBytesMax);

  Offset baseOffset() const { return m_baseOffset; }
  std::size_t entryCount() const { return m_file->entryCount(); }
  bool isFull() const { return m_file->entryCount() + 1 >= m_file->entryCountMax(); }
  TimestampOffset entryAt(std::size_t i) const;
  // The last entry, or {kNoTimestamp, baseOffset} when empty.
  TimestampOffset lastEntry() const;
  // The last entry with timestamp <= target; {kNoTimestamp, baseOffset} when there is none.
  TimestampOffset lookup(int64_t target) const;

  // Adds {timestamp, offset} when timestamp exceeds the last entry's. InvalidOffset when offset
  // is below the last entry's or does not fit relative to the base. `lastSlot` allows the slot
  // kept free for the roll.
  Status maybeAppend(int64_t timestamp, Offset offset, bool lastSlot = false);
  // Drops entries with offset >= `offset`.
  Status truncateTo(Offset offset);
  Status reset() { return m_file->truncateToEntries(0); }
  // Loads the entries first.
  Status sanityCheck();
  Status load() { return m_file->load(); }

  IndexFile& file() { return *m_file; }

 private:
  TimeIndex(std::unique_ptr<IndexFile> file, Offset baseOffset) : m_file(std::move(file)), m_baseOffset(baseOffset) {}

  std::unique_ptr<IndexFile> m_file;
  Offset m_baseOffset;
};

}  // namespace pier::storage
