// Known answers from the real ZooKeeper 3.8.0 server: the data directory it wrote while kazoo
// created persistent, ephemeral, sequential nodes (null, empty and binary data; world, digest
// and ip ACLs), set data and ACLs, deleted, ran a committed and a failed multi and closed a
// session (testdata/generate_zk38.py; expected.json is what kazoo saw). Our readers must find
// that tree, its stats and ACLs, the sessions, every txn in order with its type and digest; the
// digests ZooKeeper stored must be the sum of our node digests; our encoders must give back
// ZooKeeper's bytes; gzip and snappy snapshots must hold the same tree; purging must keep what
// replay needs.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <map>
#include <set>

#include "coordination/znode_digest.h"
#include "keeper/zk_file_names.h"
#include "keeper/zk_purge.h"
#include "keeper/zk_snapshot.h"
#include "keeper/zk_snapshot_files.h"
#include "keeper/zk_txn_log.h"
#include "keeper/zk_txn_log_reader.h"
#include "runtime/memory_file_system.h"
#include "runtime/posix/posix_file_system.h"
#include "zk_persistence_test_util.h"

using namespace pier;
using namespace pier::keeper;
using namespace pier::keeper::testing;

namespace {

const std::string kTestData = PIER_ZK38_DIR;
const std::string kDir = kTestData + "/zk38";

QJsonObject expected() {
  QFile f(QString::fromStdString(kDir + "/expected.json"));
  if (!f.open(QIODevice::ReadOnly)) qFatal("expected.json missing");
  return QJsonDocument::fromJson(f.readAll()).object();
}

int64_t longOf(const QJsonValue& v) { return v.toString().toLongLong(); }
int64_t sessionA() { return longOf(expected()["sessions"].toObject()["a"]); }
int64_t sessionB() { return longOf(expected()["sessions"].toObject()["b"]); }

std::string dataOf(const QJsonValue& v) { return QByteArray::fromBase64(v.toString().toLatin1()).toStdString(); }

int64_t treeDigest(const SnapshotImage& image) {
  int64_t sum = 0;
  for (const auto& n : image.nodes) sum = coordination::digestAdd(sum, coordination::znodeDigest(n.path, n.data, n.stat));
  return sum;
}

std::vector<zk::ACL> aclOf(const SnapshotImage& image, int64_t ref) {
  if (ref == -1) return openAcl();  // ZooKeeper's OPEN_ACL_UNSAFE, never stored in the cache
  auto it = image.acls.find(ref);
  return it == image.acls.end() ? std::vector<zk::ACL>{} : it->second;
}

std::map<std::string, int32_t> childCounts(const SnapshotImage& image) {
  std::map<std::string, int32_t> counts;
  for (const auto& n : image.nodes) {
    if (!n.path.empty()) ++counts[n.path.substr(0, n.path.rfind('/'))];
  }
  return counts;
}

LoadedSnapshot newest(FileSystem& fs, const std::string& dir = kDir) {
  auto loaded = readNewestValidSnapshot(fs, dir);
  if (!loaded || !*loaded) qFatal("no snapshot in %s", dir.c_str());
  return std::move(**loaded);
}

std::vector<SnapshotNode> byPath(std::vector<SnapshotNode> nodes) {
  std::sort(nodes.begin(), nodes.end(), [](auto& a, auto& b) { return a.path < b.path; });
  return nodes;
}

void copyDir(FileSystem& from, const std::string& dir, FileSystem& to) {
  const auto names = *from.list(versionDir(dir));
  for (const auto& name : names) {
    writeFile(to, versionDir(dir) + "/" + name, readFile(from, versionDir(dir) + "/" + name));
  }
}

}  // namespace

class TstZkFormatZk38 : public QObject {
  Q_OBJECT

 private slots:
  void theNewestSnapshotIsTheTreeKazooSaw() {
    PosixFileSystem fs;
    const LoadedSnapshot loaded = newest(fs);
    const SnapshotImage& image = loaded.image;
    QVERIFY(loaded.skipped.empty());
    QCOMPARE(image.sessions.size(), 1u);  // session B closed; A was open at shutdown
    QCOMPARE(image.sessions.at(sessionA()), 60000);
    QCOMPARE(image.nodes.front().path, std::string(""));
    QCOMPARE(image.nodes.front().data, std::optional<std::string>(""));  // the root: empty, not null
    std::map<std::string, const SnapshotNode*> nodes;
    for (const auto& n : image.nodes) nodes[n.path.empty() ? "/" : n.path] = &n;
    const auto children = childCounts(image);
    const QJsonArray tree = expected()["tree"].toArray();
    QCOMPARE(static_cast<std::size_t>(tree.size()), nodes.size());
    for (const auto& v : tree) {
      const QJsonObject seen = v.toObject();
      const std::string path = seen["path"].toString().toStdString();
      QVERIFY2(nodes.count(path), path.c_str());
      const SnapshotNode& n = *nodes[path];
      const QJsonObject stat = seen["stat"].toObject();
      if (seen["data"].isNull()) {
        QVERIFY2(!n.data, path.c_str());
      } else {
        QCOMPARE(n.data.value_or("<null>"), dataOf(seen["data"]));
      }
      QCOMPARE(n.stat.czxid, longOf(stat["czxid"]));
      QCOMPARE(n.stat.mzxid, longOf(stat["mzxid"]));
      QCOMPARE(n.stat.pzxid, longOf(stat["pzxid"]));
      QCOMPARE(n.stat.ctime, longOf(stat["ctime"]));
      QCOMPARE(n.stat.mtime, longOf(stat["mtime"]));
      QCOMPARE(n.stat.version, longOf(stat["version"]));
      QCOMPARE(n.stat.aversion, longOf(stat["aversion"]));
      QCOMPARE(n.stat.ephemeralOwner, longOf(stat["ephemeralOwner"]));
      const int32_t numChildren = children.count(n.path) ? children.at(n.path) : 0;
      QCOMPARE(numChildren, longOf(stat["numChildren"]));
      // StatPersisted counts creates; clients see cversion * 2 - numChildren (DataNode.copyStat).
      QCOMPARE(n.stat.cversion * 2 - numChildren, longOf(stat["cversion"]));
      const auto acl = aclOf(image, n.aclRef);
      const QJsonArray seenAcl = seen["acl"].toArray();
      QCOMPARE(static_cast<std::size_t>(seenAcl.size()), acl.size());
      for (std::size_t i = 0; i < acl.size(); ++i) {
        const QJsonObject a = seenAcl[static_cast<int>(i)].toObject();
        QCOMPARE(acl[i].perms, a["perms"].toInt());
        QCOMPARE(acl[i].id.scheme, a["scheme"].toString().toStdString());
        QCOMPARE(acl[i].id.id, a["id"].toString().toStdString());
      }
    }
    QCOMPARE(nodes["/app/eph"]->stat.ephemeralOwner, sessionA());
  }

  void storedDigestsAreTheSumOfOurNodeDigests() {
    PosixFileSystem fs;
    int consistent = 0;
    const auto snapshots = *listSnapshots(fs, kDir);
    for (const SnapshotFile& file : snapshots) {
      const SnapshotImage image = *readSnapshotFile(fs, kDir, file);
      QVERIFY(image.digest);
      QCOMPARE(image.digest->digestVersion, coordination::kDigestVersion);
      if (image.digest->zxid == 0) {
        QCOMPARE(image.digest->digest, 0);  // the empty start-up snapshot: "no digest"
      } else if (image.digest->zxid == file.zxid) {
        // Not fuzzy (no txn applied while it was written): the tree is that of its zxid.
        QCOMPARE(treeDigest(image), image.digest->digest);
        ++consistent;
      }
    }
    QVERIFY(consistent >= 1);
    const LoadedSnapshot latest = newest(fs);
    QCOMPARE(treeDigest(latest.image), latest.image.digest->digest);
  }

  void theLogHoldsEveryTxnInOrder() {
    PosixFileSystem fs;
    const TxnLogContents log = *readTxnLog(fs, kDir, 0);
    QVERIFY(!log.tornTail);
    QVERIFY(log.skippedTails.empty());
    const QJsonArray types = expected()["txnTypes"].toArray();
    QCOMPARE(log.txns.size(), static_cast<std::size_t>(types.size()));
    for (std::size_t i = 0; i < log.txns.size(); ++i) {
      const LoggedTxn& t = log.txns[i];
      QCOMPARE(t.header.zxid, static_cast<int64_t>(i + 1));
      QCOMPARE(t.header.type, types[static_cast<int>(i)].toInt());
      // ZooKeeper stores a digest with every txn but the error ones.
      QCOMPARE(t.digest.has_value(), t.header.type != txn_type::kError);
      QVERIFY(t.header.clientId == sessionA() || t.header.clientId == sessionB());
    }
    QCOMPARE(log.txns[0].header.clientId, sessionA());
    QCOMPARE(log.txns[1].header.clientId, sessionB());
    Reader created{std::span(reinterpret_cast<const uint8_t*>(log.txns[0].body.data()), log.txns[0].body.size())};
    QCOMPARE(zk::CreateSessionTxn::decode(created)->timeOut, 60000);
    const LoggedTxn& close = log.txns.back();
    QCOMPARE(close.header.clientId, sessionB());
    Reader closed{std::span(reinterpret_cast<const uint8_t*>(close.body.data()), close.body.size())};
    QCOMPARE(zk::CloseSessionTxn::decode(closed)->paths2Delete, std::vector<std::string>{"/app/eph-b"});
    QCOMPARE(close.digest->treeDigest, newest(fs).image.digest->digest);
  }

  void snapshotDigestsMatchTheLogAtTheirZxid() {
    PosixFileSystem fs;
    std::map<int64_t, int64_t> logged;
    const TxnLogContents log = *readTxnLog(fs, kDir, 0);
    for (const auto& t : log.txns) {
      if (t.digest) logged[t.header.zxid] = t.digest->treeDigest;
    }
    const auto snapshots = *listSnapshots(fs, kDir);
    for (const SnapshotFile& file : snapshots) {
      const SnapshotImage image = *readSnapshotFile(fs, kDir, file);
      if (image.digest->zxid > 0) QCOMPARE(image.digest->digest, logged.at(image.digest->zxid));
    }
  }

  void reencodingGivesZooKeepersBytes() {
    PosixFileSystem fs;
    const auto snapshots = *listSnapshots(fs, kDir);
    for (const SnapshotFile& file : snapshots) {
      const auto bytes = readFile(fs, versionDir(kDir) + "/" + file.name);
      const SnapshotImage image = *decodeSnapshot(bytes);
      const auto ours = encodeSnapshot(image);
      if (image.sessions.size() <= 1) {
        QVERIFY2(ours == bytes, file.name.c_str());
      } else {
        // ZooKeeper writes sessions in java.util.HashMap order, we in ascending ids: same
        // contents, same size, other bytes.
        QCOMPARE(ours.size(), bytes.size());
        QCOMPARE(*decodeSnapshot(ours), image);
      }
    }
    // Our writer, rolled where ZooKeeper rolled, writes the same entries; both end in zeros.
    MemoryFileSystem ours;
    TxnLogWriter writer(ours, "/ours", {.preallocBytes = 4096});
    const auto logs = *listTxnLogs(fs, kDir);
    for (std::size_t i = 0; i < logs.size(); ++i) {
      const int64_t end = i + 1 < logs.size() ? logs[i + 1].firstZxid : INT64_MAX;
      const TxnLogContents log = *readTxnLog(fs, kDir, logs[i].firstZxid);
      for (const auto& t : log.txns) {
        if (t.header.zxid < end) QVERIFY(writer.append(t).isOk());
      }
      QVERIFY(writer.roll().isOk());
      const auto theirs = readFile(fs, versionDir(kDir) + "/" + logs[i].name);
      const auto mine = readFile(ours, versionDir("/ours") + "/" + logs[i].name);
      const std::size_t n = std::min(theirs.size(), mine.size());
      QVERIFY2(std::equal(theirs.begin(), theirs.begin() + static_cast<long>(n), mine.begin()), logs[i].name.c_str());
      QVERIFY(std::all_of(theirs.begin() + static_cast<long>(n), theirs.end(), [](uint8_t b) { return b == 0; }));
      QVERIFY(std::all_of(mine.begin() + static_cast<long>(n), mine.end(), [](uint8_t b) { return b == 0; }));
    }
  }

  void compressedSnapshotsHoldTheSameTree() {
    PosixFileSystem fs;
    const SnapshotImage plain = newest(fs).image;
    for (const char* method : {"gz", "snappy"}) {
      const LoadedSnapshot packed = newest(fs, kTestData + "/zk38-" + method);
      QCOMPARE(packed.file.compression, std::string(method) == "gz" ? SnapshotCompression::Gzip : SnapshotCompression::Snappy);
      QCOMPARE(packed.image.sessions, plain.sessions);
      QCOMPARE(packed.image.acls, plain.acls);
      QCOMPARE(byPath(packed.image.nodes), byPath(plain.nodes));
      // Written at a restart that replayed nothing: ZooKeeper then has no digest to write and
      // writes zxid 0, digest 0 ("none").
      QVERIFY(packed.image.digest->zxid == 0 || packed.image.digest == plain.digest);
    }
  }

  void purgeKeepsWhatReplayNeeds() {
    PosixFileSystem real;
    MemoryFileSystem fs;
    copyDir(real, kDir, fs);
    const auto before = *listSnapshots(fs, kDir);
    const auto plan = *purgeOldFiles(fs, kDir, kDir, 3);
    const auto after = *listSnapshots(fs, kDir);
    QCOMPARE(after.size(), std::min<std::size_t>(3, before.size()));
    QCOMPARE(after.front().name, before.front().name);
    QCOMPARE(plan.snapshots.size(), before.size() - after.size());
    // Replay from the oldest kept snapshot still finds every txn after it, without a gap.
    const int64_t oldest = after.back().zxid;
    const auto txns = readTxnLog(fs, kDir, oldest + 1)->txns;
    QVERIFY(!txns.empty());
    QCOMPARE(txns.front().header.zxid, oldest + 1);
    QCOMPARE(txns.back().header.zxid, readTxnLog(real, kDir, 0)->txns.back().header.zxid);
  }
};

QTEST_APPLESS_MAIN(TstZkFormatZk38)
#include "tst_zk_format_zk38.moc"
