// Logging: key=value formatting and quoting, level filtering before formatting, and reopening
// the log file after rotation.

#include <QtTest>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include "base/ids.h"
#include "base/log.h"

using namespace pier;

namespace {
std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Captured {
  std::vector<std::pair<log::Level, std::string>> lines;
  Captured() {
    log::setCapture([this](log::Level l, std::string_view line) { lines.emplace_back(l, line); });
  }
  ~Captured() { log::setCapture(nullptr); }
};
}  // namespace

class TestLog : public QObject {
  Q_OBJECT

 private slots:
  void formatting_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "orders" << "m k=orders";
    QTest::newRow("space") << "two words" << "m k=\"two words\"";
    QTest::newRow("equals") << "a=b" << "m k=\"a=b\"";
    QTest::newRow("quote") << "say \"hi\"" << "m k=\"say \\\"hi\\\"\"";
    QTest::newRow("newline") << "a\nb" << "m k=\"a\\nb\"";
    QTest::newRow("control") << QString("a") + QChar(1) << "m k=\"a\\x01\"";
    QTest::newRow("empty") << "" << "m k=\"\"";
  }

  void formatting() {
    QFETCH(QString, value);
    QFETCH(QString, expected);
    std::string v = value.toStdString();
    QCOMPARE(QString::fromStdString(log::formatLine("m", {{"k", v}})), expected);
  }

  void typedFields() {
    std::string line = log::formatLine(
        "segment rolled", {{"partition", 3}, {"offset", Offset(42)}, {"durable", true}, {"ratio", 0.5}});
    QCOMPARE(line, std::string("segment rolled partition=3 offset=42 durable=true ratio=0.500000"));
  }

  void levelFiltering() {
    Captured c;
    log::setLevel(log::Level::Warn);
    PIER_LOG_INFO("hidden", {"a", 1});
    PIER_LOG_WARN("shown", {"a", 2});
    PIER_LOG_ERROR("also shown");
    log::setLevel(log::Level::Info);
    QCOMPARE(c.lines.size(), std::size_t{2});
    QCOMPARE(c.lines[0].second, std::string("shown a=2"));
    QCOMPARE(c.lines[1].first, log::Level::Error);
  }

  void argumentsNotEvaluatedWhenFiltered() {
    int evaluated = 0;
    auto expensive = [&] {
      ++evaluated;
      return 1;
    };
    log::setLevel(log::Level::Error);
    PIER_LOG_DEBUG("x", {"v", expensive()});
    log::setLevel(log::Level::Info);
    QCOMPARE(evaluated, 0);
  }

  void parseLevel() {
    QCOMPARE(*log::parseLevel("WARNING"), log::Level::Warn);
    QCOMPARE(*log::parseLevel("debug"), log::Level::Debug);
    Status s = log::parseLevel("loud").status();
    QVERIFY(!s.isOk());
    QVERIFY(s.message().find("'loud'") != std::string::npos);
  }

  void fileAndReopen() {
    QTemporaryDir dir;
    std::string path = dir.filePath("pier.log").toStdString();
    QVERIFY(log::logToFile(path).isOk());
    PIER_LOG_WARN("first", {"n", 1});
    std::string rotated = path + ".1";
    QCOMPARE(std::rename(path.c_str(), rotated.c_str()), 0);
    QVERIFY(log::reopen().isOk());
    PIER_LOG_WARN("second", {"n", 2});
    log::logToStderr();
    QVERIFY(readAll(rotated).find("first n=1") != std::string::npos);
    std::string fresh = readAll(path);
    QVERIFY(fresh.find("second n=2") != std::string::npos);
    QVERIFY(fresh.find("first") == std::string::npos);
    QVERIFY(fresh.find(" warn ") != std::string::npos);
  }

  void unopenableFileIsAnError() {
    QTemporaryDir dir;
    std::string notADir = dir.filePath("plain-file").toStdString();
    std::ofstream(notADir) << "x";
    std::string path = notADir + "/pier.log";
    Status s = log::logToFile(path);
    QVERIFY(!s.isOk());
    QVERIFY2(s.message().find(path) != std::string::npos, s.toString().c_str());
  }
};

QTEST_APPLESS_MAIN(TestLog)
#include "tst_log.moc"
