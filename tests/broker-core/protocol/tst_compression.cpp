// The compression codecs: round trips, the snappy framings (raw as librdkafka writes it, xerial
// as snappy-java writes it), LZ4 frames with Kafka 0.8's wrong header checksum, zstd frames
// without a content size, output bounds, and garbage or truncated input never crashing.

#include <QtTest>

#include <snappy-c.h>
#include <zstd.h>

#include <string>
#include <vector>

#include "base/prng.h"
#include "protocol/records/compression.h"
#include "protocol/records/compression_codecs.h"
#include "protocol/records/record_error.h"

using namespace pier;
using namespace pier::protocol;
using namespace pier::protocol::records;

namespace {

std::vector<Compression> allCodecs() {
  return {Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd};
}

// Half random, half repetitive text: compresses, but not trivially.
std::vector<uint8_t> sampleData(Prng& prng, std::size_t n) {
  std::vector<uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = (i / 64) % 2 ? static_cast<uint8_t>(prng.below(256)) : static_cast<uint8_t>('a' + i % 7);
  }
  return out;
}

std::vector<uint8_t> rawSnappy(std::span<const uint8_t> in) {
  size_t n = snappy_max_compressed_length(in.size());
  std::vector<uint8_t> out(n);
  snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data()), &n);
  out.resize(n);
  return out;
}

}  // namespace

class TestCompression : public QObject {
  Q_OBJECT

 private slots:
  void roundTrip_data();
  void roundTrip();
  void snappyDecodesRawAndXerial();
  void xerialLayoutMatchesSnappyJava();
  void lz4AcceptsKafka08HeaderChecksumOnlyWhenAsked();
  void zstdWithoutContentSize();
  void outputIsBounded();
  void garbageAndTruncationsNeverCrash();
  void unknownCompressionBits();
};

void TestCompression::roundTrip_data() {
  QTest::addColumn<int>("codec");
  QTest::addColumn<int>("size");
  for (auto c : allCodecs()) {
    for (int size : {0, 1, 100, 65536, 300000}) {
      QTest::addRow("%s-%d", compressionName(c).data(), size) << static_cast<int>(c) << size;
    }
  }
}

void TestCompression::roundTrip() {
  QFETCH(int, codec);
  QFETCH(int, size);
  Prng prng(static_cast<uint64_t>(size) + 17);
  auto data = sampleData(prng, static_cast<std::size_t>(size));
  for (auto framing : {SnappyFraming::Raw, SnappyFraming::Xerial}) {
    auto packed = compress(static_cast<Compression>(codec), data, {framing, 0});
    QVERIFY2(packed, packed.status().toString().c_str());
    if (size >= 65536) QVERIFY(packed->size() < data.size());
    auto unpacked = decompress(static_cast<Compression>(codec), *packed);
    QVERIFY2(unpacked, unpacked.status().toString().c_str());
    QVERIFY(*unpacked == data);
  }
}

void TestCompression::snappyDecodesRawAndXerial() {
  Prng prng(2);
  auto data = sampleData(prng, 100000);
  auto raw = compress(Compression::Snappy, data);
  auto xerial = compress(Compression::Snappy, data, {SnappyFraming::Xerial, 0});
  QVERIFY(raw && xerial);
  QVERIFY(*raw == rawSnappy(data));  // default is raw, like librdkafka
  QCOMPARE(int((*xerial)[0]), 0x82);
  QVERIFY(decompress(Compression::Snappy, *raw).valueOr({}) == data);
  QVERIFY(decompress(Compression::Snappy, *xerial).valueOr({}) == data);
}

void TestCompression::xerialLayoutMatchesSnappyJava() {
  // Built by hand from snappy-java's SnappyOutputStream layout: header, then one block per
  // 32 KiB of input, each an int32 big-endian length and a raw snappy block.
  Prng prng(3);
  auto data = sampleData(prng, 40000);
  std::vector<uint8_t> framed = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  for (std::size_t at = 0; at < data.size(); at += 32768) {
    auto block = rawSnappy(std::span<const uint8_t>(data).subspan(at, std::min<std::size_t>(32768, data.size() - at)));
    for (int i = 0; i < 4; ++i) framed.push_back(static_cast<uint8_t>(block.size() >> (24 - 8 * i)));
    framed.insert(framed.end(), block.begin(), block.end());
  }
  QVERIFY(compress(Compression::Snappy, data, {SnappyFraming::Xerial, 0}).valueOr({}) == framed);
  QVERIFY(decompress(Compression::Snappy, framed).valueOr({}) == data);
  auto cut = framed;
  cut.resize(framed.size() - 3);
  QVERIFY(decompress(Compression::Snappy, cut).status().is(RecordError::DecompressionFailed));
}

void TestCompression::lz4AcceptsKafka08HeaderChecksumOnlyWhenAsked() {
  Prng prng(4);
  auto data = sampleData(prng, 5000);
  auto frame = compress(Compression::Lz4, data).valueOr({});
  // Our frames carry no content size or dictionary id: descriptor = FLG, BD; HC at byte 6.
  QCOMPARE(frame[4] & 0x09, 0);
  auto broken = frame;
  broken[6] = static_cast<uint8_t>(codecs::xxh32Short(std::span<const uint8_t>(frame).first(6), 0) >> 8);
  QVERIFY(broken[6] != frame[6]);
  QVERIFY(decompress(Compression::Lz4, broken).status().is(RecordError::DecompressionFailed));
  DecompressOptions kafka08;
  kafka08.lz4HeaderChecksum = Lz4HeaderChecksum::Kafka08;
  QVERIFY(decompress(Compression::Lz4, broken, kafka08).valueOr({}) == data);
  QVERIFY(decompress(Compression::Lz4, frame, kafka08).valueOr({}) == data);
}

void TestCompression::zstdWithoutContentSize() {
  Prng prng(5);
  auto data = sampleData(prng, 200000);
  std::vector<uint8_t> frame(ZSTD_compressBound(data.size()));
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(ctx, ZSTD_c_contentSizeFlag, 0);
  ZSTD_outBuffer out{frame.data(), frame.size(), 0};
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::size_t left = ZSTD_compressStream2(ctx, &out, &in, ZSTD_e_end);
  ZSTD_freeCCtx(ctx);
  QCOMPARE(left, std::size_t(0));
  frame.resize(out.pos);
  QCOMPARE(ZSTD_getFrameContentSize(frame.data(), frame.size()), ZSTD_CONTENTSIZE_UNKNOWN);
  QVERIFY(decompress(Compression::Zstd, frame).valueOr({}) == data);
  frame.resize(frame.size() - 1);
  QVERIFY(decompress(Compression::Zstd, frame).status().is(RecordError::DecompressionFailed));
}

void TestCompression::outputIsBounded() {
  std::vector<uint8_t> zeros(1u << 20, 0);
  for (auto c : allCodecs()) {
    for (auto framing : {SnappyFraming::Raw, SnappyFraming::Xerial}) {
      auto packed = compress(c, zeros, {framing, 0}).valueOr({});
      DecompressOptions options;
      options.decompressedBytesMax = zeros.size() - 1;
      auto r = decompress(c, packed, options);
      QVERIFY2(r.status().is(RecordError::DecompressedTooLarge), r.status().toString().c_str());
      options.decompressedBytesMax = zeros.size();  // exactly enough
      QVERIFY2(decompress(c, packed, options).valueOr({}) == zeros, compressionName(c).data());
    }
  }
}

void TestCompression::garbageAndTruncationsNeverCrash() {
  Prng prng(6);
  DecompressOptions small;
  small.decompressedBytesMax = 1u << 20;
  for (auto c : allCodecs()) {
    auto data = sampleData(prng, 3000);
    auto packed = compress(c, data, {SnappyFraming::Xerial, 0}).valueOr({});
    for (std::size_t n = 0; n < packed.size(); ++n) {
      auto r = decompress(c, std::span<const uint8_t>(packed).first(n), small);
      // Snappy's raw format cannot always tell a short block; everything else must notice.
      if (r && c != Compression::Snappy) QFAIL(qPrintable(QString("%1 accepted a %2-byte prefix").arg(compressionName(c).data()).arg(n)));
    }
    for (int round = 0; round < 300; ++round) {
      auto bad = packed;
      bad[prng.below(bad.size())] ^= static_cast<uint8_t>(1 + prng.below(255));
      (void)decompress(c, bad, small);
      auto noise = prng.bytes(prng.below(200));
      (void)decompress(c, noise, small);
    }
  }
}

void TestCompression::unknownCompressionBits() {
  for (int bits = 0; bits < 8; ++bits) {
    auto c = compressionFromBits(bits);
    QCOMPARE(bool(c), bits <= 4);
    if (!c) QVERIFY(c.status().is(RecordError::UnsupportedCompression));
  }
}

QTEST_APPLESS_MAIN(TestCompression)
#include "tst_compression.moc"
