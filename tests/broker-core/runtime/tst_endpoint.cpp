// Endpoint parsing: the forms that appear in listeners, bootstrap.servers and zoo.cfg.

#include <QtTest>

#include "runtime/network.h"
#include "runtime/runtime_error.h"

using namespace pier;

class TestEndpoint : public QObject {
  Q_OBJECT

 private slots:
  void parse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << "127.0.0.1:9092" << true << "127.0.0.1" << 9092;
    QTest::newRow("name") << "localhost:2181" << true << "localhost" << 2181;
    QTest::newRow("ipv6") << "[::1]:9093" << true << "::1" << 9093;
    QTest::newRow("any port") << "0.0.0.0:0" << true << "0.0.0.0" << 0;
    QTest::newRow("no port") << "localhost" << false << "" << 0;
    QTest::newRow("empty port") << "localhost:" << false << "" << 0;
    QTest::newRow("port too big") << "localhost:65536" << false << "" << 0;
    QTest::newRow("port not a number") << "localhost:90x" << false << "" << 0;
    QTest::newRow("bare ipv6") << "::1:9092" << false << "" << 0;
  }

  void parse() {
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    auto e = Endpoint::parse(text.toStdString());
    QCOMPARE(e.isOk(), ok);
    if (ok) {
      QCOMPARE(QString::fromStdString(e->host), host);
      QCOMPARE(static_cast<int>(e->port), port);
      QCOMPARE(QString::fromStdString(e->toString()), text);
    } else {
      QVERIFY(e.status().is(RuntimeError::InvalidArgument));
      QVERIFY(e.status().message().find(text.toStdString()) != std::string::npos);
    }
  }
};

QTEST_APPLESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
