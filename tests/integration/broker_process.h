#pragma once
// BrokerProcess: a real pier-broker for integration tests: writes a server.properties into a
// temporary folder (loopback, port 0), starts the binary, waits for its "started" line and
// reads the port it listens on. stop() sends SIGTERM and waits; kill() sends SIGKILL. Only the
// process this object started is ever signalled.

#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <csignal>

class BrokerProcess {
 public:
  // `extra`: more server.properties lines.
  BrokerProcess(QString dir, QStringList extra = {}) : m_dir(std::move(dir)), m_extra(std::move(extra)) {}
  ~BrokerProcess() {
    if (m_process.state() != QProcess::NotRunning) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }

  bool start() {
    QFile config(m_dir + "/server.properties");
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    QStringList lines{"broker.id=0", "listeners=PLAINTEXT://127.0.0.1:0", "log.dirs=" + m_dir + "/logs",
                      "num.partitions=1"};
    lines += m_extra;
    config.write((lines.join("\n") + "\n").toUtf8());
    config.close();
    m_output.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(PIER_BROKER_BINARY, {m_dir + "/server.properties"});
    if (!m_process.waitForStarted(10000)) return false;
    const QRegularExpression started("pier-broker started .*listener=127\\.0\\.0\\.1:(\\d+)");
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
      m_process.waitForReadyRead(200);
      m_output += QString::fromUtf8(m_process.readAll());
      auto match = started.match(m_output);
      if (match.hasMatch()) {
        m_port = match.captured(1).toInt();
        return true;
      }
      if (m_process.state() == QProcess::NotRunning) return false;
    }
    return false;
  }

  // SIGTERM, then the exit code (-1 when it did not exit within 10 s).
  int stop() {
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(10000)) return -1;
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitCode();
  }
  void kill() {
    m_process.kill();  // SIGKILL
    m_process.waitForFinished(10000);
    m_output += QString::fromUtf8(m_process.readAll());
  }
  bool isRunning() const { return m_process.state() == QProcess::Running; }

  int port() const { return m_port; }
  QString bootstrap() const { return QString("127.0.0.1:%1").arg(m_port); }
  // Everything the broker printed so far (waits briefly for lines still in the pipe).
  QString output() {
    if (m_process.state() == QProcess::Running) m_process.waitForReadyRead(300);
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
  }

 private:
  QString m_dir;
  QStringList m_extra;
  QProcess m_process;
  QString m_output;
  int m_port = 0;
};

// Runs a program to completion (timeoutMs at most); returns {exit code, stdout+stderr}.
inline std::pair<int, QString> runTool(const QString& program, const QStringList& args, const QByteArray& input = {},
                                       int timeoutMs = 30000) {
  QProcess p;
  p.setProcessChannelMode(QProcess::SeparateChannels);
  p.start(program, args);
  if (!p.waitForStarted(10000)) return {-1, program + " did not start"};
  if (!input.isEmpty()) p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    return {-1, program + " timed out"};
  }
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError())};
}

// What a finished program printed, stdout and stderr apart, for tests that pin each stream.
struct ToolOutput {
  int code = -1;
  QString out;
  QString err;
};

// As runTool, keeping stdout and stderr apart.
inline ToolOutput runToolStreams(const QString& program, const QStringList& args, int timeoutMs = 30000) {
  QProcess p;
  p.start(program, args);
  if (!p.waitForStarted(10000)) return {-1, {}, program + " did not start"};
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    return {-1, {}, program + " timed out"};
  }
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

#ifdef PIERCTL_BINARY
// Creates `topic` on `bootstrap` with pierctl (kafka-topics.sh's options); its output when that
// fails, an empty string when it worked.
inline QString createTopicWithPierctl(const QString& bootstrap, const QString& topic, int partitions) {
  auto [code, out] = runTool(PIERCTL_BINARY, {"topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic,
                                              "--partitions", QString::number(partitions)});
  return code == 0 ? QString() : out;
}
#endif
