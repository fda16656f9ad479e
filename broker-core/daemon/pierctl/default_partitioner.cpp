#include "daemon/pierctl/default_partitioner.h"

#include "base/assert.h"

namespace pier::pierctl {

// Unsigned arithmetic throughout: Java's int multiplication wraps the same way, and >>> is a
// logical shift.
int32_t murmur2(std::span<const uint8_t> data) {
  constexpr uint32_t kSeed = 0x9747b28c;
  constexpr uint32_t kM = 0x5bd1e995;
  constexpr int kR = 24;
  const std::size_t length = data.size();
  uint32_t h = kSeed ^ static_cast<uint32_t>(length);
  for (std::size_t i = 0; i + 4 <= length; i += 4) {
    uint32_t k = uint32_t(data[i]) | (uint32_t(data[i + 1]) << 8) | (uint32_t(data[i + 2]) << 16) |
                 (uint32_t(data[i + 3]) << 24);
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }
  const std::size_t tail = length & ~std::size_t(3);
  switch (length % 4) {
    case 3:
      h ^= uint32_t(data[tail + 2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= uint32_t(data[tail + 1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= uint32_t(data[tail]);
      h *= kM;
      break;
    default:
      break;
  }
  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

PartitionIndex partitionForKey(std::span<const uint8_t> key, int32_t partitionCount) {
  PIER_ASSERT(partitionCount > 0, "a topic has partitions");
  const int32_t positive = murmur2(key) & 0x7fffffff;
  return PartitionIndex(positive % partitionCount);
}

StickyPartitioner::StickyPartitioner(int32_t partitionCount, int32_t first, int64_t batchSizeBytes)
    : m_partitionCount(partitionCount), m_current(first), m_batchSizeBytes(batchSizeBytes) {
  PIER_ASSERT(partitionCount > 0 && first >= 0 && first < partitionCount,
              "sticky partition within the topic");
}

PartitionIndex StickyPartitioner::partitionFor(int64_t recordBytes) {
  const PartitionIndex chosen(m_current);
  m_producedBytes += recordBytes;
  if (m_producedBytes >= m_batchSizeBytes) {
    m_current = (m_current + 1) % m_partitionCount;
    m_producedBytes = 0;
  }
  return chosen;
}

}  // namespace pier::pierctl
