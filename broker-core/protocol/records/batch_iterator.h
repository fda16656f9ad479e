#pragma once
// BatchIterator: walks the entries of a `records` blob (a Produce request's or a Fetch
// response's records field, or a log segment) without decoding them.
//
// Every message format starts an entry with offset int64, size int32, and keeps the magic byte
// at entry offset 16, so one walker serves v2 batches and legacy messages alike: each step
// yields the entry's bytes (size + 12) and its magic.
//
// A blob may legitimately end inside an entry (a fetch response cut at fetch.max.bytes); that
// is PartialBatch, distinct from CorruptBatch (a negative or impossibly small size). After any
// error the iterator stays at the failed entry. Requires: the blob outlives the iterator and the
// spans it hands out. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"

namespace pier::protocol::records {

struct BatchEntry {
  std::span<const uint8_t> bytes;  // the whole entry, log overhead included
  int8_t magic = 0;
  int64_t baseOffset = 0;
};

class BatchIterator {
 public:
  explicit BatchIterator(std::span<const uint8_t> blob) : m_blob(blob) {}

  // The next entry, std::nullopt at a clean end, PartialBatch or CorruptBatch otherwise.
  Result<std::optional<BatchEntry>> next();

  std::size_t position() const { return m_pos; }
  std::span<const uint8_t> remaining() const { return m_blob.subspan(m_pos); }

 private:
  std::span<const uint8_t> m_blob;
  std::size_t m_pos = 0;
};

}  // namespace pier::protocol::records
