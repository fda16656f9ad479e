// pierctl console-consumer's pure pieces against Kafka 3.8's behaviour: DefaultMessageFormatter's
// bytes for every print.* combination, separators and null.literal; the records a consumer
// takes from a Fetch answer (every compression codec, records before the fetch offset, control
// batches, LogAppendTime, a batch cut off at the end, legacy message sets, a corrupt batch and
// where skipping it resumes, random bytes); the option checks with Kafka's messages; and the
// consumer settings from --consumer.config, --consumer-property and --group (precedence, group
// id checks, auto.offset.reset against --from-beginning, assignors, bad values).
#include <QtTest>

#include <sstream>

#include "base/prng.h"
#include "daemon/pierctl/consumer_options.h"
#include "daemon/pierctl/consumer_settings.h"
#include "daemon/pierctl/fetched_records.h"
#include "daemon/pierctl/key_value_args.h"
#include "daemon/pierctl/message_formatter.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"

using namespace pier;
using namespace pier::pierctl;
namespace records = pier::protocol::records;

namespace {

std::optional<std::vector<uint8_t>> opt(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

ConsumedRecord sample() {
  ConsumedRecord r;
  r.partition = PartitionIndex(2);
  r.offset = Offset(41);
  r.timestampType = records::TimestampType::CreateTime;
  r.timestampMs = 1700000000000;
  r.key = opt("key");
  r.value = opt("value");
  r.headers = {{"h1", opt("v1")}, {"h2", std::nullopt}};
  return r;
}

std::string format(const std::vector<std::string>& props, const ConsumedRecord& r = sample()) {
  return formatRecord(formatterConfig(parseKeyValueArgs(props)), r);
}

records::Record rec(std::string_view key, std::string_view value, int32_t offsetDelta,
                    int64_t timestampDelta = 0) {
  records::Record r;
  r.key = key.empty() ? std::nullopt : opt(key);
  r.value = opt(value);
  r.offsetDelta = offsetDelta;
  r.timestampDelta = timestampDelta;
  return r;
}

// A v2 batch at `baseOffset` of records "k<i>" / "v<i>", one per offset.
std::vector<uint8_t> batch(int64_t baseOffset, int count,
                           records::Compression codec = records::Compression::None,
                           int16_t extraAttributes = 0) {
  std::vector<records::Record> rs;
  for (int i = 0; i < count; ++i) {
    rs.push_back(
        rec("k" + std::to_string(baseOffset + i), "v" + std::to_string(baseOffset + i), i, i * 10));
  }
  records::BatchHeader h = records::headerForRecords(Offset(baseOffset), 1000, rs);
  h.attributes |= extraAttributes;
  if (extraAttributes & records::attr::kTimestampType) h.maxTimestamp = 5555;
  records::EncodeOptions options;
  options.compression = codec;
  auto bytes = records::encodeBatch(h, rs, options);
  PIER_ASSERT(bytes.isOk(), "test batch encodes");
  return *bytes;
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// "offset:key:value" per record.
QString describe(const FetchedRecords& f) {
  QStringList out;
  for (const ConsumedRecord& r : f.records) {
    out << QString("%1:%2:%3")
               .arg(r.offset.value())
               .arg(r.key ? QString::fromLatin1(reinterpret_cast<const char*>(r.key->data()),
                                                int(r.key->size()))
                          : "null")
               .arg(QString::fromLatin1(reinterpret_cast<const char*>(r.value->data()),
                                        int(r.value->size())));
  }
  return out.join(' ');
}

}  // namespace

class TestConsoleConsumer : public QObject {
  Q_OBJECT

 private slots:
  void formatter_data() {
    QTest::addColumn<QStringList>("props");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default: value") << QStringList{} << "value\n";
    QTest::newRow("key") << QStringList{"print.key=true"} << "key\tvalue\n";
    QTest::newRow("timestamp") << QStringList{"print.timestamp=true"}
                               << "CreateTime:1700000000000\tvalue\n";
    QTest::newRow("everything")
        << QStringList{"print.timestamp=true", "print.partition=true", "print.offset=true",
                       "print.headers=true", "print.key=true"}
        << "CreateTime:1700000000000\tPartition:2\tOffset:41\th1:v1,h2:null\tkey\tvalue\n";
    QTest::newRow("key without value")
        << QStringList{"print.key=true", "print.value=false"} << "key\n";
    QTest::newRow("offset only") << QStringList{"print.offset=true", "print.value=false"}
                                 << "Offset:41\n";
    QTest::newRow("nothing") << QStringList{"print.value=false"} << "";
    QTest::newRow("separators") << QStringList{"print.key=true",      "print.headers=true",
                                               "key.separator= | ",   "line.separator=;",
                                               "headers.separator=&", "null.literal=<nil>"}
                                << "h1:v1&h2:<nil> | key | value;";
    QTest::newRow("booleans as Java reads them")
        << QStringList{"print.key= TRUE ", "print.value=yes"} << "key\n";
  }

  void formatter() {
    QFETCH(QStringList, props);
    QFETCH(QString, expected);
    std::vector<std::string> p;
    for (const QString& s : props) p.push_back(s.toStdString());
    QCOMPARE(QString::fromStdString(format(p)), expected);
  }

  void formatterNullsAndTimestampTypes() {
    ConsumedRecord r = sample();
    r.key.reset();
    r.value.reset();
    r.headers.clear();
    QCOMPARE(format({"print.key=true", "print.headers=true"}, r),
             std::string("NO_HEADERS\tnull\tnull\n"));
    QCOMPARE(format({"print.key=true", "null.literal="}, r), std::string("\t\n"));
    r.timestampType = records::TimestampType::LogAppendTime;
    QCOMPARE(format({"print.timestamp=true", "print.value=false"}, r),
             std::string("LogAppendTime:1700000000000\n"));
    r.timestampType.reset();
    QCOMPARE(format({"print.timestamp=true", "print.value=false"}, r),
             std::string("NO_TIMESTAMP\n"));
    // Bytes go out as they are, not as text.
    r.value = std::vector<uint8_t>{0x00, 0xff, '\n'};
    QCOMPARE(format({}, r), std::string("\0\xff\n\n", 4));
  }

  void fetchedRecordsEveryCodec_data() {
    QTest::addColumn<int>("codec");
    QTest::newRow("none") << int(records::Compression::None);
    QTest::newRow("gzip") << int(records::Compression::Gzip);
    QTest::newRow("snappy") << int(records::Compression::Snappy);
    QTest::newRow("lz4") << int(records::Compression::Lz4);
    QTest::newRow("zstd") << int(records::Compression::Zstd);
  }

  // Records before the fetch offset (inside the first batch) are dropped.
  void fetchedRecordsEveryCodec() {
    QFETCH(int, codec);
    const auto c = static_cast<records::Compression>(codec);
    const auto blob = concat({batch(10, 3, c), batch(13, 2, c)});
    FetchedRecords f = decodeFetchedRecords(PartitionIndex(1), Offset(11), blob);
    QVERIFY(f.error.isOk());
    QCOMPARE(describe(f), QString("11:k11:v11 12:k12:v12 13:k13:v13 14:k14:v14"));
    QCOMPARE(f.nextOffset, Offset(15));
    QCOMPARE(f.records[0].partition, PartitionIndex(1));
    QVERIFY(f.records[0].timestampType == records::TimestampType::CreateTime);
    QCOMPARE(f.records[0].timestampMs, int64_t(1010));  // baseTimestamp + delta
  }

  void fetchedRecordsControlAndLogAppendTime() {
    const auto blob =
        concat({batch(0, 1), batch(1, 1, records::Compression::None, records::attr::kControl),
                batch(2, 2, records::Compression::None, records::attr::kTimestampType)});
    FetchedRecords f = decodeFetchedRecords(PartitionIndex(0), Offset(0), blob);
    QVERIFY(f.error.isOk());
    QCOMPARE(describe(f), QString("0:k0:v0 2:k2:v2 3:k3:v3"));
    QVERIFY(f.records[1].timestampType == records::TimestampType::LogAppendTime);
    QCOMPARE(f.records[1].timestampMs, int64_t(5555));  // the batch's max timestamp
    QCOMPARE(f.nextOffset, Offset(4));
  }

  // A batch cut off by the fetch size is left for the next fetch; an empty answer moves nothing.
  void fetchedRecordsPartialTail() {
    auto second = batch(5, 2);
    auto blob = concat({batch(3, 2), std::vector<uint8_t>(second.begin(), second.begin() + 30)});
    FetchedRecords f = decodeFetchedRecords(PartitionIndex(0), Offset(3), blob);
    QVERIFY(f.error.isOk());
    QCOMPARE(describe(f), QString("3:k3:v3 4:k4:v4"));
    QCOMPARE(f.nextOffset, Offset(5));
    FetchedRecords none = decodeFetchedRecords(PartitionIndex(0), Offset(9), {});
    QVERIFY(none.records.empty());
    QCOMPARE(none.nextOffset, Offset(9));
  }

  void fetchedRecordsLegacyMessages() {
    records::LegacyMessage m0{7,
                              0,
                              records::Compression::None,
                              records::kNoTimestamp,
                              records::TimestampType::CreateTime,
                              opt("a"),
                              opt("b")};
    records::LegacyMessage m1{8,
                              1,
                              records::Compression::None,
                              1234,
                              records::TimestampType::CreateTime,
                              std::nullopt,
                              opt("c")};
    auto blob = concat({records::encodeLegacyMessage(m0), records::encodeLegacyMessage(m1)});
    FetchedRecords f = decodeFetchedRecords(PartitionIndex(0), Offset(7), blob);
    QVERIFY2(f.error.isOk(), f.error.toString().c_str());
    QCOMPARE(describe(f), QString("7:a:b 8:null:c"));
    QVERIFY(!f.records[0].timestampType);  // magic 0: NO_TIMESTAMP
    QCOMPARE(f.records[1].timestampMs, int64_t(1234));
    QCOMPARE(f.nextOffset, Offset(9));
  }

  // A CRC mismatch keeps the records before it and says where the next batch starts.
  void fetchedRecordsCorruptBatch() {
    auto broken = batch(2, 3);
    broken.back() ^= 0x01;
    auto blob = concat({batch(0, 2), broken, batch(5, 1)});
    FetchedRecords f = decodeFetchedRecords(PartitionIndex(0), Offset(0), blob);
    QVERIFY(!f.error.isOk());
    QVERIFY2(f.error.toString().find("crc") != std::string::npos ||
                 f.error.toString().find("CRC") != std::string::npos,
             f.error.toString().c_str());
    QCOMPARE(describe(f), QString("0:k0:v0 1:k1:v1"));
    QCOMPARE(f.nextOffset, Offset(2));
    QVERIFY(f.skipTo.has_value());
    QCOMPARE(*f.skipTo, Offset(5));
  }

  // Decoders never crash: random blobs, and random damage to a valid one.
  void fetchedRecordsRandomBytes() {
    Prng prng(20240611);
    const auto valid =
        concat({batch(0, 3, records::Compression::Gzip), batch(3, 2, records::Compression::Lz4)});
    for (int i = 0; i < 2000; ++i) {
      std::vector<uint8_t> blob = i % 2 ? prng.bytes(prng.below(200)) : valid;
      if (i % 2 == 0) {
        for (int flips = 0; flips < 3; ++flips)
          blob[prng.below(blob.size())] = static_cast<uint8_t>(prng.next());
        blob.resize(prng.below(blob.size() + 1));
      }
      FetchedRecords f = decodeFetchedRecords(PartitionIndex(0), Offset(1), blob);
      QVERIFY(f.nextOffset >= Offset(1));
      for (const ConsumedRecord& r : f.records)
        QVERIFY(r.offset >= Offset(1) && r.offset < f.nextOffset);
    }
  }

  void consumerOptions() {
    ConsoleConsumerArgs a;
    QCOMPARE(*consumerStart(a), (StartSpec{StartSpec::Kind::Latest, 0}));
    a.fromBeginning = true;
    QCOMPARE(*consumerStart(a), (StartSpec{StartSpec::Kind::Earliest, 0}));
    a.fromBeginning = false;
    a.partition = 0;
    a.offset = "42";
    QCOMPARE(*consumerStart(a), (StartSpec{StartSpec::Kind::Offset, 42}));
    a.offset = "EARLIEST";
    QCOMPARE(*consumerStart(a), (StartSpec{StartSpec::Kind::Earliest, 0}));
    a.offset = "latest";
    QCOMPARE(*consumerStart(a), (StartSpec{StartSpec::Kind::Latest, 0}));
  }

  void consumerOptionErrors() {
    auto message = [](ConsoleConsumerArgs a) { return consumerStart(a).status().message(); };
    ConsoleConsumerArgs a;
    a.offset = "1";
    QCOMPARE(message(a), std::string("The partition is required when offset is specified."));
    a.partition = 0;
    a.fromBeginning = true;
    QCOMPARE(message(a),
             std::string("Options from-beginning and offset cannot be specified together."));
    a.fromBeginning = false;
    a.offset = "-1";
    QCOMPARE(message(a), std::string("The provided offset value '-1' is incorrect. Valid values "
                                     "are 'earliest', 'latest', or a non-negative long."));
    a.offset = "ten";
    QCOMPARE(message(a), std::string("The provided offset value 'ten' is incorrect. Valid values "
                                     "are 'earliest', 'latest', or a non-negative long."));
    a.offset.reset();
    a.group = "g";
    QCOMPARE(message(a), std::string("Options group and partition cannot be specified together."));
  }

  void consumerSettingsPrecedence() {
    std::ostringstream warnings;
    ConsoleConsumerArgs a;
    auto s = consumerSettings(a, {}, warnings);
    QVERIFY(s.isOk());
    QVERIFY(*s == ConsumerSettings{});  // Kafka 3.8's consumer defaults, no group
    QVERIFY(!s->groupId);
    // The file, then --consumer-property over it, then --group and --from-beginning.
    const Properties file{{"group.id", "g"},
                          {"session.timeout.ms", "10000"},
                          {"heartbeat.interval.ms", "1000"},
                          {"enable.auto.commit", "FALSE"},
                          {"fetch.min.bytes", "1"}};
    a.consumerProperties = {"heartbeat.interval.ms=500", "group.instance.id=i-1", "client.id=reader",
                            "partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor,"
                            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor, range"};
    a.group = "g";
    a.fromBeginning = true;
    s = consumerSettings(a, file, warnings);
    QVERIFY2(s.isOk(), s.status().message().c_str());
    QCOMPARE(*s->groupId, std::string("g"));
    QCOMPARE(*s->groupInstanceId, std::string("i-1"));
    QCOMPARE(s->clientId, std::string("reader"));
    QCOMPARE(s->sessionTimeoutMs, 10000);
    QCOMPARE(s->heartbeatIntervalMs, 500);
    QCOMPARE(s->autoOffsetReset, std::string("earliest"));
    QVERIFY(!s->enableAutoCommit);
    QVERIFY((s->assignors == std::vector<std::string>{"roundrobin", "cooperative-sticky", "range"}));
    QCOMPARE(warnings.str(),
             std::string("WARN pierctl console-consumer does not use the consumer property 'fetch.min.bytes'; "
                         "ignored.\n"));
  }

  void consumerSettingsErrors_data() {
    QTest::addColumn<QStringList>("consumerProperties");
    QTest::addColumn<QString>("group");
    QTest::addColumn<bool>("fromBeginning");
    QTest::addColumn<int>("partition");  // -1: none
    QTest::addColumn<QString>("message");
    QTest::newRow("group ids differ") << QStringList{"group.id=b"} << "a" << false << -1
                                      << "The group ids provided in different places (directly using '--group', via "
                                         "'--consumer-property', or via '--consumer.config') do not match. Detected "
                                         "group ids: 'a', 'b'";
    QTest::newRow("group.id with --partition") << QStringList{"group.id=b"} << "" << false << 0
                                               << "Options group and partition cannot be specified together.";
    QTest::newRow("--from-beginning against latest")
        << QStringList{"auto.offset.reset=latest"} << "" << true << -1
        << "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option";
    QTest::newRow("bad auto.offset.reset")
        << QStringList{"auto.offset.reset=first"} << "" << false << -1
        << "Invalid value first for configuration auto.offset.reset: String must be one of: latest, earliest, none";
    QTest::newRow("not a number") << QStringList{"session.timeout.ms=soon"} << "" << false << -1
                                  << "Invalid value soon for configuration session.timeout.ms: Not a number of type INT";
    QTest::newRow("unknown assignor")
        << QStringList{"partition.assignment.strategy=com.example.Mine"} << "" << false << -1
        << "Invalid value com.example.Mine for configuration partition.assignment.strategy: Class com.example.Mine "
           "could not be found.";
    QTest::newRow("no assignor")
        << QStringList{"partition.assignment.strategy= , "} << "" << false << -1
        << "Invalid value  ,  for configuration partition.assignment.strategy: no assignor named.";
    QTest::newRow("heartbeat not below the session timeout")
        << QStringList{"heartbeat.interval.ms=6000", "session.timeout.ms=6000"} << "g" << false << -1
        << "java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout";
  }

  void consumerSettingsErrors() {
    QFETCH(QStringList, consumerProperties);
    QFETCH(QString, group);
    QFETCH(bool, fromBeginning);
    QFETCH(int, partition);
    QFETCH(QString, message);
    ConsoleConsumerArgs a;
    for (const QString& p : consumerProperties) a.consumerProperties.push_back(p.toStdString());
    if (!group.isEmpty()) a.group = group.toStdString();
    a.fromBeginning = fromBeginning;
    if (partition >= 0) a.partition = partition;
    std::ostringstream warnings;
    auto s = consumerSettings(a, {}, warnings);
    QVERIFY(!s.isOk());
    QCOMPARE(QString::fromStdString(s.status().message()), message);
  }
};

QTEST_APPLESS_MAIN(TestConsoleConsumer)
#include "tst_console_consumer.moc"
