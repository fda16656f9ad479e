// The console's message browser against a pier-broker holding one 10-million-message topic
// (issue 9): time from choosing an offset to painted rows (goal < 200 ms), printed beside a raw
// librdkafka fetch of the same page in the same run; memory while browsing it (goal < 300 MB);
// start of the `pier` process to its first window (goal < 1 s).
//
// PIER_BENCH_CONSOLE_MESSAGES overrides the message count (default 10,000,000; 100-byte values).
// Loopback only; the broker is this bench's child and is stopped at the end.

#include <librdkafka/rdkafka.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench_table.h"
#include "broker/broker_process.h"
#include "models/message_list_model.h"
#include "pages/messages_page.h"
#include "session/cluster_snapshot.h"

namespace {

using pier::bench::fixed;
using pier::bench::Table;

constexpr const char* kTopic = "browse-bench";
constexpr int kSamples = 30;
constexpr int kScrollJumps = 300;
constexpr int kValueBytes = 100;

// Field from /proc/self/status in kB ("VmRSS", "VmHWM").
double statusMiB(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stod(line.substr(field.size() + 1)) / 1024.0;
    }
  }
  return -1;
}

rd_kafka_t* newClient(rd_kafka_type_t type, const std::string& bootstrap, std::vector<std::pair<const char*, const char*>> extra) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[256];
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  for (auto [k, v] : extra) {
    rd_kafka_conf_set(conf, k, v, err, sizeof err);
  }
  return rd_kafka_new(type, conf, err, sizeof err);
}

// Produces `count` messages (key "k<i % 1000>", 100-byte value) to partition 0; seconds taken.
double fill(const std::string& bootstrap, long count) {
  rd_kafka_t* p = newClient(RD_KAFKA_PRODUCER, bootstrap,
                            {{"linger.ms", "50"}, {"batch.num.messages", "10000"}, {"batch.size", "1000000"},
                             {"queue.buffering.max.messages", "1000000"}, {"compression.type", "lz4"}});
  QElapsedTimer timer;
  timer.start();
  std::string value(kValueBytes, 'v');
  for (long i = 0; i < count; ++i) {
    const std::string key = "k" + std::to_string(i % 1000);
    std::snprintf(value.data(), value.size(), "{\"n\":%ld,\"pad\":\"", i);
    while (rd_kafka_producev(p, RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(value.data(), value.size()),
                             RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(p, 10);
    }
  }
  rd_kafka_flush(p, 600000);
  rd_kafka_destroy(p);
  return timer.elapsed() / 1000.0;
}

// A raw librdkafka read of [offset, offset + n): ms.
double rawPage(rd_kafka_t* c, long offset, int n) {
  QElapsedTimer timer;
  timer.start();
  rd_kafka_topic_t* t = rd_kafka_topic_new(c, kTopic, nullptr);
  rd_kafka_consume_start(t, 0, offset);
  for (int got = 0; got < n;) {
    rd_kafka_message_t* m = rd_kafka_consume(t, 0, 5000);
    if (m == nullptr) break;
    got += m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->offset >= offset ? 1 : 0;
    const bool end = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
    rd_kafka_message_destroy(m);
    if (end) break;
  }
  rd_kafka_consume_stop(t, 0);
  rd_kafka_topic_destroy(t);
  return timer.nsecsElapsed() / 1e6;
}

// Browses from `offset` and waits until the first row is loaded and painted: ms.
double consolePage(pier::MessagesPage& page, long offset) {
  QElapsedTimer timer;
  timer.start();
  page.setQuery(kTopic, 0, pier::BrowseStart::Offset, offset);
  page.browse();
  while (timer.elapsed() < 10000 &&
         !(page.model()->topic() == kTopic && page.model()->rowCount() > 0 &&
           page.model()->locate(0).offset == offset && page.model()->isLoaded(0))) {
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
  }
  page.view()->viewport()->repaint();  // painted, not just loaded
  return timer.nsecsElapsed() / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? -1 : v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Spawns `pier` (offscreen) until its first window is shown: ms, median of 5.
double startToFirstWindow() {
  std::vector<double> runs;
  for (int i = 0; i < 5; ++i) {
    QProcess pier;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("PIER_EXIT_AFTER_FIRST_WINDOW", "1");
    pier.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    pier.start(PIER_BINARY, {});
    if (!pier.waitForFinished(10000) || pier.exitCode() != 0) return -1;
    runs.push_back(timer.nsecsElapsed() / 1e6);
  }
  return percentile(runs, 0.5);
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc == 4 && std::string(argv[1]) == "--fill") {
    // The producer runs in its own process, so its buffers do not count as the browser's memory.
    std::printf("%.3f\n", fill(argv[2], std::stol(argv[3])));
    return 0;
  }
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const long messages = qEnvironmentVariableIsSet("PIER_BENCH_CONSOLE_MESSAGES")
                            ? qEnvironmentVariable("PIER_BENCH_CONSOLE_MESSAGES").toLong()
                            : 10'000'000L;
  QTemporaryDir dir;
  pier::bench::BrokerChild broker(PIER_BROKER_BINARY, dir.path().toStdString());
  if (!broker.start(1)) {
    std::fprintf(stderr, "bench_console: pier-broker did not start: %s\n", broker.error().c_str());
    return 1;
  }
  const std::string bootstrap = "127.0.0.1:" + std::to_string(broker.port());
  std::printf("bench_console: producing %ld messages to pier-broker at %s...\n", messages, bootstrap.c_str());
  std::fflush(stdout);
  QProcess filler;
  filler.start(QCoreApplication::applicationFilePath(),
               {"--fill", QString::fromStdString(bootstrap), QString::number(messages)});
  if (!filler.waitForFinished(-1) || filler.exitCode() != 0) {
    std::fprintf(stderr, "bench_console: producing failed\n");
    return 1;
  }
  const double fillSeconds = QString::fromUtf8(filler.readAllStandardOutput()).trimmed().toDouble();

  QRandomGenerator random(9);
  std::vector<long> offsets;
  for (int i = 0; i < kSamples; ++i) {
    offsets.push_back(static_cast<long>(random.bounded(static_cast<quint64>(messages - 200))));
  }

  rd_kafka_t* raw = newClient(RD_KAFKA_CONSUMER, bootstrap, {{"enable.partition.eof", "true"}, {"fetch.wait.max.ms", "100"}});
  rawPage(raw, 0, 1);  // connect and learn the leader first, as the console's reader has
  std::vector<double> rawMs;
  for (long o : offsets) rawMs.push_back(rawPage(raw, o, static_cast<int>(pier::MessageListModel::kPageSize)));
  rd_kafka_destroy(raw);

  auto snapshot = std::make_shared<pier::ClusterSnapshot>();
  pier::TopicInfo topic;
  topic.name = kTopic;
  pier::PartitionInfo p0;
  p0.id = 0;
  p0.leader = 0;
  topic.partitions = {p0};
  snapshot->topics = {topic};
  pier::MessagesPage page;
  page.resize(1200, 800);
  page.show();
  page.setConnection({"bench", QString::fromStdString(bootstrap), {}, {}, {}});
  page.setSnapshot(snapshot);
  const double coldMs = consolePage(page, 0);
  std::vector<double> consoleMs;
  for (long o : offsets) consoleMs.push_back(consolePage(page, o));

  // Memory: browse the whole topic and jump around it, loading a page at each stop.
  page.setQuery(kTopic, 0, pier::BrowseStart::Earliest);
  page.browse();
  QElapsedTimer wait;
  wait.start();
  while (page.model()->rowCount() < messages && wait.elapsed() < 10000) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
  const int rows = page.model()->rowCount();
  for (int i = 0; i < kScrollJumps && rows > 0; ++i) {
    const int row = static_cast<int>(random.bounded(rows));
    page.view()->scrollTo(page.model()->index(row, 0), QAbstractItemView::PositionAtTop);
    wait.restart();
    while (!page.model()->isLoaded(row) && wait.elapsed() < 10000) {
      page.view()->viewport()->repaint();
      QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
  }
  const double rssMiB = statusMiB("VmRSS");
  const double peakMiB = statusMiB("VmHWM");
  const double startMs = startToFirstWindow();
  broker.stop();

  const auto ms = [](double v) { return fixed(v, 1) + " ms"; };
  Table table("Console message browser, " + std::to_string(messages) + " messages (" + fixed(fillSeconds, 1) +
                  " s to produce), this machine",
              {"measure", "pier console", "baseline", "goal", "verdict"});
  const double p50 = percentile(consoleMs, 0.5);
  const double p99 = percentile(consoleMs, 0.99);
  table.addRow({"offset chosen -> rows painted, p50 (" + std::to_string(kSamples) + " offsets)", ms(p50),
                "raw librdkafka page: " + ms(percentile(rawMs, 0.5)), "< 200 ms", p50 < 200 ? "met" : "NOT met"});
  table.addRow({"offset chosen -> rows painted, worst", ms(p99), "raw librdkafka page: " + ms(percentile(rawMs, 0.99)),
                "< 200 ms", p99 < 200 ? "met" : "NOT met"});
  table.addRow({"first browse (new connection)", ms(coldMs), "-", "-", "-"});
  table.addRow({"memory after " + std::to_string(kScrollJumps) + " jumps over " + std::to_string(rows) + " rows (RSS / peak)",
                fixed(rssMiB, 0) + " / " + fixed(peakMiB, 0) + " MiB", "-", "< 300 MB",
                peakMiB * 1.048576 < 300 ? "met" : "NOT met"});
  table.addRow({"start of pier to first window (median of 5)", ms(startMs), "-", "< 1 s",
                startMs > 0 && startMs < 1000 ? "met" : "NOT met"});
  table.print();
  return 0;
}
