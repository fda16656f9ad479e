// kill -9 of a real process in the middle of appends: log_append_driver acknowledges each
// append only after it is durable (flush.messages=1); after SIGKILL at an arbitrary moment,
// reopening the directory finds every acknowledged record intact, nothing after a torn write,
// and the driver resumes at the right offset. Three kill/restart rounds on the same directory.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_batch.h"
#include "runtime/posix/posix_file_system.h"
#include "storage/log_directory.h"

using namespace pier;
using namespace pier::storage;
namespace records = pier::protocol::records;

namespace {
const TopicPartition kTp{"kill9", PartitionIndex(0)};

// Runs the driver until it has acknowledged `acks` appends (or 20 s pass), then SIGKILLs it.
// Returns the last acknowledged offset, or -1.
int64_t runAndKill(const QString& dir, int acks) {
  QProcess driver;
  driver.start(PIER_APPEND_DRIVER, {dir, "1000000"});
  if (!driver.waitForStarted(10000)) qFatal("driver did not start");
  int64_t lastAcked = -1;
  int seen = 0;
  QByteArray pending;
  QElapsedTimer timer;
  timer.start();
  while (seen < acks && timer.elapsed() < 20000) {
    if (!driver.waitForReadyRead(5000)) break;
    pending += driver.readAllStandardOutput();
    int nl = 0;
    while ((nl = pending.indexOf('\n')) >= 0) {
      QByteArray line = pending.left(nl);
      pending.remove(0, nl + 1);
      if (line.startsWith("acked ")) {
        lastAcked = line.mid(6).toLongLong();
        ++seen;
      }
    }
  }
  driver.kill();  // SIGKILL, to our own child only
  driver.waitForFinished(10000);
  return lastAcked;
}
}  // namespace

class TestLogKill9 : public QObject {
  Q_OBJECT

 private slots:
  void acknowledgedAppendsSurviveSigkill() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    int64_t lastAcked = -1;
    for (int round = 0; round < 3; ++round) {
      const int64_t acked = runAndKill(tmp.path(), 400 + 150 * round);
      QVERIFY2(acked > lastAcked, "the driver acknowledged nothing new");
      lastAcked = acked;
      PosixFileSystem fs;
      LogDirectoryOptions options;
      options.brokerId = NodeId(0);
      auto dir = LogDirectory::open(fs, tmp.path().toStdString(), options, 0);
      QVERIFY2(dir.isOk(), dir.status().toString().c_str());
      QVERIFY(!(*dir)->hadCleanShutdown());
      PartitionLog* log = (*dir)->find(kTp);
      QVERIFY(log != nullptr);
      QVERIFY2(log->logEndOffset().value() > lastAcked,
               qPrintable(QString("LEO %1, last acknowledged %2").arg(log->logEndOffset().value()).arg(lastAcked)));
      // Every record is there, in order, with its value.
      Offset next(0);
      while (next < log->logEndOffset()) {
        auto got = log->read(next, 1 << 20, log->logEndOffset(), true);
        QVERIFY(got.isOk());
        records::BatchIterator it(got->records);
        while (true) {
          auto entry = it.next();
          if (!entry || !*entry) break;
          auto batch = records::decodeBatch((*entry)->bytes);
          QVERIFY2(batch.isOk(), batch.status().toString().c_str());
          QCOMPARE(batch->header.baseOffset, next);
          const std::string expected = "record-" + std::to_string(next.value());
          const auto& value = *batch->records.at(0).value;
          QCOMPARE(std::string(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(expected.size())), expected);
          next = Offset(next.value() + 1);
        }
      }
      QCOMPARE(next, log->logEndOffset());
    }
  }
};

QTEST_GUILESS_MAIN(TestLogKill9)
#include "tst_log_kill9.moc"
