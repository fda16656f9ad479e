// Golden bytes from real clients: request frames that kcat, kafka-python and confluent-kafka
// sent to capture/pier_capture (see capture/capture_all.sh) must parse with the header version
// Kafka uses for their api and version, decode with the generated codec, and re-encode to the
// very same bytes. This is what proves the codecs read what real clients write, not only
// what our own encoder writes.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <string>
#include <vector>

#include "base/byte_writer.h"
#include "protocol/kafka_api_dispatch.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"

using namespace pier::protocol::kafka;
using Bytes = std::vector<uint8_t>;

namespace {

QStringList goldenFiles() {
  QStringList out;
  const QDir root(QStringLiteral(PIER_GOLDEN_DIR));
  for (const QString& client : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const QDir dir(root.filePath(client));
    for (const QString& file : dir.entryList({QStringLiteral("*.bin")}, QDir::Files, QDir::Name)) {
      out << client + QLatin1Char('/') + file;
    }
  }
  return out;
}

QString text(const pier::Status& s) { return QString::fromStdString(s.toString()); }

// Decodes the body as the api's generated request type and re-encodes header + body.
pier::Result<Bytes> reencode(const RequestEnvelope& env) {
  pier::Writer w;
  if (pier::Status s = env.header.encode(w, env.headerVersion); !s.isOk()) return s;
  pier::Status bodyStatus;
  visitApi(env.apiKey(), [&]<typename Request, typename Response>() {
    pier::Result<Request> body = decodeBody<Request>(env.body, env.apiVersion());
    bodyStatus = body.isOk() ? body->encode(w, env.apiVersion()) : body.status();
  });
  if (!bodyStatus.isOk()) return bodyStatus;
  return w.take();
}

}  // namespace

class TestGoldenFrames : public QObject {
  Q_OBJECT

 private slots:
  // An empty or missing folder must not pass silently: that would test nothing.
  void goldenFramesExistForEveryClient() {
    const QDir root(QStringLiteral(PIER_GOLDEN_DIR));
    QVERIFY2(root.exists(), PIER_GOLDEN_DIR " is missing: run capture/capture_all.sh");
    for (const char* client : {"kcat", "kafka-python", "confluent-kafka"}) {
      const QDir dir(root.filePath(QString::fromLatin1(client)));
      QVERIFY2(!dir.entryList({QStringLiteral("*.bin")}, QDir::Files).isEmpty(),
               qPrintable(QStringLiteral("no golden frames from ") + QLatin1String(client)));
    }
    QVERIFY(goldenFiles().size() >= 10);
  }

  void decodeThenEncodeGivesTheSameBytes_data() {
    QTest::addColumn<QString>("file");
    for (const QString& f : goldenFiles()) QTest::newRow(qPrintable(f)) << f;
  }
  void decodeThenEncodeGivesTheSameBytes() {
    QFETCH(QString, file);
    QFile in(QDir(QStringLiteral(PIER_GOLDEN_DIR)).filePath(file));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray raw = in.readAll();
    const Bytes stream(raw.begin(), raw.end());

    // The file is one whole frame, size prefix included.
    FrameDecoder frames;
    QVERIFY2(frames.feed(stream).isOk(), qPrintable(text(frames.error())));
    QCOMPARE(frames.readyFrames(), std::size_t{1});
    Bytes frame = *frames.next();
    QCOMPARE(frames.bufferedBytes(), std::size_t{0});

    const pier::Result<RequestEnvelope> env = parseRequest(frame);
    QVERIFY2(env.isOk(), qPrintable(text(env.status())));
    QVERIFY(env->versionSupported());
    // Name pattern <nn>-<Api>-v<version>.bin, written by pier_capture from the header.
    const QString expected = QStringLiteral("-%1-v%2.bin")
                                 .arg(QString::fromUtf8(env->api->name.data(),
                                                        static_cast<int>(env->api->name.size())))
                                 .arg(env->apiVersion());
    QVERIFY2(file.endsWith(expected), qPrintable(expected));

    const pier::Result<Bytes> again = reencode(*env);
    QVERIFY2(again.isOk(), qPrintable(text(again.status())));
    if (*again != frame) {
      std::size_t at = 0;
      while (at < frame.size() && at < again->size() && frame[at] == (*again)[at]) ++at;
      QFAIL(qPrintable(QStringLiteral("re-encoded bytes differ at offset %1 (sizes %2 vs %3)")
                           .arg(at).arg(frame.size()).arg(again->size())));
    }
    const pier::Result<std::string> description = describeRequest(*env);
    QVERIFY2(description.isOk(), qPrintable(text(description.status())));
  }
};

QTEST_APPLESS_MAIN(TestGoldenFrames)
#include "tst_golden_frames.moc"
