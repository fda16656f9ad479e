// Dynamic broker configs (DynamicBrokerConfig): Kafka's precedence (per-broker > cluster default
// > server.properties > Kafka's default, unit synonyms resolved across layers), validation with
// server.properties' messages, keys Kafka will not change at runtime, validateOnly, and the
// layers persisted in /config/brokers/<id> and /config/brokers/<default> through the file-backed
// store and read back after a reopen.

#include <QtTest>

#include "broker/broker_error.h"
#include "broker/dynamic_broker_config.h"
#include "broker/local_coordination_store.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace pier::broker;

namespace {
constexpr int64_t kHourMs = 3600 * 1000;

std::unique_ptr<LocalCoordinationStore> openStore(MemoryFileSystem& fs) {
  auto store = LocalCoordinationStore::open(
      fs, "/d/pier-metadata.json", [] { return int64_t{1000}; }, 1);
  if (!store) qFatal("open: %s", store.status().toString().c_str());
  return std::move(*store);
}

BrokerConfig parsed(const std::string& text) {
  auto config = parseServerProperties(text);
  if (!config) qFatal("parse: %s", config.status().toString().c_str());
  return config->config;
}
}  // namespace

class TestDynamicBrokerConfig : public QObject {
  Q_OBJECT

 private slots:
  void precedencePerBrokerOverDefaultOverStaticOverKafkaDefault() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto store = openStore(fs);
    DynamicBrokerConfig dynamic(
        parsed("broker.id=0\nlog.retention.hours=24\nlog.segment.bytes=2000000\n"));
    QVERIFY(dynamic.load(*store).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, 24 * kHourMs);
    QCOMPARE(dynamic.describe("log.retention.hours").source, ConfigSource::StaticBrokerConfig);
    QCOMPARE(dynamic.describe("log.retention.bytes").source, ConfigSource::DefaultConfig);
    QCOMPARE(*dynamic.describe("log.retention.bytes").value, std::string("-1"));

    QVERIFY(dynamic
                .alter(*store, "", {{"log.retention.ms", "5000"}, {"log.segment.bytes", "3000000"}},
                       false)
                .isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{5000});
    QCOMPARE(dynamic.current().logDefaults.segmentBytes, 3000000);
    QCOMPARE(dynamic.describe("log.retention.ms").source, ConfigSource::DynamicDefaultBrokerConfig);

    QVERIFY(dynamic.alter(*store, "0", {{"log.retention.ms", "7000"}}, false).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{7000});
    QCOMPARE(dynamic.current().logDefaults.segmentBytes, 3000000);  // still the cluster default's
    auto synonyms = dynamic.synonyms("log.retention.ms");
    QCOMPARE(synonyms.size(), std::size_t(4));
    QCOMPARE(synonyms[0].source, ConfigSource::DynamicBrokerConfig);
    QCOMPARE(*synonyms[0].value, std::string("7000"));
    QCOMPARE(synonyms[1].source, ConfigSource::DynamicDefaultBrokerConfig);
    QCOMPARE(synonyms[2].name, std::string("log.retention.hours"));
    QCOMPARE(synonyms[2].source, ConfigSource::StaticBrokerConfig);
    QCOMPARE(synonyms[3].source, ConfigSource::DefaultConfig);
    QCOMPARE(*synonyms[3].value, std::string("168"));

    // The per-broker layer removed: the cluster default shows through again.
    QVERIFY(dynamic.alter(*store, "0", {}, false).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{5000});
    // message.max.bytes feeds the topics' max.message.bytes.
    QVERIFY(dynamic.alter(*store, "0", {{"message.max.bytes", "2000"}}, false).isOk());
    QCOMPARE(dynamic.current().logDefaults.maxMessageBytes, 2000);
  }

  void theMostPreciseUnitWinsAcrossLayers() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto store = openStore(fs);
    DynamicBrokerConfig dynamic(parsed("log.retention.minutes=10\n"));
    QVERIFY(dynamic.load(*store).isOk());
    // Hours are coarser than the static minutes: the minutes still win, as in Kafka.
    QVERIFY(dynamic.alter(*store, "0", {{"log.retention.hours", "1"}}, false).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{10 * 60 * 1000});
    QVERIFY(dynamic.alter(*store, "0", {{"log.retention.ms", "-1"}}, false).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{-1});
  }

  void validationAsServerPropertiesAndNonDynamicKeys() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto store = openStore(fs);
    DynamicBrokerConfig dynamic(parsed(""));
    QVERIFY(dynamic.load(*store).isOk());
    Status bad = dynamic.alter(*store, "0", {{"log.segment.bytes", "10"}}, false);
    QVERIFY(bad.is(BrokerError::InvalidConfig));
    QCOMPARE(
        bad.message(),
        std::string(
            "Invalid value 10 for configuration log.segment.bytes: Value must be at least 14"));
    bad = dynamic.alter(*store, "", {{"log.cleanup.policy", "forever"}}, false);
    QVERIFY(bad.is(BrokerError::InvalidConfig));
    QVERIFY(bad.message().find("forever") != std::string::npos);
    bad = dynamic.alter(*store, "0",
                        {{"log.dirs", "/x"}, {"broker.id", "3"}, {"log.retention.ms", "1"}}, false);
    QVERIFY(bad.is(BrokerError::NotDynamic));
    QCOMPARE(bad.message(),
             std::string("Cannot update these configs dynamically: Set(broker.id, log.dirs)"));
    QVERIFY(
        dynamic.alter(*store, "x", {{"log.retention.ms", "1"}}, false).is(BrokerError::NotDynamic));
    // Nothing of the failed calls was kept.
    QVERIFY(dynamic.perBroker().empty());
    QVERIFY(!(*store->get("/config/brokers/0")).has_value());

    // validateOnly: checked, neither applied nor persisted.
    QVERIFY(dynamic.alter(*store, "0", {{"log.retention.ms", "1234"}}, true).isOk());
    QVERIFY(dynamic.perBroker().empty());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, storage::LogConfig{}.retentionMs);
    QVERIFY(!(*store->get("/config/brokers/0")).has_value());
  }

  void layersPersistInKafkasZnodesAndLoadBack() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    {
      auto store = openStore(fs);
      DynamicBrokerConfig dynamic(parsed("broker.id=0\n"));
      QVERIFY(dynamic.load(*store).isOk());
      QVERIFY(dynamic.alter(*store, "0", {{"log.retention.ms", "60000"}}, false).isOk());
      QVERIFY(dynamic.alter(*store, "", {{"log.cleanup.policy", "compact"}}, false).isOk());
      QCOMPARE((*store->get("/config/brokers/0"))->data,
               std::string(R"({"config":{"log.retention.ms":"60000"},"version":1})"));
      QCOMPARE((*store->get("/config/brokers/<default>"))->data,
               std::string(R"({"config":{"log.cleanup.policy":"compact"},"version":1})"));
    }
    auto store = openStore(fs);  // a restart: the file-backed store read again
    DynamicBrokerConfig dynamic(parsed("broker.id=0\n"));
    QVERIFY(dynamic.load(*store).isOk());
    QCOMPARE(dynamic.current().logDefaults.retentionMs, int64_t{60000});
    QVERIFY(dynamic.current().logDefaults.cleanupCompact);
    QVERIFY(!dynamic.current().logDefaults.cleanupDelete);
    QCOMPARE(dynamic.perBroker(), (ConfigMap{{"log.retention.ms", "60000"}}));
    // Another broker's layer is not this one's.
    DynamicBrokerConfig other(parsed("broker.id=1\n"));
    QVERIFY(other.load(*store).isOk());
    QCOMPARE(other.current().logDefaults.retentionMs, storage::LogConfig{}.retentionMs);
    QVERIFY(other.current().logDefaults.cleanupCompact);
  }
};

QTEST_APPLESS_MAIN(TestDynamicBrokerConfig)
#include "tst_dynamic_broker_config.moc"
