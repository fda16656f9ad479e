// MemoryFileSystem: a crash keeps exactly what was synced (bytes by File::sync, names by
// syncDirectory), a tearing crash keeps a prefix of the unsynced writes, bit flips and full
// disks behave like the real faults they stand for.

#include <QtTest>

#include "base/prng.h"
#include "runtime/memory_file_system.h"
#include "runtime/runtime_error.h"

using namespace pier;

namespace {
std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::string contents(FileSystem& fs, const std::string& path) {
  auto f = fs.open(path, {});
  if (!f) return "<" + f.status().toString() + ">";
  std::vector<uint8_t> buf(static_cast<std::size_t>(*(*f)->size()));
  auto n = (*f)->readAt(0, buf);
  return std::string(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
}

std::unique_ptr<File> create(FileSystem& fs, const std::string& path) {
  return std::move(fs.open(path, {.create = true}).value());
}
}  // namespace

class TestMemoryFileSystem : public QObject {
  Q_OBJECT

 private slots:
  void renamingADirectoryMovesItsTreeDurably() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/data/orders-0/sub").isOk());
    auto f = create(fs, "/data/orders-0/00000000000000000000.log");
    QVERIFY(f->append(bytes("synced")).isOk());
    QVERIFY(f->sync().isOk());
    QVERIFY(fs.syncDirectory("/data/orders-0").isOk());
    QVERIFY(fs.rename("/data/orders-0", "/data/orders-0.abc-delete").isOk());
    QCOMPARE(*fs.list("/data"), (std::vector<std::string>{"orders-0.abc-delete"}));
    QCOMPARE(*fs.list("/data/orders-0.abc-delete"), (std::vector<std::string>{"00000000000000000000.log", "sub"}));
    fs.crash();
    QCOMPARE(contents(fs, "/data/orders-0.abc-delete/00000000000000000000.log"), std::string("synced"));
    QVERIFY(!*fs.exists("/data/orders-0"));
    QVERIFY(fs.rename("/data/orders-0.abc-delete", "/data/orders-0.abc-delete/sub/x").is(RuntimeError::InvalidArgument));
  }

  void crashLosesExactlyUnsyncedBytes() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/data/orders-0").isOk());
    auto f = create(fs, "/data/orders-0/00000000000000000000.log");
    QVERIFY(fs.syncDirectory("/data/orders-0").isOk());
    QCOMPARE(*f->append(bytes("acked-")), uint64_t{0});
    QCOMPARE(*f->append(bytes("records")), uint64_t{6});
    QVERIFY(f->sync().isOk());
    QVERIFY(f->append(bytes("+unsynced-tail")).status().isOk());
    QVERIFY(f->writeAt(0, bytes("X")).isOk());  // an unsynced overwrite, too
    QCOMPARE(fs.unsyncedBytes(), uint64_t{15});
    fs.crash();
    QCOMPARE(contents(fs, "/data/orders-0/00000000000000000000.log"), std::string("acked-records"));
    QCOMPARE(fs.unsyncedBytes(), uint64_t{0});
  }

  void unsyncedTruncateIsUndone() {
    MemoryFileSystem fs;
    auto f = create(fs, "/seg");
    QVERIFY(fs.syncDirectory("/").isOk());
    QVERIFY(f->append(bytes("0123456789")).status().isOk());
    QVERIFY(f->sync().isOk());
    QVERIFY(f->truncate(4).isOk());
    QCOMPARE(contents(fs, "/seg"), std::string("0123"));
    fs.crash();
    QCOMPARE(contents(fs, "/seg"), std::string("0123456789"));
  }

  void newFileNeedsDirectorySync() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto f = create(fs, "/d/a");
    QVERIFY(f->append(bytes("data")).status().isOk());
    QVERIFY(f->sync().isOk());
    fs.crash();
    QCOMPARE(*fs.exists("/d/a"), false);

    auto g = create(fs, "/d/b");
    QVERIFY(g->append(bytes("data")).status().isOk());
    QVERIFY(g->sync().isOk());
    QVERIFY(fs.syncDirectory("/d").isOk());
    fs.crash();
    QCOMPARE(contents(fs, "/d/b"), std::string("data"));
  }

  void renameAndRemoveNeedDirectorySync() {
    MemoryFileSystem fs;
    auto f = create(fs, "/x.cleaned");
    QVERIFY(f->append(bytes("v1")).status().isOk());
    QVERIFY(f->sync().isOk());
    QVERIFY(fs.syncDirectory("/").isOk());
    QVERIFY(fs.rename("/x.cleaned", "/x.swap").isOk());
    fs.crash();
    QCOMPARE(*fs.exists("/x.swap"), false);
    QCOMPARE(contents(fs, "/x.cleaned"), std::string("v1"));

    QVERIFY(fs.rename("/x.cleaned", "/x.swap").isOk());
    QVERIFY(fs.syncDirectory("/").isOk());
    QVERIFY(fs.remove("/x.swap").isOk());
    fs.crash();
    QCOMPARE(contents(fs, "/x.swap"), std::string("v1"));  // the unsynced removal is undone
  }

  void renameReplacesTarget() {
    MemoryFileSystem fs;
    QVERIFY(create(fs, "/a")->append(bytes("new")).isOk());
    QVERIFY(create(fs, "/b")->append(bytes("old")).isOk());
    QVERIFY(fs.rename("/a", "/b").isOk());
    QCOMPARE(contents(fs, "/b"), std::string("new"));
    QCOMPARE(*fs.exists("/a"), false);
  }

  void tearingCrashKeepsAPrefix() {
    const std::string full = "synced|" + std::string(50, 'a') + std::string(50, 'b');
    bool sawPartial = false, sawNone = false, sawAll = false;
    for (uint64_t seed = 1; seed <= 200; ++seed) {
      MemoryFileSystem fs;
      auto f = create(fs, "/log");
      QVERIFY(fs.syncDirectory("/").isOk());
      QVERIFY(f->append(bytes("synced|")).status().isOk());
      QVERIFY(f->sync().isOk());
      QVERIFY(f->append(bytes(std::string(50, 'a'))).status().isOk());
      QVERIFY(f->append(bytes(std::string(50, 'b'))).status().isOk());
      Prng prng(seed);
      fs.crashTearing(prng);
      std::string after = contents(fs, "/log");
      QVERIFY2(after.size() >= 7 && full.compare(0, after.size(), after) == 0,
               ("seed " + std::to_string(seed) + ": " + after).c_str());
      sawNone |= after.size() == 7;
      sawAll |= after == full;
      sawPartial |= after.size() != 7 && after.size() != 57 && after != full;
    }
    QVERIFY(sawNone && sawAll && sawPartial);
  }

  void staleHandleAfterCrash() {
    MemoryFileSystem fs;
    auto f = create(fs, "/a");
    QVERIFY(fs.syncDirectory("/").isOk());
    fs.crash();
    QVERIFY(f->append(bytes("x")).status().is(RuntimeError::Stale));
    QVERIFY(f->readAt(0, std::span<uint8_t>()).status().is(RuntimeError::Stale));
  }

  void flipBitCorruptsOneBit() {
    MemoryFileSystem fs;
    auto f = create(fs, "/a");
    QVERIFY(f->append(bytes("AAAA")).status().isOk());
    QVERIFY(f->sync().isOk());
    QVERIFY(fs.flipBit("/a", 2 * 8 + 0).isOk());
    QCOMPARE(contents(fs, "/a"), std::string("AA@A"));
    QVERIFY(fs.flipBit("/a", 32).is(RuntimeError::InvalidArgument));
  }

  void fullDisk() {
    MemoryFileSystem fs;
    fs.setCapacity(10);
    auto f = create(fs, "/a");
    QVERIFY(f->append(bytes("12345678")).status().isOk());
    Status s = f->append(bytes("abc")).status();
    QVERIFY2(s.is(RuntimeError::NoSpace), s.toString().c_str());
    QCOMPARE(contents(fs, "/a"), std::string("12345678"));  // nothing half-written
    QCOMPARE(fs.space("/")->availableBytes, uint64_t{2});
    QVERIFY(f->writeAt(0, bytes("zz")).isOk());  // overwriting needs no new space
  }

  void directoriesAndErrors() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/data/t-1/").isOk());
    create(fs, "/data/b");
    create(fs, "/data/a");
    QCOMPARE(*fs.list("/data"), (std::vector<std::string>{"a", "b", "t-1"}));
    QVERIFY(fs.open("/data/missing", {}).status().is(RuntimeError::NotFound));
    QVERIFY(fs.open("/nodir/x", {.create = true}).status().is(RuntimeError::NotFound));
    QVERIFY(fs.open("/data/a", {.create = true, .exclusive = true}).status().is(RuntimeError::AlreadyExists));
    QVERIFY(fs.remove("/data").is(RuntimeError::DirectoryNotEmpty));
    QVERIFY(fs.open("/data", {}).status().is(RuntimeError::IsADirectory));
    auto ro = std::move(fs.open("/data/a", {.readOnly = true}).value());
    QVERIFY(ro->append(bytes("x")).status().is(RuntimeError::PermissionDenied));
    QVERIFY(fs.remove("/data/t-1").isOk());
    QCOMPARE(*fs.list("/data"), (std::vector<std::string>{"a", "b"}));
  }

  void sparseWriteFillsWithZeros() {
    MemoryFileSystem fs;
    auto f = create(fs, "/idx");
    QVERIFY(f->writeAt(4, bytes("x")).isOk());
    QCOMPARE(*f->size(), uint64_t{5});
    QCOMPARE(contents(fs, "/idx"), std::string("\0\0\0\0x", 5));
  }
};

QTEST_APPLESS_MAIN(TestMemoryFileSystem)
#include "tst_memory_file_system.moc"
