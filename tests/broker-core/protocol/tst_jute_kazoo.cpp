// ZooKeeper request frames written by a real third-party client, kazoo 2.8.0
// (testdata/jute/kazoo_requests.py built them with kazoo's client API and wrote them with
// kazoo's own connection code into kazoo_requests.json). Every frame must decode with the
// generated jute records to exactly the fields kazoo was given, and re-encode to the same
// bytes, except where kazoo writes an empty ustring as null (-1), which Pier writes back as
// length 0. The multi frame is checked by tests/broker-core/coordination/tst_multi_request.
#include <QtTest>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/zookeeper/generated/jute_proto.h"

using namespace pier;
using namespace pier::protocol::zookeeper;

namespace {

using Bytes = std::vector<uint8_t>;

const QStringList kCheckedElsewhere = {QStringLiteral("multi")};

QJsonObject kazooRequests() {
  QFile f(QStringLiteral(PIER_JUTE_TESTDATA_DIR "/kazoo_requests.json"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("requests")).toObject();
}

QString toHex(std::span<const uint8_t> bytes) {
  return QString::fromLatin1(
      QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()))
          .toHex());
}

// One frame as kazoo writes it: int32 length, RequestHeader when the request has an xid, body.
struct KazooFrame {
  QJsonObject entry;
  std::optional<RequestHeader> header;
  Bytes body;
};

// Splits the named frame; an empty optional (and a test failure message in `error`) when the
// frame or its length prefix or header is not what the manifest says.
std::optional<KazooFrame> loadFrame(const QString& name, QString* error) {
  KazooFrame f;
  f.entry = kazooRequests().value(name).toObject();
  const QByteArray raw =
      QByteArray::fromHex(f.entry.value(QStringLiteral("frame")).toString().toLatin1());
  const Bytes bytes(raw.begin(), raw.end());
  Reader r(bytes);
  Result<int32_t> length = r.readInt32();
  if (!length || static_cast<std::size_t>(*length) != r.remaining()) {
    *error = name + ": missing, or its length prefix does not match its size";
    return std::nullopt;
  }
  if (!f.entry.value(QStringLiteral("xid")).isNull()) {
    Result<RequestHeader> header = RequestHeader::decode(r);
    if (!header || header->xid != f.entry.value(QStringLiteral("xid")).toInt() ||
        header->type != f.entry.value(QStringLiteral("type")).toInt()) {
      *error = name + ": RequestHeader does not decode to the manifest's xid and type";
      return std::nullopt;
    }
    f.header = *header;
  }
  const std::span<const uint8_t> rest = r.rest();
  f.body.assign(rest.begin(), rest.end());
  return f;
}

// Decodes the body of the named frame as T and compares it with `expected`; the re-encoding
// must equal the body, or `reencodedHex` when given (kazoo's nulls written back as "").
template <typename T>
void checkRequest(const QString& name, int32_t type, const T& expected,
                  const char* reencodedHex = nullptr) {
  QString error;
  std::optional<KazooFrame> f = loadFrame(name, &error);
  QVERIFY2(f, qPrintable(error));
  QVERIFY(f->header.has_value());
  QCOMPARE(f->header->type, type);
  Reader r(f->body);
  Result<T> decoded = T::decode(r);
  QVERIFY2(decoded.isOk(), qPrintable(QString::fromStdString(decoded.status().toString())));
  QVERIFY2(r.atEnd(), qPrintable(name + ": bytes left after the record"));
  QCOMPARE(QString::fromStdString(decoded->debugString()),
           QString::fromStdString(expected.debugString()));
  QVERIFY(*decoded == expected);
  Writer w;
  decoded->encode(w);
  QCOMPARE(toHex(w.bytes()), reencodedHex ? QString::fromLatin1(reencodedHex) : toHex(f->body));
}

const ACL kWorldAnyone{31, Id{"world", "anyone"}};
// kazoo's make_digest_acl("pier", "secret", read=True, write=True).
const ACL kDigestReadWrite{3, Id{"digest", "pier:r9FeoOu/4uLX4jELSCtPLpsjqpA="}};

}  // namespace

class TestJuteKazoo : public QObject {
  Q_OBJECT

 private slots:
  void everyFrameIsChecked() {
    const QJsonObject all = kazooRequests();
    QVERIFY2(all.size() >= 20, "kazoo_requests.json is missing or short: run kazoo_requests.py");
    const QMetaObject* meta = metaObject();
    for (const QString& name : all.keys()) {
      if (kCheckedElsewhere.contains(name)) continue;
      QString slot;
      for (const QString& part : name.split('_')) slot += part.left(1).toUpper() + part.mid(1);
      QVERIFY2(meta->indexOfSlot(qPrintable("kazoo" + slot + "()")) >= 0,
               qPrintable("no test for kazoo frame " + name));
    }
  }

  void kazooConnect() {
    // A new session's ConnectRequest, followed by kazoo's readOnly byte (not in the record).
    QString error;
    std::optional<KazooFrame> f = loadFrame("connect", &error);
    QVERIFY2(f, qPrintable(error));
    QVERIFY(!f->header);
    Reader r(f->body);
    Result<ConnectRequest> c = ConnectRequest::decode(r);
    QVERIFY(c.isOk());
    ConnectRequest expected;
    expected.timeOut = 10000;
    expected.passwd = std::string(16, '\0');
    QCOMPARE(QString::fromStdString(c->debugString()),
             QString::fromStdString(expected.debugString()));
    QVERIFY(*c == expected);
    QCOMPARE(r.remaining(), std::size_t{1});
    QCOMPARE(*r.readBool(), false);
    Writer w;
    c->encode(w);
    QCOMPARE(toHex(w.bytes()), toHex(std::span<const uint8_t>(f->body).first(f->body.size() - 1)));
  }

  void kazooCreate() {
    checkRequest("create", 1, CreateRequest{"/pier/node", "hello", {kWorldAnyone}, 0});
  }

  void kazooCreateEphemeralSequential() {
    // CREATOR_ALL_ACL is Id("auth", ""): kazoo writes the empty id as null.
    checkRequest("create_ephemeral_sequential", 1,
                 CreateRequest{"/pier/lock-", std::string(), {ACL{31, Id{"auth", ""}}}, 3},
                 "0000000b2f706965722f6c6f636b2d" "00000000" "00000001" "0000001f"
                 "0000000461757468" "00000000" "00000003");
  }

  void kazooCreateNullData() {
    checkRequest("create_null_data", 1,
                 CreateRequest{"/pier/null", std::nullopt, {kDigestReadWrite}, 0});
  }

  void kazooCreate2() {
    checkRequest("create2", 15, CreateRequest{"/pier/stat", "x", {kWorldAnyone}, 0});
  }

  void kazooDelete() { checkRequest("delete", 2, DeleteRequest{"/pier/node", 4}); }
  void kazooExistsWatch() { checkRequest("exists_watch", 3, ExistsRequest{"/pier/node", true}); }
  void kazooGetDataWatch() {
    checkRequest("get_data_watch", 4, GetDataRequest{"/pier/node", true});
  }
  void kazooGetData() { checkRequest("get_data", 4, GetDataRequest{"/pier/node", false}); }

  void kazooSetData() {
    checkRequest("set_data", 5,
                 SetDataRequest{"/pier/node", std::string("\x00\x01\xfe\xff", 4), 7});
  }

  void kazooSetDataEmpty() {
    // b"" is an empty buffer (length 0), not null.
    checkRequest("set_data_empty", 5, SetDataRequest{"/pier/node", std::string(), -1});
  }

  void kazooGetChildrenWatch() {
    checkRequest("get_children_watch", 8, GetChildrenRequest{"/pier", true});
  }
  void kazooGetChildren2() {
    checkRequest("get_children2", 12, GetChildren2Request{"/pier", false});
  }
  void kazooSync() { checkRequest("sync", 9, SyncRequest{"/pier"}); }
  void kazooGetAcl() { checkRequest("get_acl", 6, GetACLRequest{"/pier/node"}); }

  void kazooSetAcl() {
    checkRequest("set_acl", 7, SetACLRequest{"/pier/node", {kWorldAnyone, kDigestReadWrite}, 2});
  }

  void kazooReconfig() {
    // Empty leaving and newMembers go out as null strings.
    checkRequest("reconfig", 16,
                 ReconfigRequest{"server.4=10.0.0.4:2888:3888:participant;2181", "", "", -1},
                 "0000002c" "7365727665722e343d31302e302e302e343a323838383a"
                 "333838383a7061727469636970616e743b32313831"
                 "00000000" "00000000" "ffffffffffffffff");
  }

  void kazooAuth() {
    checkRequest("auth", 100, AuthPacket{0, "digest", "pier:secret"});
    QString error;
    QCOMPARE(loadFrame("auth", &error)->header->xid, -4);
  }

  void kazooSasl() { checkRequest("sasl", 102, GetSASLRequest{"sasl-token"}); }

  void kazooPing() {
    QString error;
    std::optional<KazooFrame> f = loadFrame("ping", &error);
    QVERIFY2(f, qPrintable(error));
    QCOMPARE(f->header->xid, -2);
    QCOMPARE(f->header->type, 11);
    QVERIFY(f->body.empty());
  }

  void kazooClose() {
    QString error;
    std::optional<KazooFrame> f = loadFrame("close", &error);
    QVERIFY2(f, qPrintable(error));
    QCOMPARE(f->header->type, -11);
    QVERIFY(f->body.empty());
  }
};

QTEST_APPLESS_MAIN(TestJuteKazoo)
#include "tst_jute_kazoo.moc"
