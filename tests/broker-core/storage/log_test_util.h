#pragma once
// Helpers shared by the storage tests: batches built with the protocol encoder, small configs.

#include <QtTest>

#include <string>
#include <vector>

#include "protocol/records/record_batch.h"
#include "storage/log_config.h"

namespace pier::storage::testing {

// A v2 batch of `count` records with `valueBytes`-byte values "k<i>"/"v<i>...", timestamps
// baseTimestamp + i. Its base offset is 0: a leader append assigns the real one.
inline std::vector<uint8_t> makeBatch(int count, int64_t baseTimestamp, std::size_t valueBytes = 16,
                                      protocol::records::Compression codec = protocol::records::Compression::None,
                                      Offset baseOffset = Offset(0)) {
  namespace records = protocol::records;
  std::vector<records::Record> rs;
  for (int i = 0; i < count; ++i) {
    records::Record r;
    r.timestampDelta = i;
    r.offsetDelta = i;
    std::string key = "k" + std::to_string(i);
    std::string value(valueBytes, static_cast<char>('a' + i % 26));
    r.key = std::vector<uint8_t>(key.begin(), key.end());
    r.value = std::vector<uint8_t>(value.begin(), value.end());
    rs.push_back(std::move(r));
  }
  auto header = records::headerForRecords(baseOffset, baseTimestamp, rs);
  auto bytes = records::encodeBatch(header, rs, {codec, {}});
  if (!bytes) qFatal("encodeBatch: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

// Small segments and indexes so tests roll and fill indexes quickly.
inline LogConfig smallConfig() {
  LogConfig c;
  c.segmentBytes = 4096;
  c.segmentIndexBytes = 8 * 64;
  c.indexIntervalBytes = 256;
  return c;
}

inline std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace pier::storage::testing
