// Prometheus exposition: cumulative latency buckets, counters, and the HTTP responder's answers
// (200 for GET/HEAD /metrics, 404, 405, 400).

#include <QtTest>

#include "broker/broker_metrics.h"
#include "broker/metrics_http.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace pier::broker;

class TestBrokerMetrics : public QObject {
  Q_OBJECT

 private slots:
  void histogramsAreCumulative() {
    BrokerMetrics m;
    m.observeRequest(0, 0.0002);  // Produce
    m.observeRequest(0, 0.003);
    m.observeRequest(0, 2.0);
    m.addProduced(10, 1000);
    QCOMPARE(m.requestCount(0), uint64_t{3});
    MemoryFileSystem fs;
    TopicManager none(fs, {"/unused"}, {}, NodeId(0), 1);  // never opened: no topics
    const std::string text = m.render(none);
    QVERIFY(text.find("pier_request_latency_seconds_bucket{api=\"Produce\",le=\"0.0001\"} 0\n") != std::string::npos);
    QVERIFY(text.find("pier_request_latency_seconds_bucket{api=\"Produce\",le=\"0.0005\"} 1\n") != std::string::npos);
    QVERIFY(text.find("pier_request_latency_seconds_bucket{api=\"Produce\",le=\"0.005\"} 2\n") != std::string::npos);
    QVERIFY(text.find("pier_request_latency_seconds_bucket{api=\"Produce\",le=\"+Inf\"} 3\n") != std::string::npos);
    QVERIFY(text.find("pier_requests_total{api=\"Produce\"} 3\n") != std::string::npos);
    QVERIFY(text.find("pier_messages_in_total 10\n") != std::string::npos);
    QVERIFY(text.find("# TYPE pier_request_latency_seconds histogram\n") != std::string::npos);
  }

  void httpAnswers() {
    auto render = [] { return std::string("body\n"); };
    auto ok = metricsHttpResponse("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", render);
    QVERIFY(ok.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    QVERIFY(ok.find("Content-Length: 5\r\n") != std::string::npos);
    QVERIFY(ok.size() >= 5 && ok.substr(ok.size() - 5) == "body\n");
    QVERIFY(metricsHttpResponse("HEAD /metrics HTTP/1.0\r\n\r\n", render).find("Content-Length: 0") != std::string::npos);
    QVERIFY(metricsHttpResponse("GET /other HTTP/1.1\r\n\r\n", render).rfind("HTTP/1.1 404", 0) == 0);
    QVERIFY(metricsHttpResponse("POST /metrics HTTP/1.1\r\n\r\n", render).rfind("HTTP/1.1 405", 0) == 0);
    QVERIFY(metricsHttpResponse("garbage\r\n\r\n", render).rfind("HTTP/1.1 400", 0) == 0);
  }
};

QTEST_APPLESS_MAIN(TestBrokerMetrics)
#include "tst_broker_metrics.moc"
