// pierctl console-producer's pure pieces against Kafka 3.8's behaviour: LineMessageReader's
// parsing (keys, headers, null.marker, ignore.error) and its error texts, the --property /
// --producer-property parsing and precedence, murmur2 against Kafka's UtilsTest vectors and
// the partition of a key, the sticky partitioner, and the batches the accumulator closes.
#include <QtTest>

#include <sstream>

#include "daemon/pierctl/default_partitioner.h"
#include "daemon/pierctl/key_value_args.h"
#include "daemon/pierctl/line_message_reader.h"
#include "daemon/pierctl/producer_settings.h"
#include "daemon/pierctl/record_accumulator.h"
#include "protocol/records/batch_header.h"

using namespace pier;
using namespace pier::pierctl;
using protocol::records::RecordHeader;

namespace {

std::vector<uint8_t> bytes(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::optional<std::vector<uint8_t>> opt(std::string_view s) {
  return bytes(s);
}

LineReaderConfig reader(const std::vector<std::string>& props) {
  auto config = lineReaderConfig(parseKeyValueArgs(props));
  PIER_ASSERT(config.isOk(), "test reader config");
  return *config;
}

ProducerRecord record(std::optional<std::vector<uint8_t>> key,
                      std::optional<std::vector<uint8_t>> value,
                      std::vector<RecordHeader> headers = {}) {
  return ProducerRecord{std::move(key), std::move(value), std::move(headers)};
}

}  // namespace

class TestConsoleProducer : public QObject {
  Q_OBJECT

 private slots:
  void keyValueArgs() {
    const Properties p = parseKeyValueArgs({"a=1", "b", "c=", "d=x=y", "a=2"});
    QCOMPARE(p, (Properties{{"a", "2"}, {"b", ""}, {"c", ""}, {"d", "x=y"}}));
    QVERIFY(isTrue(" TRUE "));
    QVERIFY(isTrue("true"));
    QVERIFY(!isTrue("yes"));
    QVERIFY(!isTrue("1"));
  }

  void parseLines_data() {
    QTest::addColumn<QStringList>("props");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");  // key|value|headers, "~" for null

    QTest::newRow("value only") << QStringList{} << "a\tb"
                                << "~|a\tb|";
    QTest::newRow("key") << QStringList{"parse.key=true"} << "k\tv\tw"
                         << "k|v\tw|";
    QTest::newRow("empty key") << QStringList{"parse.key=true"} << "\tv"
                               << "|v|";
    QTest::newRow("empty value") << QStringList{"parse.key=true"} << "k\t"
                                 << "k||";
    QTest::newRow("key separator") << QStringList{"parse.key=true", "key.separator=::"} << "a::b::c"
                                   << "a|b::c|";
    QTest::newRow("headers") << QStringList{"parse.headers=true"} << "h1:v1,h2:v2\tvalue"
                             << "~|value|h1=v1;h2=v2;";
    QTest::newRow("headers and key")
        << QStringList{"parse.headers=true", "parse.key=true"} << "h:1\tk\tv"
        << "k|v|h=1;";
    QTest::newRow("header value with separator") << QStringList{"parse.headers=true"} << "h:a:b\tv"
                                                 << "~|v|h=a:b;";
    QTest::newRow("header empty value") << QStringList{"parse.headers=true"} << "h:\tv"
                                        << "~|v|h=;";
    QTest::newRow("trailing header separators dropped")
        << QStringList{"parse.headers=true"} << "a:1,,\tv"
        << "~|v|a=1;";
    QTest::newRow("inner empty pair ignored with ignore.error")
        << QStringList{"parse.headers=true", "ignore.error=true"} << "a:1,,b:2\tv"
        << "~|v|a=1;=~;b=2;";
    QTest::newRow("custom header separators")
        << QStringList{"parse.headers=true", "headers.delimiter=|", "headers.separator=;",
                       "headers.key.separator=="}
        << "a=1;b=2|v"
        << "~|v|a=1;b=2;";
    QTest::newRow("null marker key and value")
        << QStringList{"parse.key=true", "null.marker=<null>"} << "<null>\t<null>"
        << "~|~|";
    QTest::newRow("null marker header value")
        << QStringList{"parse.headers=true", "null.marker=N"} << "h:N\tv"
        << "~|v|h=~;";
    QTest::newRow("null marker header list")
        << QStringList{"parse.headers=true", "null.marker=N"} << "N\tv"
        << "~|v|";
    QTest::newRow("ignore.error without key separator")
        << QStringList{"parse.key=true", "ignore.error=true"} << "novalue"
        << "~|novalue|";
    QTest::newRow("ignore.error without header key separator")
        << QStringList{"parse.headers=true", "ignore.error=true"} << "flag\tv"
        << "~|v|flag=~;";
    QTest::newRow("utf-8") << QStringList{"parse.key=true"} << "ключ\tзначение"
                           << "ключ|значение|";
  }

  void parseLines() {
    QFETCH(QStringList, props);
    QFETCH(QString, line);
    QFETCH(QString, expected);
    std::vector<std::string> p;
    for (const QString& s : props) p.push_back(s.toStdString());
    auto parsed = parseLine(reader(p), line.toStdString(), 1);
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    auto text = [](const std::optional<std::vector<uint8_t>>& b) {
      return b ? std::string(b->begin(), b->end()) : std::string("~");
    };
    std::string headers;
    for (const RecordHeader& h : parsed->headers) headers += h.key + "=" + text(h.value) + ";";
    QCOMPARE(QString::fromStdString(text(parsed->key) + "|" + text(parsed->value) + "|" + headers),
             expected);
  }

  void parseErrors_data() {
    QTest::addColumn<QStringList>("props");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("no key separator") << QStringList{"parse.key=true"} << "abc"
                                      << "No key separator found on line number 7: 'abc'";
    QTest::newRow("no headers delimiter") << QStringList{"parse.headers=true"} << "abc"
                                          << "No headers delimiter found on line number 7: 'abc'";
    QTest::newRow("no header key separator")
        << QStringList{"parse.headers=true"} << "a:1,b\tv"
        << "No header key separator found in pair 'b' on line number 7";
    QTest::newRow("empty header list")
        << QStringList{"parse.headers=true"} << "\tv"
        << "No header key separator found in pair '' on line number 7";
    QTest::newRow("null header key")
        << QStringList{"parse.headers=true", "null.marker=N", "ignore.error=true"} << "N:1\tv"
        << "Header keys should not be equal to the null marker 'N' as they can't be null";
  }

  void parseErrors() {
    QFETCH(QStringList, props);
    QFETCH(QString, line);
    QFETCH(QString, message);
    std::vector<std::string> p;
    for (const QString& s : props) p.push_back(s.toStdString());
    auto parsed = parseLine(reader(p), line.toStdString(), 7);
    QVERIFY(!parsed.isOk());
    QCOMPARE(QString::fromStdString(parsed.status().message()), message);
  }

  void readerConfigClashes() {
    auto clash = [](std::vector<std::string> props) {
      auto c = lineReaderConfig(parseKeyValueArgs(props));
      return c.isOk() ? std::string("ok") : c.status().message();
    };
    QCOMPARE(clash({"headers.separator=\t"}),
             std::string("headers.delimiter and headers.separator may not be equal"));
    QCOMPARE(clash({"headers.key.separator=\t"}),
             std::string("headers.delimiter and headers.key.separator may not be equal"));
    QCOMPARE(clash({"headers.key.separator=,"}),
             std::string("headers.separator and headers.key.separator may not be equal"));
    QCOMPARE(clash({"null.marker=\t"}),
             std::string("null.marker and key.separator may not be equal"));
    QCOMPARE(clash({"null.marker=,"}),
             std::string("null.marker and headers.separator may not be equal"));
    QCOMPARE(clash({"null.marker=:"}),
             std::string("null.marker and headers.key.separator may not be equal"));
    QCOMPARE(clash({"null.marker=|", "key.separator=;", "headers.delimiter=|"}),
             std::string("null.marker and headers.delimiter may not be equal"));
    QCOMPARE(clash({"null.marker=NULL"}), std::string("ok"));
  }

  // Kafka's UtilsTest.testMurmur2 vectors.
  void murmur2MatchesKafka() {
    QCOMPARE(murmur2(bytes("21")), -973932308);
    QCOMPARE(murmur2(bytes("foobar")), -790332482);
    QCOMPARE(murmur2(bytes("a-little-bit-long-string")), -985981536);
    QCOMPARE(murmur2(bytes("a-little-bit-longer-string")), -1486304829);
    QCOMPARE(murmur2(bytes("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")), -58897971);
    QCOMPARE(murmur2(bytes("abc")), 479470107);
    QCOMPARE(murmur2(bytes("")), 275646681);
  }

  void partitionOfKey() {
    // toPositive(-790332482) = 1357151166, % 50 = 16.
    QCOMPARE(partitionForKey(bytes("foobar"), 50), PartitionIndex(16));
    QCOMPARE(partitionForKey(bytes("foobar"), 1), PartitionIndex(0));
    QCOMPARE(partitionForKey(bytes("21"), 7), PartitionIndex((-973932308 & 0x7fffffff) % 7));
  }

  // The sticky partition moves on, round-robin, once batch.size bytes went to it.
  void stickyPartitioner() {
    StickyPartitioner sticky(3, 2, 100);
    QCOMPARE(sticky.partitionFor(60), PartitionIndex(2));
    QCOMPARE(sticky.partitionFor(60), PartitionIndex(2));  // 120 >= 100: the next one moves
    QCOMPARE(sticky.partitionFor(100), PartitionIndex(0));
    QCOMPARE(sticky.partitionFor(1), PartitionIndex(1));
    StickyPartitioner eachRecord(2, 0, 0);
    QCOMPARE(eachRecord.partitionFor(5), PartitionIndex(0));
    QCOMPARE(eachRecord.partitionFor(5), PartitionIndex(1));
    QCOMPARE(eachRecord.partitionFor(5), PartitionIndex(0));
  }

  void accumulatorClosesFullBatches() {
    const ProducerRecord r = record(opt("k"), opt(std::string(40, 'v')));
    const std::size_t size = recordSizeBytes(r);
    QCOMPARE(singleRecordBatchBytes(r), size + protocol::records::kBatchHeaderBytes);
    // Room for two records per batch.
    RecordAccumulator acc(protocol::records::kBatchHeaderBytes + 2 * size + 1);
    QVERIFY(acc.append(PartitionIndex(0), r, 1000).empty());
    QVERIFY(acc.append(PartitionIndex(1), r, 1001).empty());
    QVERIFY(acc.append(PartitionIndex(0), r, 1005).empty());
    auto closed = acc.append(PartitionIndex(0), record(std::nullopt, opt("x")),
                             1007);  // does not fit: closes
    QCOMPARE(closed.size(), std::size_t(1));
    QCOMPARE(closed[0].partition, PartitionIndex(0));
    QCOMPARE(closed[0].records.size(), std::size_t(2));
    QCOMPARE(closed[0].baseTimestampMs, int64_t(1000));
    QCOMPARE(closed[0].records[1].timestampDelta, int64_t(5));
    QCOMPARE(closed[0].records[1].offsetDelta, 1);
    QCOMPARE(closed[0].summaries, (std::vector<RecordSummary>{{1, 40}, {1, 40}}));
    auto rest = acc.drain();
    QCOMPARE(rest.size(), std::size_t(2));
    QCOMPARE(rest[0].partition, PartitionIndex(0));
    QCOMPARE(rest[0].summaries, (std::vector<RecordSummary>{{-1, 1}}));
    QCOMPARE(rest[1].partition, PartitionIndex(1));
    QVERIFY(acc.empty());
  }

  // batch.size 0 (and --sync): every record is its own batch; a record larger than batch.size
  // still gets one.
  void accumulatorSingleRecordBatches() {
    RecordAccumulator acc(0);
    auto closed = acc.append(PartitionIndex(3), record(opt("k"), opt("v")), 5);
    QCOMPARE(closed.size(), std::size_t(1));
    QCOMPARE(closed[0].records.size(), std::size_t(1));
    QVERIFY(acc.empty());
    RecordAccumulator small(10);
    QCOMPARE(
        small.append(PartitionIndex(0), record(std::nullopt, opt(std::string(50, 'x'))), 5).size(),
        std::size_t(1));
  }

  void producerSettingsPrecedence() {
    std::ostringstream warnings;
    ConsoleProducerArgs args;
    auto defaults = producerSettings(args, warnings);
    QVERIFY(defaults.isOk());
    QCOMPARE(defaults->acks, int16_t(-1));  // Kafka 3.8's --request-required-acks default
    QCOMPARE(defaults->batchSizeBytes, 16384);
    QCOMPARE(defaults->requestTimeoutMs, 1500);
    QCOMPARE(defaults->clientId, std::string("console-producer"));
    QVERIFY(defaults->compression == protocol::records::Compression::None);

    args.producerProperties = {"acks=1", "batch.size=100", "client.id=me", "linger.ms=5",
                               "compression.type=zstd"};
    auto fromProps = producerSettings(args, warnings);
    QVERIFY(fromProps.isOk());
    QCOMPARE(fromProps->acks, int16_t(1));
    QCOMPARE(fromProps->batchSizeBytes, 100);
    QCOMPARE(fromProps->clientId, std::string("me"));
    QVERIFY(fromProps->compression ==
            protocol::records::Compression::None);  // --compression-codec decides
    QCOMPARE(warnings.str(),
             std::string(
                 "WARN The producer property 'compression.type' is replaced by --compression-codec "
                 "(none when not given), as kafka-console-producer.sh replaces it.\n"
                 "WARN pierctl console-producer does not use the producer property 'linger.ms'; "
                 "ignored.\n"));

    args.requestRequiredAcks = "all";
    args.batchSize = 200;
    args.compressionCodec = "";
    auto fromOptions = producerSettings(args, warnings);
    QVERIFY(fromOptions.isOk());
    QCOMPARE(fromOptions->acks, int16_t(-1));
    QCOMPARE(fromOptions->batchSizeBytes, 200);
    QVERIFY(fromOptions->compression ==
            protocol::records::Compression::Gzip);  // a bare --compression-codec
    args.maxPartitionMemoryBytes = 300;
    args.compressionCodec = "LZ4";
    auto both = producerSettings(args, warnings);
    QCOMPARE(both->batchSizeBytes, 300);
    QVERIFY(both->compression == protocol::records::Compression::Lz4);
  }

  void producerSettingsErrors() {
    std::ostringstream warnings;
    ConsoleProducerArgs args;
    args.requestRequiredAcks = "2";
    QCOMPARE(producerSettings(args, warnings).status().message(),
             std::string(
                 "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"));
    args.requestRequiredAcks.reset();
    args.compressionCodec = "brotli";
    QCOMPARE(producerSettings(args, warnings).status().message(),
             std::string("Invalid value brotli for configuration compression.type: String must be "
                         "one of: none, gzip, snappy, lz4, zstd"));
    args.compressionCodec.reset();
    args.producerProperties = {"batch.size=-1"};
    QCOMPARE(
        producerSettings(args, warnings).status().message(),
        std::string("Invalid value -1 for configuration batch.size: Value must be at least 0"));
    args.producerProperties = {"max.request.size=big"};
    QCOMPARE(producerSettings(args, warnings).status().message(),
             std::string(
                 "Invalid value big for configuration max.request.size: Not a number of type INT"));
  }
};

QTEST_APPLESS_MAIN(TestConsoleProducer)
#include "tst_console_producer.moc"
