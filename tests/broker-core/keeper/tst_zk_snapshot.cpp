// ZooKeeper 3.8 snapshots over MemoryFileSystem: the stream both ways (sessions, ACL cache,
// nodes in pre-order, the two Adler32 seals and the digest between them), every truncation and
// every flipped bit refused, random bytes, durable writing, the newest-valid-snapshot fallback
// (incomplete and corrupt newer files skipped), gzip and snappy-java files, and autopurge.
#include <QtTest>

#include "base/prng.h"
#include "keeper/keeper_database.h"
#include "keeper/zk_file_names.h"
#include "keeper/zk_persistence_error.h"
#include "keeper/zk_purge.h"
#include "keeper/zk_snapshot.h"
#include "keeper/zk_snapshot_files.h"
#include "keeper/zk_txn_log.h"
#include "protocol/records/compression.h"
#include "runtime/memory_file_system.h"
#include "zk_persistence_test_util.h"

using namespace pier;
using namespace pier::keeper;
using namespace pier::keeper::testing;

namespace {

const std::string kDataDir = "/data/snap";
const std::string kSnapDir = "/data/snap/version-2";

zk::StatPersisted statOf(int64_t zxid, int32_t cversion = 0, int64_t owner = 0) {
  return zk::StatPersisted{zxid,  zxid, 1700000000000 + zxid, 1700000000000 + zxid, 0, cversion, 0,
                           owner, zxid};
}

SnapshotImage sampleImage(int64_t zxid = 0x42) {
  SnapshotImage image;
  image.sessions = {{0x1000121ceda0000, 30000}, {0x1000121ceda0003, 60000}};
  image.acls[1] = openAcl();
  image.acls[2] = {zk::ACL{31, zk::Id{"digest", "user:5w9W4eL3797Y4Wq8AcKUPPk8ha4="}},
                   zk::ACL{1, zk::Id{"ip", "10.0.0.0/8"}}};
  image.nodes.push_back({"", std::string(), -1, statOf(0, 3)});
  image.nodes.push_back({"/app", std::string("hello"), 1, statOf(3, 2)});
  image.nodes.push_back({"/app/null", std::nullopt, 1, statOf(4)});
  image.nodes.push_back(
      {"/app/eph", std::string("\0\1\2\xff", 4), 2, statOf(5, 0, 0x1000121ceda0000)});
  image.nodes.push_back({"/zookeeper", std::string(), -1, statOf(0, 1)});
  image.nodes.push_back({"/zookeeper/quota", std::string(), -1, statOf(0)});
  image.digest = SnapshotDigest{zxid, 2, 0x123456789};
  return image;
}

// Where the first seal ends in an encoding with a digest: 20 digest bytes and 13 seal bytes before
// the end.
std::size_t firstSealEnd(const std::vector<uint8_t>& bytes) {
  return bytes.size() - 20 - 13;
}

void writeImage(FileSystem& fs, int64_t zxid) {
  QVERIFY(writeSnapshot(fs, kDataDir, zxid, sampleImage(zxid)).isOk());
}

}  // namespace

class TstZkSnapshot : public QObject {
  Q_OBJECT

 private slots:
  void roundTrips() {
    const SnapshotImage image = sampleImage();
    const auto bytes = encodeSnapshot(image);
    QCOMPARE(*decodeSnapshot(bytes), image);
    const std::vector<uint8_t> header{'Z',  'K',  'S',  'N',  0,    0,    0,    2,
                                      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    QVERIFY(std::equal(header.begin(), header.end(), bytes.begin()));
    const std::vector<uint8_t> sealEnd{0, 0, 0, 1, '/'};
    QVERIFY(std::equal(sealEnd.begin(), sealEnd.end(), bytes.end() - 5));
    // The first seal covers everything before it; the second everything before it, first seal
    // included.
    const std::size_t seal1 = firstSealEnd(bytes) - 13;
    QCOMPARE(Reader(std::span(bytes).subspan(seal1)).readInt64().valueOr(0),
             adler32Of(std::span(bytes).first(seal1)));
    const std::size_t seal2 = bytes.size() - 13;
    QCOMPARE(Reader(std::span(bytes).subspan(seal2)).readInt64().valueOr(0),
             adler32Of(std::span(bytes).first(seal2)));
  }

  void digestsOfEveryVersionAndNone() {
    SnapshotImage image = sampleImage();
    image.digest.reset();
    QCOMPARE(*decodeSnapshot(encodeSnapshot(image)), image);  // as 3.5 wrote them
    image.digest = SnapshotDigest{7, 1, -2};                  // version 1: the digest as hex text
    QCOMPARE(*decodeSnapshot(encodeSnapshot(image)), image);
  }

  void everyTruncationIsRefusedButTheOldFormat() {
    const auto bytes = encodeSnapshot(sampleImage());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto image = decodeSnapshot(std::span(bytes).first(n));
      if (n == firstSealEnd(bytes)) {
        QVERIFY(image.isOk() && !image->digest);  // a snapshot without the digest section
      } else {
        QVERIFY2(image.status().is(PersistenceError::CorruptSnapshot),
                 qPrintable(QString::number(n)));
      }
    }
  }

  void everyBitFlipIsRefused() {
    const auto bytes = encodeSnapshot(sampleImage());
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
      auto flipped = bytes;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      QVERIFY2(!decodeSnapshot(flipped).isOk(), qPrintable(QString::number(bit)));
    }
  }

  void nodesOutOfOrderAreRefused() {
    SnapshotImage image = sampleImage();
    std::swap(image.nodes[1], image.nodes[2]);  // /app/null before /app
    QVERIFY(decodeSnapshot(encodeSnapshot(image)).status().message().find("before its parent") !=
            std::string::npos);
    image = sampleImage();
    image.nodes.push_back(image.nodes[1]);
    QVERIFY(decodeSnapshot(encodeSnapshot(image)).status().message().find("twice") !=
            std::string::npos);
    image = sampleImage();
    image.nodes.erase(image.nodes.begin());
    QVERIFY(decodeSnapshot(encodeSnapshot(image)).status().message().find("not the root") !=
            std::string::npos);
  }

  void randomBytesNeverCrashTheDecoder() {
    Prng prng(3);
    const auto valid = encodeSnapshot(sampleImage());
    for (int i = 0; i < 3000; ++i) {
      std::vector<uint8_t> bytes = i % 2 ? prng.bytes(prng.below(600)) : valid;
      if (i % 2 == 0) {
        bytes.resize(prng.below(valid.size() + 1));
        for (uint64_t n = 1 + prng.below(6); n-- > 0 && !bytes.empty();)
          bytes[prng.below(bytes.size())] = static_cast<uint8_t>(prng.next());
      }
      auto image = decodeSnapshot(bytes);
      QVERIFY(image.isOk() || image.status().is(PersistenceError::CorruptSnapshot));
    }
  }

  // A tree encoded straight from where it lives gives the very stream its image would.
  void treeEncodedInPlaceEqualsItsImage() {
    MemoryFileSystem fs;
    writeImage(fs, 0x42);
    auto restored = restoreDatabase(fs, kDataDir, kDataDir);
    QVERIFY2(restored.isOk(), qPrintable(QString::fromStdString(restored.status().toString())));
    const auto direct = encodeSnapshotOf(*restored->tree);
    QCOMPARE(direct, encodeSnapshot(snapshotOf(*restored->tree)));
    auto decoded = decodeSnapshot(direct);
    QVERIFY(decoded.isOk());
    QCOMPARE(decoded->nodes.size(), sampleImage().nodes.size());
    QCOMPARE(decoded->sessions, sampleImage().sessions);
    // Sized up front: one allocation of the final size, no doubling (nodeBytes is what node()
    // writes); checked on a tree larger than the encoder's first 4 KiB.
    SnapshotImage big = sampleImage(0x43);
    big.nodes[1].data = std::string(20000, 'x');
    big.nodes[3].data = std::string(SnapshotEncoder::kPieceBytes + 1000, 'y');  // two pieces when streamed
    big.digest.reset();
    QVERIFY(writeSnapshot(fs, kDataDir, 0x43, big).isOk());
    auto bigTree = restoreDatabase(fs, kDataDir, kDataDir);
    QVERIFY2(bigTree.isOk(), qPrintable(QString::fromStdString(bigTree.status().toString())));
    const auto bigStream = encodeSnapshotOf(*bigTree->tree);
    QVERIFY(bigStream.size() > 20000);
    QVERIFY2(bigStream.capacity() <= bigStream.size() + 128,
             qPrintable(QString::number(bigStream.capacity() - bigStream.size())));
    // Streamed into snapshot.<zxid>.tmp piece by piece (checksums running over the pieces), then
    // published: the very same bytes under the snapshot's name, and no .tmp left.
    QVERIFY(fs.remove(kSnapDir + "/snapshot.43").isOk());  // the one the tree was restored from
    QVERIFY(writeSnapshotTemp(fs, kDataDir, *bigTree->tree).isOk());
    QVERIFY(fs.exists(kSnapDir + "/snapshot.43.tmp").value());
    QVERIFY(!fs.exists(kSnapDir + "/snapshot.43").value());
    QVERIFY(publishSnapshot(fs, kDataDir, 0x43).isOk());
    QVERIFY(!fs.exists(kSnapDir + "/snapshot.43.tmp").value());
    auto published = fs.open(kSnapDir + "/snapshot.43", OpenOptions{});
    QVERIFY(published.isOk());
    std::vector<uint8_t> onDisk(bigStream.size() + 1);
    QCOMPARE((*published)->readAt(0, onDisk).value(), bigStream.size());
    onDisk.resize(bigStream.size());
    QVERIFY(onDisk == bigStream);
    QVERIFY(decodeSnapshot(onDisk).isOk());
    std::size_t nodeBytes = 0;
    for (const auto& n : sampleImage().nodes) nodeBytes += SnapshotEncoder::nodeBytes(n.path, n.data);
    SnapshotEncoder nodeless(sampleImage().sessions, sampleImage().acls);
    const std::size_t framingBytes = std::move(nodeless).finish(std::nullopt).size();
    SnapshotImage undigested = sampleImage();
    undigested.digest.reset();
    QCOMPARE(encodeSnapshot(undigested).size(), framingBytes + nodeBytes);
  }

  void writesDurablyUnderZooKeepersName() {
    MemoryFileSystem fs;
    writeImage(fs, 0x100000002);
    fs.crash();
    QCOMPARE(*fs.list(kSnapDir), (std::vector<std::string>{"snapshot.100000002"}));
    auto loaded = *readNewestValidSnapshot(fs, kDataDir);
    QCOMPARE(loaded->file.zxid, 0x100000002);
    QCOMPARE(loaded->image, sampleImage(0x100000002));
  }

  void theNewestValidSnapshotIsLoaded() {
    MemoryFileSystem fs;
    QVERIFY(!*readNewestValidSnapshot(fs, kDataDir));  // no version-2 yet: start empty
    for (int64_t z : {5, 10, 15, 20}) writeImage(fs, z);
    QCOMPARE((*readNewestValidSnapshot(fs, kDataDir))->file.name, std::string("snapshot.14"));
    // snapshot.14: a flipped bit (looks complete, fails its seal); snapshot.f: cut short.
    QVERIFY(fs.flipBit(kSnapDir + "/snapshot.14", 8 * 40).isOk());
    auto cut = readFile(fs, kSnapDir + "/snapshot.f");
    cut.resize(cut.size() - 3);
    writeFile(fs, kSnapDir + "/snapshot.f", cut);
    auto loaded = *readNewestValidSnapshot(fs, kDataDir);
    QCOMPARE(loaded->file.zxid, 10);
    QCOMPARE(loaded->skipped.size(), 2u);
    QVERIFY(loaded->skipped[0].find("snapshot.14: keeper.CorruptSnapshot") == 0);
    QVERIFY(loaded->skipped[1].find("snapshot.f: incomplete") == 0);
    QVERIFY(readNewestValidSnapshot(fs, kDataDir, {.candidatesMax = 1})
                .status()
                .is(PersistenceError::NoValidSnapshot));
    QVERIFY(fs.flipBit(kSnapDir + "/snapshot.a", 8 * 40).isOk());
    QVERIFY(fs.flipBit(kSnapDir + "/snapshot.5", 8 * 40).isOk());
    QVERIFY(readNewestValidSnapshot(fs, kDataDir).status().is(PersistenceError::NoValidSnapshot));
  }

  void compressedSnapshotsAreRead() {
    namespace records = protocol::records;
    MemoryFileSystem fs;
    const auto plain = encodeSnapshot(sampleImage(9));
    writeFile(fs, kSnapDir + "/snapshot.9.gz",
              *records::compress(records::Compression::Gzip, plain));
    writeFile(fs, kSnapDir + "/snapshot.8.snappy",
              *records::compress(records::Compression::Snappy, plain,
                                 {.snappyFraming = records::SnappyFraming::Xerial}));
    writeFile(fs, kSnapDir + "/snapshot.7.tmp", plain);  // never read
    auto files = *listSnapshots(fs, kDataDir);
    QCOMPARE(files.size(), 2u);
    QCOMPARE(files[0].compression, SnapshotCompression::Gzip);
    QCOMPARE(*readSnapshotFile(fs, kDataDir, files[0]), sampleImage(9));
    QCOMPARE(files[1].compression, SnapshotCompression::Snappy);
    QCOMPARE(*readSnapshotFile(fs, kDataDir, files[1]), sampleImage(9));
    writeFile(fs, kSnapDir + "/snapshot.9.gz", std::vector<uint8_t>{0x1f, 0x8b, 8, 0, 1, 2, 3});
    QCOMPARE((*readNewestValidSnapshot(fs, kDataDir))->file.name, std::string("snapshot.8.snappy"));
  }

  void purgeKeepsTheNewestSnapshotsAndTheLogsTheyNeed() {
    MemoryFileSystem fs;
    for (int64_t z : {0x10, 0x20, 0x30, 0x40}) writeImage(fs, z);
    TxnLogWriter w(fs, "/data/log", {.preallocBytes = 4096});
    for (int64_t first : {0x1, 0x15, 0x25, 0x35, 0x45}) {
      QVERIFY(w.append(makeTxn(first)).isOk());
      QVERIFY(w.roll().isOk());
    }
    QVERIFY(planPurge(fs, kDataDir, "/data/log", 2).status().is(PersistenceError::InvalidArgument));
    auto plan = *purgeOldFiles(fs, kDataDir, "/data/log", 3);
    QCOMPARE(plan.snapshots, (std::vector<std::string>{"snapshot.10"}));
    QCOMPARE(plan.logs,
             (std::vector<std::string>{"log.1"}));  // log.15 holds the txns after snapshot.20
    fs.crash();
    QCOMPARE(*fs.list(kSnapDir),
             (std::vector<std::string>{"snapshot.20", "snapshot.30", "snapshot.40"}));
    QCOMPARE(fs.list("/data/log/version-2")->size(), 4u);
    // An incomplete newest snapshot does not count among the retained ones.
    auto cut = readFile(fs, kSnapDir + "/snapshot.40");
    cut.resize(cut.size() - 1);
    writeFile(fs, kSnapDir + "/snapshot.40", cut);
    QVERIFY(planPurge(fs, kDataDir, "/data/log", 3)->snapshots.empty());
    QVERIFY(planPurge(fs, kDataDir, "/data/log", 3)->logs.empty());
    QVERIFY(planPurge(fs, "/empty", "/empty", 3)->snapshots.empty());
  }
};

QTEST_APPLESS_MAIN(TstZkSnapshot)
#include "tst_zk_snapshot.moc"
