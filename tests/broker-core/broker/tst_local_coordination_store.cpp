// The in-process coordination store: ZooKeeper's create/get/set/children/delete rules (parents,
// versions, NodeExists, NotEmpty, sequential suffixes, ephemerals), and persistence: what
// persist() saved is there after a crash and a reopen, ephemerals are not, a damaged file is an
// error naming it.

#include <QtTest>

#include "broker/local_coordination_store.h"
#include "runtime/memory_file_system.h"
#include "storage/atomic_file.h"

using namespace pier;
using namespace pier::broker;
using client::CoordinationError;
using client::CreateMode;

namespace {
std::unique_ptr<LocalCoordinationStore> openStore(MemoryFileSystem& fs, int64_t session = 1) {
  auto store = LocalCoordinationStore::open(fs, "/d/pier-metadata.json", [] { return int64_t{1000}; }, session);
  if (!store) qFatal("open: %s", store.status().toString().c_str());
  return std::move(*store);
}
}  // namespace

class TestLocalCoordinationStore : public QObject {
  Q_OBJECT

 private slots:
  void zookeeperRules() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto store = openStore(fs);
    QVERIFY(store->create("/brokers/ids", "", CreateMode::Persistent).status().is(CoordinationError::NoNode));
    QVERIFY(client::ensurePath(*store, "/brokers/ids").isOk());
    QCOMPARE(*store->create("/brokers/ids/0", "{}", CreateMode::Ephemeral), std::string("/brokers/ids/0"));
    QVERIFY(store->create("/brokers/ids/0", "{}", CreateMode::Persistent).status().is(CoordinationError::NodeExists));
    QVERIFY(store->create("/brokers/ids/0/x", "", CreateMode::Persistent).status().is(CoordinationError::NoChildrenForEphemerals));
    QCOMPARE(*store->create("/brokers/seq-", "", CreateMode::PersistentSequential), std::string("/brokers/seq-0000000000"));
    QCOMPARE(*store->create("/brokers/seq-", "", CreateMode::PersistentSequential), std::string("/brokers/seq-0000000001"));
    QCOMPARE(*store->children("/brokers"), (std::vector<std::string>{"ids", "seq-0000000000", "seq-0000000001"}));
    auto stat = store->set("/brokers/ids/0", "{\"v\":2}", 0);
    QVERIFY(stat.isOk());
    QCOMPARE(stat->version, 1);
    QVERIFY(store->set("/brokers/ids/0", "x", 0).status().is(CoordinationError::BadVersion));
    QCOMPARE((*store->get("/brokers/ids/0"))->data, std::string("{\"v\":2}"));
    QVERIFY(!store->get("/nope")->has_value());
    QVERIFY(store->remove("/brokers", -1).is(CoordinationError::NotEmpty));
    QVERIFY(store->create("bad", "", CreateMode::Persistent).status().is(CoordinationError::BadArguments));
    QVERIFY(client::removeRecursive(*store, "/brokers").isOk());
    QVERIFY(!store->get("/brokers")->has_value());
  }

  void persistedStateSurvivesACrashEphemeralsDoNot() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    {
      auto store = openStore(fs);
      QVERIFY(client::putPersistent(*store, "/brokers/topics/orders", "{\"version\":3}").isOk());
      QVERIFY(client::ensurePath(*store, "/brokers/ids").isOk());
      QVERIFY(store->create("/brokers/ids/0", "{}", CreateMode::Ephemeral).isOk());
      QVERIFY(store->persist().isOk());
      QVERIFY(client::putPersistent(*store, "/brokers/topics/lost", "{}").isOk());  // never persisted
      fs.crash();
    }
    auto store = openStore(fs, 2);
    QCOMPARE((*store->get("/brokers/topics/orders"))->data, std::string("{\"version\":3}"));
    QVERIFY(!store->get("/brokers/topics/lost")->has_value());
    QVERIFY(!store->get("/brokers/ids/0")->has_value());
    QCOMPARE(*store->children("/brokers/ids"), std::vector<std::string>{});
  }

  void damagedFileIsAnErrorNamingIt() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    QVERIFY(storage::writeFileAtomically(fs, "/d/pier-metadata.json", "{\"zxid\": \"x\"}").isOk());
    auto store = LocalCoordinationStore::open(fs, "/d/pier-metadata.json", [] { return int64_t{0}; }, 1);
    QVERIFY(store.status().is(CoordinationError::Io));
    QVERIFY(store.status().message().find("/d/pier-metadata.json") != std::string::npos);
    QVERIFY(storage::writeFileAtomically(fs, "/d/pier-metadata.json",
                                         "{\"zxid\":1,\"nodes\":[{\"path\":\"/a\",\"data\":\"zz\",\"version\":0}]}")
                .isOk());
    QVERIFY(!LocalCoordinationStore::open(fs, "/d/pier-metadata.json", [] { return int64_t{0}; }, 1).isOk());
  }
};

QTEST_APPLESS_MAIN(TestLocalCoordinationStore)
#include "tst_local_coordination_store.moc"
