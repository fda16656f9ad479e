// The checks a leader runs on produced records: valid batches pass (every codec), broken offset
// deltas and record counts are INVALID_RECORD, a compacted topic refuses keyless records, a bad
// CRC is CORRUPT_MESSAGE; all through error_mapping's Kafka codes.

#include <QtTest>

#include "broker/error_mapping.h"
#include "broker/produce_validation.h"
#include "protocol/records/record_batch.h"
#include "storage/storage_error.h"

using namespace pier;
using namespace pier::broker;
namespace records = pier::protocol::records;

namespace {
std::vector<uint8_t> batch(std::vector<int32_t> deltas, bool keys, records::Compression codec = records::Compression::None) {
  std::vector<records::Record> rs;
  for (int32_t d : deltas) {
    records::Record r;
    r.offsetDelta = d;
    if (keys) r.key = std::vector<uint8_t>{'k'};
    r.value = std::vector<uint8_t>{'v'};
    rs.push_back(r);
  }
  return *records::encodeBatch(records::headerForRecords(Offset(0), 1000, rs), rs, {codec, {}});
}

Status validate(std::vector<uint8_t> bytes, const storage::LogConfig& config, int64_t nowMs) {
  return validateProducedRecords(bytes, config, nowMs).status();
}
}  // namespace

class TestProduceValidation : public QObject {
  Q_OBJECT

 private slots:
  void validBatchesPass() {
    storage::LogConfig config;
    for (auto codec : {records::Compression::None, records::Compression::Gzip, records::Compression::Snappy,
                       records::Compression::Lz4, records::Compression::Zstd}) {
      QVERIFY(validate(batch({0, 1, 2}, false, codec), config, 1000).isOk());
    }
  }

  void brokenOffsetDeltasAreInvalidRecord() {
    storage::LogConfig config;
    Status s = validate(batch({0, 2}, true), config, 1000);
    QCOMPARE(kafkaErrorCode(s), kafka_error::kInvalidRecord);
  }

  void compactedTopicNeedsKeys() {
    storage::LogConfig config;
    QVERIFY(config.setCleanupPolicy("compact").isOk());
    QCOMPARE(kafkaErrorCode(validate(batch({0, 1}, false), config, 1000)), kafka_error::kInvalidRecord);
    QVERIFY(validate(batch({0, 1}, true), config, 1000).isOk());
  }

  void timestampsOutsideTheTopicsWindowAreInvalidTimestamp() {
    storage::LogConfig config;
    QVERIFY(config.set("message.timestamp.before.max.ms", "500").isOk());
    QVERIFY(config.set("message.timestamp.after.max.ms", "100").isOk());
    const auto records = batch({0, 1}, true);  // timestamps 1000 and 1001
    QVERIFY(validate(records, config, 1200).isOk());
    Status tooOld = validate(records, config, 1600);
    QCOMPARE(kafkaErrorCode(tooOld), kafka_error::kInvalidTimestamp);
    QVERIFY(tooOld.message().find("should be within [1100, 1700]") != std::string::npos);
    QCOMPARE(kafkaErrorCode(validate(records, config, 800)), kafka_error::kInvalidTimestamp);
    QVERIFY(config.set("message.timestamp.difference.max.ms", "-1").is(storage::StorageError::InvalidConfig) ||
            !config.validate().isOk());
  }

  // Refused by size before anything is validated (its CRC is wrong too), as Kafka does.
  void batchOverMaxMessageBytesIsMessageTooLarge() {
    storage::LogConfig config;
    QVERIFY(config.set("max.message.bytes", "100").isOk());
    auto bytes = batch({0, 1, 2, 3, 4, 5, 6, 7}, true);
    QVERIFY(bytes.size() > 112);
    bytes.back() ^= 1;
    QCOMPARE(kafkaErrorCode(validate(bytes, config, 1000)), kafka_error::kMessageTooLarge);
  }

  // What the log gets: every batch's header, in order, over the caller's bytes.
  void validatedBatchesCarryTheirHeaders() {
    storage::LogConfig config;
    auto first = batch({0, 1, 2}, true);
    auto second = batch({0, 1}, false, records::Compression::Lz4);
    std::vector<uint8_t> both = first;
    both.insert(both.end(), second.begin(), second.end());
    auto validated = validateProducedRecords(both, config, 1000);
    QVERIFY(validated.isOk());
    QCOMPARE(validated->bytes().data(), both.data());
    QCOMPARE(validated->headers().size(), std::size_t{2});
    QCOMPARE(validated->headers()[0].recordCount, 3);
    QCOMPARE(validated->headers()[1].sizeBytes(), second.size());
  }

  void badCrcIsCorruptMessage() {
    storage::LogConfig config;
    auto bytes = batch({0}, true);
    bytes.back() ^= 1;
    QCOMPARE(kafkaErrorCode(validate(bytes, config, 1000)), kafka_error::kCorruptMessage);
  }
};

QTEST_APPLESS_MAIN(TestProduceValidation)
#include "tst_produce_validation.moc"
