// Every generated jute record (ZooKeeper's zookeeper.jute, protocol/zookeeper/generated/):
// seeded random values round-trip byte for byte; malformed input (random bytes, every
// truncation, mutations, hostile lengths and counts) is an error value, never a crash, a hang
// or an allocation sized by the input's claims; and known-answer bytes laid out by hand from
// the jute layout (big-endian int/long, one-byte boolean, int32 length or count, -1 = null).
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "base/base_error.h"
#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/prng.h"
#include "protocol/zookeeper/generated/jute_records.h"
#include "protocol/zookeeper/generated/testing/jute_random.h"

using namespace pier;
using namespace pier::protocol::zookeeper;

// The largest single allocation since the last reset. A decoder that reserves a hostile count
// before checking the bytes left shows up here even when the kernel would overcommit it.
namespace {
std::atomic<std::size_t> g_largestAllocationBytes{0};
}  // namespace

void* operator new(std::size_t n) {
  std::size_t seen = g_largestAllocationBytes.load(std::memory_order_relaxed);
  while (n > seen && !g_largestAllocationBytes.compare_exchange_weak(seen, n)) {
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr uint64_t kSeed = 0x5eed2025a11cafe5ULL;
constexpr int kRoundTripsPerRecord = 200;
constexpr int kTruncatedValuesPerRecord = 20;
constexpr int kMutationsPerRecord = 300;
constexpr int kHostileValuesPerRecord = 10;

using Bytes = std::vector<uint8_t>;

Bytes fromHex(const char* hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}

QString toHex(std::span<const uint8_t> bytes) {
  return QString::fromLatin1(
      QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()))
          .toHex());
}

template <typename T>
Bytes encoded(const T& value) {
  Writer w;
  value.encode(w);
  return w.take();
}

// One record, type-erased so every test can loop over PIER_JUTE_FOR_EACH_RECORD.
struct RecordCase {
  std::string_view name;
  // Randomizes a value, encodes it into `bytes`, decodes and re-encodes it; "" or what failed.
  std::string (*roundTrip)(Prng& prng, Bytes& bytes);
  Status (*decode)(std::span<const uint8_t> bytes);
};

template <typename T>
std::string roundTrip(Prng& prng, Bytes& bytes) {
  T value;
  testing::randomize(value, prng);
  bytes = encoded(value);
  Reader r(bytes);
  Result<T> decoded = T::decode(r);
  const std::string what = value.debugString();
  if (!decoded) return "decode failed: " + decoded.status().toString() + " for " + what;
  if (!r.atEnd()) return "decode left " + std::to_string(r.remaining()) + " bytes of " + what;
  if (!(*decoded == value)) return "decoded " + decoded->debugString() + " != " + what;
  if (encoded(*decoded) != bytes) return "re-encoding differs for " + what;
  return {};
}

template <typename T>
Status decodeRecord(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  return T::decode(r).status();
}

#define PIER_JUTE_RECORD_CASE(T) RecordCase{T::kName, &roundTrip<T>, &decodeRecord<T>},

const std::vector<RecordCase>& allRecordCases() {
  static const std::vector<RecordCase> cases{PIER_JUTE_FOR_EACH_RECORD(PIER_JUTE_RECORD_CASE)};
  return cases;
}

const RecordCase* findCase(const QString& name) {
  for (const RecordCase& c : allRecordCases()) {
    if (QLatin1String(c.name.data(), static_cast<qsizetype>(c.name.size())) == name) return &c;
  }
  return nullptr;
}

void addRecordRows() {
  QTest::addColumn<QString>("record");
  for (const RecordCase& c : allRecordCases()) {
    const QString name = QString::fromLatin1(c.name.data(), static_cast<qsizetype>(c.name.size()));
    QTest::newRow(qPrintable(name)) << name;
  }
}

// Decodes `bytes` and returns the largest single allocation made while doing it.
std::size_t largestAllocationDecoding(const RecordCase& c, std::span<const uint8_t> bytes) {
  g_largestAllocationBytes.store(0);
  (void)c.decode(bytes);
  return g_largestAllocationBytes.load();
}

// A decoded value holds at most ~8 bytes of C++ object per input byte (a 4-byte empty string
// becomes a 32-byte std::string); anything beyond this came from a count, not from the bytes.
std::size_t allocationBoundBytes(std::size_t inputBytes) { return 16 * inputBytes + 1024; }

// Encodes `value`, compares with `hex`, decodes `hex` back (consuming all of it) and compares
// with `value`.
template <typename T>
void checkKnownAnswer(const T& value, const char* hex) {
  const Bytes expected = fromHex(hex);
  QCOMPARE(toHex(encoded(value)), toHex(expected));
  Reader r(expected);
  Result<T> decoded = T::decode(r);
  QVERIFY2(decoded.isOk(), qPrintable(QString::fromStdString(decoded.status().toString())));
  QVERIFY(r.atEnd());
  QCOMPARE(QString::fromStdString(decoded->debugString()),
           QString::fromStdString(value.debugString()));
  QVERIFY(*decoded == value);
}

template <typename T>
Result<T> decodeHex(const char* hex) {
  const Bytes bytes = fromHex(hex);
  Reader r(bytes);
  return T::decode(r);
}

Stat sampleStat() {
  Stat s;
  s.czxid = 0x100000002;
  s.mzxid = 0x100000005;
  s.ctime = 1700000000000;
  s.mtime = 1700000000123;
  s.version = 3;
  s.cversion = 2;
  s.aversion = 1;
  s.ephemeralOwner = 0x1000000abcd;
  s.dataLength = 5;
  s.numChildren = 2;
  s.pzxid = 0x100000004;
  return s;
}

// sampleStat() as laid out by hand: long czxid, mzxid, ctime, mtime; int version, cversion,
// aversion; long ephemeralOwner; int dataLength, numChildren; long pzxid (68 bytes).
constexpr const char* kSampleStatHex =
    "0000000100000002" "0000000100000005" "0000018bcfe56800" "0000018bcfe5687b"
    "00000003" "00000002" "00000001" "000001000000abcd" "00000005" "00000002" "0000000100000004";

}  // namespace

class TestJuteCodecs : public QObject {
  Q_OBJECT

 private slots:
  void everyModuleIsCovered() {
    // zookeeper.jute 3.8 has 72 classes in five modules; a generator that drops a module or a
    // class would shrink this list.
    QCOMPARE(allRecordCases().size(), std::size_t{72});
    for (const char* name : {"Id", "ConnectRequest", "LearnerInfo", "FileHeader", "MultiTxn"}) {
      QVERIFY2(findCase(QLatin1String(name)), name);
    }
  }

  void roundTrip_data() { addRecordRows(); }
  void roundTrip() {
    QFETCH(QString, record);
    const RecordCase* c = findCase(record);
    QVERIFY(c);
    Prng prng(kSeed);
    Bytes bytes;
    for (int i = 0; i < kRoundTripsPerRecord; ++i) {
      const std::string failure = c->roundTrip(prng, bytes);
      QVERIFY2(failure.empty(), qPrintable(QString("%1 seed %2 iteration %3: %4")
                                               .arg(record).arg(kSeed).arg(i)
                                               .arg(QString::fromStdString(failure))));
    }
  }

  // Every proper prefix of a valid encoding must fail: the decoder reads the same fields in the
  // same order and so must run out before the end.
  void truncatedEncodingsAreErrors_data() { addRecordRows(); }
  void truncatedEncodingsAreErrors() {
    QFETCH(QString, record);
    const RecordCase* c = findCase(record);
    Prng prng(kSeed + 1);
    Bytes bytes;
    for (int i = 0; i < kTruncatedValuesPerRecord; ++i) {
      QVERIFY(c->roundTrip(prng, bytes).empty());
      QVERIFY(c->decode(bytes).isOk());
      for (std::size_t n = 0; n < bytes.size(); ++n) {
        QVERIFY2(!c->decode(std::span<const uint8_t>(bytes.data(), n)).isOk(),
                 qPrintable(QString("%1: prefix of %2/%3 bytes decoded: %4")
                                .arg(record).arg(n).arg(bytes.size()).arg(toHex(bytes))));
      }
    }
  }

  // Random bytes and single-byte mutations of valid encodings: any outcome but a crash, a hang
  // or an allocation out of proportion to the input (the sanitizer build catches the rest).
  void malformedInputNeverCrashes_data() { addRecordRows(); }
  void malformedInputNeverCrashes() {
    QFETCH(QString, record);
    const RecordCase* c = findCase(record);
    Prng prng(kSeed + 2);
    Bytes bytes;
    static constexpr uint8_t kEdges[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
    for (int i = 0; i < kMutationsPerRecord; ++i) {
      const Bytes noise = prng.bytes(static_cast<std::size_t>(prng.below(64)));
      QVERIFY(largestAllocationDecoding(*c, noise) <= allocationBoundBytes(noise.size()));
      QVERIFY(c->roundTrip(prng, bytes).empty());
      const std::size_t at = static_cast<std::size_t>(prng.below(bytes.size()));
      bytes[at] = prng.chance(1, 2) ? kEdges[prng.below(6)] : static_cast<uint8_t>(prng.next());
      QVERIFY2(largestAllocationDecoding(*c, bytes) <= allocationBoundBytes(bytes.size()),
               qPrintable(toHex(bytes)));
    }
  }

  // Every 4 bytes of a valid encoding replaced by a huge or negative int32, so every length and
  // count field gets one: decoding must fail or succeed without allocating by the claim.
  void hostileLengthsAndCountsDoNotAllocate_data() { addRecordRows(); }
  void hostileLengthsAndCountsDoNotAllocate() {
    QFETCH(QString, record);
    const RecordCase* c = findCase(record);
    Prng prng(kSeed + 3);
    Bytes bytes;
    static constexpr uint32_t kHostile[] = {0x7fffffff, 0x80000000, 0xfffffffe,
                                            0xffffffff, 0x00ffffff, 0x10000000};
    for (int i = 0; i < kHostileValuesPerRecord; ++i) {
      QVERIFY(c->roundTrip(prng, bytes).empty());
      for (std::size_t at = 0; at + 4 <= bytes.size(); ++at) {
        for (uint32_t v : kHostile) {
          Bytes mutated = bytes;
          for (int k = 0; k < 4; ++k) mutated[at + k] = static_cast<uint8_t>(v >> (24 - 8 * k));
          const std::size_t largest = largestAllocationDecoding(*c, mutated);
          QVERIFY2(largest <= allocationBoundBytes(mutated.size()),
                   qPrintable(QString("%1: %2 bytes allocated decoding %3")
                                  .arg(record).arg(largest).arg(toHex(mutated))));
        }
      }
    }
  }

  void hugeVectorCountIsRejectedBeforeAllocating() {
    // GetChildrenResponse claiming 2^31-1 children with one 4-byte child present.
    const Bytes bytes = fromHex("7fffffff" "00000002" "2f61");
    Reader r(bytes);
    g_largestAllocationBytes.store(0);
    Result<GetChildrenResponse> decoded = GetChildrenResponse::decode(r);
    QVERIFY(g_largestAllocationBytes.load() < 1024);
    QVERIFY(!decoded.isOk());
    QVERIFY2(decoded.status().is(BaseError::InvalidLength),
             qPrintable(QString::fromStdString(decoded.status().toString())));
    QVERIFY(decoded.status().message().find("GetChildrenResponse.children") != std::string::npos);

    // CreateRequest with 0x10000000 ACLs: each needs at least 12 bytes, far more than present.
    Result<CreateRequest> create =
        decodeHex<CreateRequest>("00000002" "2f61" "ffffffff" "10000000" "0000001f");
    QVERIFY(!create.isOk());
    QVERIFY(create.status().is(BaseError::InvalidLength));
    QVERIFY(create.status().message().find("CreateRequest.acl") != std::string::npos);

    // Exactly as many elements as the bytes allow is fine: three empty (null) strings.
    Result<GetChildrenResponse> three =
        decodeHex<GetChildrenResponse>("00000003" "ffffffff" "ffffffff" "ffffffff");
    QVERIFY(three.isOk());
    QCOMPARE(three->children.size(), std::size_t{3});
  }

  void negativeLengthsAreRejected() {
    // ustring, buffer and vector: -1 is null, anything below is an error naming the field.
    Result<GetDataRequest> path = decodeHex<GetDataRequest>("fffffffe" "00");
    QVERIFY(!path.isOk());
    QVERIFY(path.status().is(BaseError::InvalidLength));
    QVERIFY(path.status().message().find("GetDataRequest.path") != std::string::npos);

    Result<SetDataRequest> data =
        decodeHex<SetDataRequest>("00000002" "2f61" "80000000" "00000000");
    QVERIFY(!data.isOk());
    QVERIFY(data.status().is(BaseError::InvalidLength));
    QVERIFY(data.status().message().find("SetDataRequest.data") != std::string::npos);

    Result<GetChildrenResponse> children = decodeHex<GetChildrenResponse>("fffffffe");
    QVERIFY(!children.isOk());
    QVERIFY(children.status().is(BaseError::InvalidLength));

    // A length larger than the bytes left is a truncation, not an allocation.
    Result<SetDataRequest> huge =
        decodeHex<SetDataRequest>("00000002" "2f61" "7fffffff" "00000000");
    QVERIFY(!huge.isOk());
  }

  // ---- known answers, laid out by hand from zookeeper.jute ----------------------------------

  void connectRequestAsKazooSendsIt() {
    // A new session: protocolVersion 0, lastZxidSeen 0, timeOut 10000 ms, sessionId 0 and a
    // 16-byte password of zeros.
    ConnectRequest c;
    c.timeOut = 10000;
    c.passwd = std::string(16, '\0');
    checkKnownAnswer(c, "00000000" "0000000000000000" "00002710" "0000000000000000"
                        "00000010" "00000000000000000000000000000000");
  }

  void connectResponse() {
    ConnectResponse c;
    c.timeOut = 6000;
    c.sessionId = 0x1000000abcd;
    c.passwd = std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);
    checkKnownAnswer(c, "00000000" "00001770" "000001000000abcd"
                        "00000010" "0102030405060708090a0b0c0d0e0f10");
  }

  void replyHeader() {
    // xid 7, zxid 0x100000002, err -101 (NoNode).
    checkKnownAnswer(ReplyHeader{7, 0x100000002, -101}, "00000007" "0000000100000002" "ffffff9b");
    // A watch notification: xid -1, zxid -1, err 0.
    checkKnownAnswer(ReplyHeader{-1, -1, 0}, "ffffffff" "ffffffffffffffff" "00000000");
  }

  void requestHeader() { checkKnownAnswer(RequestHeader{-2, 11}, "fffffffe" "0000000b"); }

  void stat() { checkKnownAnswer(sampleStat(), kSampleStatHex); }

  void nullBufferIsKeptApartFromEmpty() {
    GetDataResponse nullData;
    nullData.stat = sampleStat();
    const QByteArray statHex(kSampleStatHex);
    checkKnownAnswer(nullData, ("ffffffff" + statHex).constData());
    QVERIFY(!nullData.data.has_value());

    GetDataResponse emptyData = nullData;
    emptyData.data = std::string();
    checkKnownAnswer(emptyData, ("00000000" + statHex).constData());
    QVERIFY(!(emptyData == nullData));

    GetDataResponse someData = nullData;
    someData.data = std::string("\x00\xff", 2);
    checkKnownAnswer(someData, ("0000000200ff" + statHex).constData());
  }

  void nullUstringReadsAsEmpty() {
    // ZooKeeper (and kazoo, for "") write a null string as -1; Pier reads it as "" and writes
    // "" back with length 0.
    Result<Id> id = decodeHex<Id>("00000004" "61757468" "ffffffff");
    QVERIFY(id.isOk());
    QCOMPARE(QString::fromStdString(id->scheme), QString("auth"));
    QVERIFY(id->id.empty());
    QCOMPARE(toHex(encoded(*id)), QString("00000004" "61757468" "00000000"));
  }

  void nullVectorReadsAsEmpty() {
    Result<GetChildrenResponse> children = decodeHex<GetChildrenResponse>("ffffffff");
    QVERIFY(children.isOk());
    QVERIFY(children->children.empty());
    QCOMPARE(toHex(encoded(*children)), QString("00000000"));
  }

  void booleanIsOneByte() {
    checkKnownAnswer(GetDataRequest{"/a", true}, "00000002" "2f61" "01");
    checkKnownAnswer(GetDataRequest{"/a", false}, "00000002" "2f61" "00");
    // Java's readBoolean takes any non-zero byte as true.
    Result<GetDataRequest> two = decodeHex<GetDataRequest>("00000002" "2f61" "02");
    QVERIFY(two.isOk());
    QVERIFY(two->watch);
  }

  void setWatches() {
    // What ZooKeeper's Java client sends after reconnecting (xid -8, type 101); kazoo 2.8 has
    // no SetWatches. Three vectors of ustring, each an int32 count and the strings.
    SetWatches w;
    w.relativeZxid = 0x2a;
    w.dataWatches = {"/a"};
    w.childWatches = {"/b", "/cd"};
    checkKnownAnswer(w, "000000000000002a"
                        "00000001" "00000002" "2f61"
                        "00000000"
                        "00000002" "00000002" "2f62" "00000003" "2f6364");
  }

  void createRequestWithAcl() {
    CreateRequest c;
    c.path = "/p";
    c.data = std::string("v");
    c.acl = {ACL{31, Id{"world", "anyone"}}};
    c.flags = 3;  // ephemeral sequential
    checkKnownAnswer(c, "00000002" "2f70" "00000001" "76"
                        "00000001" "0000001f" "00000005" "776f726c64" "00000006" "616e796f6e65"
                        "00000003");
  }

  void watcherEvent() {
    // NodeDataChanged (3) in SyncConnected (3) for /pier.
    checkKnownAnswer(WatcherEvent{3, 3, "/pier"}, "00000003" "00000003" "00000005" "2f70696572");
  }

  void multiHeaderDone() {
    // The end of every multi: type -1, done true, err -1.
    checkKnownAnswer(MultiHeader{-1, true, -1}, "ffffffff" "01" "ffffffff");
  }

  void txnHeaderAndMultiTxn() {
    checkKnownAnswer(TxnHeader{0x1000000abcd, 17, 0x100000009, 1700000000000, 14},
                     "000001000000abcd" "00000011" "0000000100000009" "0000018bcfe56800"
                     "0000000e");
    MultiTxn m;
    m.txns = {Txn{2, std::string("\x00\x00\x00\x02/a", 6)}, Txn{13, std::nullopt}};
    checkKnownAnswer(m, "00000002" "00000002" "00000006" "000000022f61" "0000000d" "ffffffff");
  }

  void debugStringNamesEveryField() {
    GetDataResponse r;
    r.data = std::string("a\"\x01", 3);
    QCOMPARE(QString::fromStdString(GetDataRequest{"/a", true}.debugString()),
             QString(R"(GetDataRequest{path="/a" watch=true})"));
    const QString s = QString::fromStdString(r.debugString());
    QVERIFY2(s.startsWith(R"(GetDataResponse{data="a\x22\x01" stat={czxid=0 )"), qPrintable(s));
    QCOMPARE(QString::fromStdString(GetDataResponse{}.debugString()).left(26),
             QString("GetDataResponse{data=null "));
  }
};

QTEST_APPLESS_MAIN(TestJuteCodecs)
#include "tst_jute_codecs.moc"
