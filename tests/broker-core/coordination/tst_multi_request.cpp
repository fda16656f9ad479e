// The multi request codec (coordination/multi_request.h): the frame kazoo 2.8.0 writes for a
// transaction (tests/broker-core/protocol/testdata/jute/kazoo_requests.json) decodes to the
// operations kazoo was given and re-encodes byte for byte; random operation lists round-trip;
// every truncation, an op type a multi cannot carry, random bytes and mutations are error
// values, never crashes.
#include <QtTest>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/prng.h"
#include "coordination/coordination_error.h"
#include "coordination/multi_request.h"
#include "protocol/zookeeper/generated/testing/jute_random.h"

using namespace pier;
using namespace pier::coordination;
namespace pz = pier::protocol::zookeeper;

namespace {

constexpr uint64_t kSeed = 0x3a17c0de2025beefULL;
constexpr int kRandomLists = 300;
constexpr int kMutations = 2000;

using Bytes = std::vector<uint8_t>;

QString toHex(std::span<const uint8_t> bytes) {
  return QString::fromLatin1(
      QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()))
          .toHex());
}

Bytes encodedOps(const std::vector<MultiOp>& ops) {
  Writer w;
  encodeMultiRequest(w, ops);
  return w.take();
}

bool sameOps(const std::vector<MultiOp>& a, const std::vector<MultiOp>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || !(a[i].record == b[i].record)) return false;
  }
  return true;
}

template <typename T>
MultiOp randomOp(OpCode type, Prng& prng) {
  T record;
  pz::testing::randomize(record, prng);
  return MultiOp{type, std::move(record)};
}

// A create whose op code agrees with its flags (a container create has flags 4), as ZooKeeper's
// MultiOperationRecord rebuilds it: the op code of a decoded create follows the flags.
MultiOp randomCreate(bool container, Prng& prng) {
  pz::CreateRequest record;
  pz::testing::randomize(record, prng);
  record.flags = container ? 4 : static_cast<int32_t>(prng.below(4));
  return MultiOp{container ? OpCode::CreateContainer : OpCode::Create, std::move(record)};
}

// Every op type a multi or multiRead carries, with its record.
MultiOp randomOp(Prng& prng) {
  switch (prng.below(10)) {
    case 0:
    case 1: return randomCreate(false, prng);
    case 2: return randomCreate(true, prng);
    case 3: return randomOp<pz::CreateTTLRequest>(OpCode::CreateTtl, prng);
    case 4: return randomOp<pz::DeleteRequest>(OpCode::Delete, prng);
    case 5: return randomOp<pz::DeleteRequest>(OpCode::DeleteContainer, prng);
    case 6: return randomOp<pz::SetDataRequest>(OpCode::SetData, prng);
    case 7: return randomOp<pz::CheckVersionRequest>(OpCode::Check, prng);
    case 8: return randomOp<pz::GetChildrenRequest>(OpCode::GetChildren, prng);
    default: return randomOp<pz::GetDataRequest>(OpCode::GetData, prng);
  }
}

std::vector<MultiOp> randomOps(Prng& prng) {
  std::vector<MultiOp> ops(static_cast<std::size_t>(prng.below(6)));
  for (MultiOp& op : ops) op = randomOp(prng);
  return ops;
}

// The body of kazoo's Transaction frame (after its length and RequestHeader).
Bytes kazooMultiBody(int32_t* xid, int32_t* type) {
  QFile f(QStringLiteral(PIER_JUTE_TESTDATA_DIR "/kazoo_requests.json"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  const QJsonObject entry = QJsonDocument::fromJson(f.readAll())
                                .object()["requests"].toObject()["multi"].toObject();
  const QByteArray raw = QByteArray::fromHex(entry["frame"].toString().toLatin1());
  const Bytes frame(raw.begin(), raw.end());
  Reader r(frame);
  Result<int32_t> length = r.readInt32();
  Result<pz::RequestHeader> header = pz::RequestHeader::decode(r);
  if (!length || static_cast<std::size_t>(*length) + 4 != frame.size() || !header) return {};
  *xid = header->xid;
  *type = header->type;
  const std::span<const uint8_t> rest = r.rest();
  return Bytes(rest.begin(), rest.end());
}

}  // namespace

class TestMultiRequest : public QObject {
  Q_OBJECT

 private slots:
  void kazooTransaction() {
    int32_t xid = 0;
    int32_t type = 0;
    const Bytes body = kazooMultiBody(&xid, &type);
    QVERIFY2(!body.empty(), "kazoo_requests.json has no usable multi frame");
    QCOMPARE(xid, 17);
    QCOMPARE(type, static_cast<int32_t>(OpCode::Multi));

    Reader r(body);
    Result<std::vector<MultiOp>> ops = decodeMultiRequest(r);
    QVERIFY2(ops.isOk(), qPrintable(QString::fromStdString(ops.status().toString())));
    QVERIFY(r.atEnd());
    const pz::ACL worldAnyone{31, pz::Id{"world", "anyone"}};
    const std::vector<MultiOp> expected = {
        {OpCode::Create, pz::CreateRequest{"/pier/txn", "a", {worldAnyone}, 0}},
        {OpCode::Delete, pz::DeleteRequest{"/pier/old", 3}},
        {OpCode::SetData, pz::SetDataRequest{"/pier/node", "b", -1}},
        {OpCode::Check, pz::CheckVersionRequest{"/pier", 5}},
    };
    QVERIFY(sameOps(*ops, expected));
    QCOMPARE(toHex(encodedOps(*ops)), toHex(body));
  }

  void emptyMultiIsJustTheDoneHeader() {
    QCOMPARE(toHex(encodedOps({})), QString("ffffffff" "01" "ffffffff"));
    const Bytes done = encodedOps({});
    Reader r(done);
    Result<std::vector<MultiOp>> ops = decodeMultiRequest(r);
    QVERIFY(ops.isOk());
    QVERIFY(ops->empty());
  }

  void randomOperationListsRoundTrip() {
    Prng prng(kSeed);
    for (int i = 0; i < kRandomLists; ++i) {
      const std::vector<MultiOp> ops = randomOps(prng);
      const Bytes bytes = encodedOps(ops);
      Reader r(bytes);
      Result<std::vector<MultiOp>> decoded = decodeMultiRequest(r);
      QVERIFY2(decoded.isOk() && r.atEnd() && sameOps(*decoded, ops),
               qPrintable(QString("seed %1 iteration %2: %3").arg(kSeed).arg(i).arg(toHex(bytes))));
      QCOMPARE(toHex(encodedOps(*decoded)), toHex(bytes));
    }
  }

  // The done header is mandatory: every proper prefix, including one ending between ops, fails.
  void truncatedMultisAreErrors() {
    Prng prng(kSeed + 1);
    for (int i = 0; i < 20; ++i) {
      const Bytes bytes = encodedOps(randomOps(prng));
      for (std::size_t n = 0; n < bytes.size(); ++n) {
        Reader r(std::span<const uint8_t>(bytes.data(), n));
        QVERIFY2(!decodeMultiRequest(r).isOk(),
                 qPrintable(QString("prefix of %1/%2 bytes decoded").arg(n).arg(bytes.size())));
      }
    }
  }

  void opTypesAMultiCannotCarryAreErrors_data() {
    QTest::addColumn<int>("type");
    QTest::newRow("exists") << static_cast<int>(OpCode::Exists);
    QTest::newRow("multi inside multi") << static_cast<int>(OpCode::Multi);
    QTest::newRow("setACL") << static_cast<int>(OpCode::SetAcl);
    QTest::newRow("unknown 999") << 999;
  }
  void opTypesAMultiCannotCarryAreErrors() {
    QFETCH(int, type);
    Writer w;
    pz::MultiHeader{type, false, -1}.encode(w);
    pz::GetDataRequest{"/a", false}.encode(w);
    pz::MultiHeader{-1, true, -1}.encode(w);
    Reader r(w.bytes());
    Result<std::vector<MultiOp>> ops = decodeMultiRequest(r);
    QVERIFY(!ops.isOk());
    QVERIFY(ops.status().is(CoordinationError::UnknownTxnType));
  }

  void malformedInputNeverCrashes() {
    Prng prng(kSeed + 2);
    static constexpr uint8_t kEdges[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
    for (int i = 0; i < kMutations; ++i) {
      const Bytes noise = prng.bytes(static_cast<std::size_t>(prng.below(96)));
      Reader noisy(noise);
      (void)decodeMultiRequest(noisy);
      Bytes bytes = encodedOps(randomOps(prng));
      const std::size_t at = static_cast<std::size_t>(prng.below(bytes.size()));
      bytes[at] = prng.chance(1, 2) ? kEdges[prng.below(6)] : static_cast<uint8_t>(prng.next());
      Reader r(bytes);
      Result<std::vector<MultiOp>> decoded = decodeMultiRequest(r);
      // What decodes must re-encode and decode again to the same ops.
      if (decoded.isOk()) {
        const Bytes again = encodedOps(*decoded);
        Reader r2(again);
        Result<std::vector<MultiOp>> twice = decodeMultiRequest(r2);
        QVERIFY(twice.isOk() && sameOps(*twice, *decoded));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestMultiRequest)
#include "tst_multi_request.moc"
