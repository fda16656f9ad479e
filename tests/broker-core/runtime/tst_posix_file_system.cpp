// PosixFileSystem on a real temporary directory: the same contract the in-memory one enforces,
// and errors that name the path.

#include <QtTest>

#include <QTemporaryDir>

#include <sys/stat.h>

#include "runtime/posix/posix_file_system.h"
#include "runtime/runtime_error.h"

using namespace pier;

namespace {
std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

class TestPosixFileSystem : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    m_dir = std::make_unique<QTemporaryDir>();  // a fresh directory per test function
    QVERIFY(m_dir->isValid());
    m_root = m_dir->path().toStdString();
  }

  void appendReadSyncReopen() {
    PosixFileSystem fs;
    std::string dir = joinPath(m_root, "log/orders-0");
    QVERIFY(fs.createDirectories(dir).isOk());
    std::string path = joinPath(dir, "00000000000000000000.log");
    {
      auto f = std::move(fs.open(path, {.create = true}).value());
      QCOMPARE(*f->append(bytes("hello ")), uint64_t{0});
      QCOMPARE(*f->append(bytes("world")), uint64_t{6});
      QVERIFY(f->writeAt(0, bytes("H")).isOk());
      QVERIFY(f->sync().isOk());
      QVERIFY(fs.syncDirectory(dir).isOk());
    }
    auto f = std::move(fs.open(path, {}).value());
    QCOMPARE(*f->size(), uint64_t{11});
    std::vector<uint8_t> buf(32);
    QCOMPARE(*f->readAt(6, buf), std::size_t{5});
    QCOMPARE(std::string(buf.begin(), buf.begin() + 5), std::string("world"));
    QCOMPARE(*f->readAt(100, buf), std::size_t{0});
    QCOMPARE(*f->append(bytes("!")), uint64_t{11});  // append continues at the real end
    QVERIFY(f->truncate(5).isOk());
    QCOMPARE(*f->readAt(0, buf), std::size_t{5});
    QCOMPARE(std::string(buf.begin(), buf.begin() + 5), std::string("Hello"));
  }

  // reserve(): blocks without a size change (fallocate KEEP_SIZE); truncate at the same size
  // gives back the blocks past the end.
  void reserveKeepsTheSizeAndTruncateGivesBlocksBack() {
    PosixFileSystem fs;
    const std::string path = joinPath(m_root, "00000000000000000000.log");
    auto f = std::move(fs.open(path, {.create = true}).value());
    QVERIFY(f->writeAt(0, bytes("0123456789")).isOk());
    const auto allocated = [&path] {
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) qFatal("stat %s", path.c_str());
      return std::pair<uint64_t, uint64_t>{static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_blocks) * 512};
    };
    QVERIFY(f->reserve(10, 1 << 20).isOk());
    QCOMPARE(*f->size(), uint64_t{10});
    QCOMPARE(allocated().first, uint64_t{10});
    QVERIFY(allocated().second >= uint64_t{1} << 20);
    QCOMPARE(*f->append(bytes("!")), uint64_t{10});  // appends continue at the written end
    QVERIFY(f->truncate(11).isOk());
    QCOMPARE(allocated().first, uint64_t{11});
    QVERIFY(allocated().second <= 8192);
    std::vector<uint8_t> buf(16);
    QCOMPARE(*f->readAt(0, buf), std::size_t{11});
  }

  void renameListRemove() {
    PosixFileSystem fs;
    for (auto name : {"b.log", "a.index"}) {
      QVERIFY(fs.open(joinPath(m_root, name), {.create = true}).isOk());
    }
    QVERIFY(fs.rename(joinPath(m_root, "b.log"), joinPath(m_root, "b.log.deleted")).isOk());
    QCOMPARE(*fs.list(m_root), (std::vector<std::string>{"a.index", "b.log.deleted"}));
    QVERIFY(fs.remove(joinPath(m_root, "b.log.deleted")).isOk());
    QCOMPARE(*fs.exists(joinPath(m_root, "b.log.deleted")), false);
    QCOMPARE(*fs.exists(joinPath(m_root, "a.index")), true);
  }

  void errorsNameThePath() {
    PosixFileSystem fs;
    std::string missing = joinPath(m_root, "missing.log");
    Status s = fs.open(missing, {}).status();
    QVERIFY(s.is(RuntimeError::NotFound));
    QVERIFY2(s.message().find(missing) != std::string::npos, s.toString().c_str());
    QVERIFY(fs.open(joinPath(m_root, "x"), {.create = true}).isOk());
    QVERIFY(fs.open(joinPath(m_root, "x"), {.create = true, .exclusive = true}).status().is(RuntimeError::AlreadyExists));
    QVERIFY(fs.open(m_root, {}).status().is(RuntimeError::IsADirectory));
    QVERIFY(fs.list(missing).status().is(RuntimeError::NotFound));
    QVERIFY(fs.createDirectories(joinPath(m_root, "x/sub")).is(RuntimeError::NotADirectory));
  }

  void space() {
    PosixFileSystem fs;
    auto s = fs.space(m_root);
    QVERIFY(s.isOk());
    QVERIFY(s->capacityBytes > 0);
    QVERIFY(s->availableBytes <= s->capacityBytes);
  }

 private:
  std::unique_ptr<QTemporaryDir> m_dir;
  std::string m_root;
};

QTEST_APPLESS_MAIN(TestPosixFileSystem)
#include "tst_posix_file_system.moc"
