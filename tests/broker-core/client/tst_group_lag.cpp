// Group lag's pure parts: the ConsumerProtocolAssignment decoder on bytes as Kafka's Java client
// and kafka-python write them (null and empty user data, versions 0-3, newer versions read as
// v3), on malformed bytes (an error value, never a crash) and on seeded random bytes; and
// computeLag's rows: committed-only, assigned-only and both, unknown log end offsets, and the
// owner of each partition.
#include <QtTest>

#include <vector>

#include "base/prng.h"
#include "client/group_lag.h"
#include "client/kafka_error.h"

using namespace pier;
using namespace pier::client;

Q_DECLARE_METATYPE(std::vector<uint8_t>)
Q_DECLARE_METATYPE(std::vector<TopicPartition>)

namespace {

TopicPartition tp(const std::string& topic, int32_t partition) { return TopicPartition{topic, PartitionIndex(partition)}; }

// int16 version, then [{"t": [2, 0]}] and user data, as Kafka's ConsumerProtocol writes it.
std::vector<uint8_t> javaAssignment(int16_t version, std::vector<uint8_t> userData) {
  std::vector<uint8_t> bytes{static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version), 0, 0, 0, 1, 0, 1, 't',
                             0,    0,    0,    2,    0,    0,    0,    2,    0,    0,    0,    0};
  for (uint8_t b : userData) bytes.push_back(b);  // not insert(): GCC 12 warns wrongly on it
  return bytes;
}

GroupMember member(const std::string& id, std::vector<TopicPartition> assignment) {
  return GroupMember{id, std::nullopt, id + "-client", "/10.0.0.1", std::move(assignment)};
}

}  // namespace

class TestGroupLag : public QObject {
  Q_OBJECT

 private slots:
  void decodesAssignments_data() {
    QTest::addColumn<std::vector<uint8_t>>("bytes");
    QTest::addColumn<bool>("decodes");
    QTest::addColumn<std::vector<TopicPartition>>("expected");
    const std::vector<TopicPartition> t02{tp("t", 0), tp("t", 2)};
    QTest::newRow("java v0, null user data") << javaAssignment(0, {0xFF, 0xFF, 0xFF, 0xFF}) << true << t02;
    QTest::newRow("java v3, user data") << javaAssignment(3, {0, 0, 0, 2, 'u', 'd'}) << true << t02;
    QTest::newRow("v7 read as v3") << javaAssignment(7, {0xFF, 0xFF, 0xFF, 0xFF}) << true << t02;
    // kafka-python 2.0.2: version 0, [("b", [1]), ("a", [3, 3])], user data b"".
    QTest::newRow("kafka-python, unsorted, duplicate")
        << std::vector<uint8_t>{0, 0, 0, 0, 0, 2, 0, 1, 'b', 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 'a',
                                0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0}
        << true << std::vector<TopicPartition>{tp("a", 3), tp("b", 1)};
    QTest::newRow("empty bytes: no assignment") << std::vector<uint8_t>{} << true << std::vector<TopicPartition>{};
    QTest::newRow("no partitions") << std::vector<uint8_t>{0, 1, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF} << true
                                   << std::vector<TopicPartition>{};
    QTest::newRow("negative version") << javaAssignment(-1, {0xFF, 0xFF, 0xFF, 0xFF}) << false
                                      << std::vector<TopicPartition>{};
    QTest::newRow("one byte") << std::vector<uint8_t>{0} << false << std::vector<TopicPartition>{};
    QTest::newRow("truncated partitions") << std::vector<uint8_t>{0, 0, 0, 0, 0, 1, 0, 1, 't', 0, 0, 0, 2, 0, 0} << false
                                          << std::vector<TopicPartition>{};
    QTest::newRow("negative topic count") << std::vector<uint8_t>{0, 0, 0x80, 0, 0, 0} << false
                                          << std::vector<TopicPartition>{};
    QTest::newRow("user data longer than the bytes") << javaAssignment(1, {0, 0, 0, 9, 'x'}) << false
                                                     << std::vector<TopicPartition>{};
  }

  void decodesAssignments() {
    QFETCH(std::vector<uint8_t>, bytes);
    QFETCH(bool, decodes);
    QFETCH(std::vector<TopicPartition>, expected);
    auto decoded = decodeConsumerAssignment(bytes);
    QCOMPARE(decoded.isOk(), decodes);
    if (decoded) QVERIFY(*decoded == expected);
  }

  // Whatever the bytes, an answer (a value or an error), never a crash; valid encodings with one
  // byte flipped or cut short too.
  void randomBytesNeverCrash() {
    Prng prng(20240607);
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
      std::vector<uint8_t> bytes = i % 2 ? prng.bytes(prng.below(48)) : javaAssignment(static_cast<int16_t>(prng.below(4)), {0, 0, 0, 0});
      if (i % 2 == 0) {
        bytes[prng.below(bytes.size())] = static_cast<uint8_t>(prng.next());
        bytes.resize(prng.below(bytes.size() + 1));
      }
      decoded += decodeConsumerAssignment(bytes).isOk();
    }
    QVERIFY2(decoded > 100, qPrintable(QString::number(decoded)));  // the mutated ones often still decode
  }

  // p-0: owned and committed; p-1: owned, never committed; p-2: committed, nobody's; q-0: owned,
  // its leader did not answer.
  void computesLagPerPartition() {
    GroupDescription group{"g", "Stable", "consumer", "range",
                           {member("m1", {tp("p", 1), tp("q", 0)}), member("m2", {tp("p", 0)})}};
    const CommittedOffsets committed{{tp("p", 0), Offset(5)}, {tp("p", 2), Offset(9)}};
    const LogOffsets logEnd{{tp("p", 0), Offset(12)}, {tp("p", 1), Offset(3)}, {tp("p", 2), Offset(9)},
                            {tp("q", 0), std::nullopt}};
    QVERIFY((lagPartitions(group, committed) == std::vector<TopicPartition>{tp("p", 0), tp("p", 1), tp("p", 2), tp("q", 0)}));
    const std::vector<PartitionLag> rows = computeLag(group, committed, logEnd);
    QCOMPARE(rows.size(), std::size_t(4));
    QCOMPARE(rows[0].committedOffset, std::optional<Offset>(Offset(5)));
    QCOMPARE(rows[0].logEndOffset, std::optional<Offset>(Offset(12)));
    QCOMPARE(rows[0].lag, std::optional<int64_t>(7));
    QCOMPARE(rows[0].owner->memberId, std::string("m2"));
    QCOMPARE(rows[0].owner->clientId, std::string("m2-client"));
    QCOMPARE(rows[0].owner->clientHost, std::string("/10.0.0.1"));
    QVERIFY(!rows[1].committedOffset && !rows[1].lag);
    QCOMPARE(rows[1].logEndOffset, std::optional<Offset>(Offset(3)));
    QCOMPARE(rows[1].owner->memberId, std::string("m1"));
    QCOMPARE(rows[2].lag, std::optional<int64_t>(0));
    QVERIFY(!rows[2].owner);
    QVERIFY(!rows[3].logEndOffset && !rows[3].lag && !rows[3].committedOffset);
    QCOMPARE(rows[3].topicPartition, tp("q", 0));
  }

  void namesBrokerErrors() {
    QCOMPARE(kafkaExceptionText(68),
             std::string("org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty."));
    QCOMPARE(kafkaErrorName(69), std::string("GROUP_ID_NOT_FOUND"));
    QCOMPARE(kafkaErrorName(999), std::string("UNKNOWN(999)"));
    const Status s = brokerError("DescribeGroups", 15);
    QVERIFY(s.is(ClientError::BrokerError));
    QCOMPARE(s.message(), std::string("DescribeGroups: COORDINATOR_NOT_AVAILABLE (15): The coordinator is not available."));
  }
};

QTEST_APPLESS_MAIN(TestGroupLag)
#include "tst_group_lag.moc"
