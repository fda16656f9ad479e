#include "daemon/pierctl/dump_log.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "daemon/pierctl/batch_text.h"
#include "daemon/pierctl/dump_context.h"
#include "daemon/pierctl/index_dump.h"
#include "daemon/pierctl/offsets_json.h"
#include "protocol/records/record_error.h"
#include "storage/log_file_names.h"
#include "storage/producer_snapshot.h"
#include "storage/segment_scanner.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

// Files Kafka's tool reads that this one does not yet.
constexpr std::array<std::string_view, 2> kUnsupportedSuffixes = {".txnindex", ".checkpoint"};

std::optional<std::span<const uint8_t>> spanOf(const std::optional<std::vector<uint8_t>>& bytes) {
  if (!bytes) return std::nullopt;
  return std::span<const uint8_t>(*bytes);
}

// The batches and records of one .log file.
class DataLogDump {
 public:
  DataLogDump(DumpContext& ctx, const std::string& path) : m_ctx(ctx), m_path(path) {}

  // Prints one batch and, with deep iteration, its records. False when the records cannot be
  // read: the dump of this file stops there.
  bool batch(const storage::ScannedBatch& scanned);

 private:
  void record(const records::BatchHeader& header, const records::Record& record);
  RecordText dataText(int64_t offset, const records::Record& record) const;
  void noteOffset(int64_t offset);

  DumpContext& m_ctx;
  const std::string& m_path;
  int64_t m_lastOffset = -1;
};

bool DataLogDump::batch(const storage::ScannedBatch& scanned) {
  const bool crcValid = records::computeBatchCrc(scanned.bytes) == scanned.header.crc;
  m_ctx.out() << batchLine(scanned.header, scanned.position, crcValid) << '\n';
  if (!m_ctx.options().iteratesDeep()) return true;
  auto decoded = decodeForDump(scanned.bytes, crcValid);
  if (!decoded) {
    m_ctx.fail(fmt::format("Cannot read the records of the batch at position {} of {}: {}", scanned.position, m_path,
                           decoded.status().toString()));
    return false;
  }
  for (const auto& r : decoded->records) record(decoded->header, r);
  return true;
}

void DataLogDump::record(const records::BatchHeader& header, const records::Record& record) {
  const int64_t offset = recordOffset(header, record);
  noteOffset(offset);
  std::string line = recordMetadataText(header, record);
  if (m_ctx.options().printsData() && !header.isControl()) {
    RecordText text = dataText(offset, record);
    if (text.key) line += " key: " + *text.key;
    if (text.payload) line += " payload: " + *text.payload;
  }
  m_ctx.out() << line << '\n';
}

RecordText DataLogDump::dataText(int64_t offset, const records::Record& record) const {
  if (m_ctx.options().offsetsDecoder) {
    return formatConsumerOffsetsRecord(offset, spanOf(record.key), spanOf(record.value));
  }
  RecordText text;
  if (record.key) text.key = utf8Text(*record.key);
  if (record.value) text.payload = utf8Text(*record.value);
  return text;
}

void DataLogDump::noteOffset(int64_t offset) {
  if (m_lastOffset != -1 && offset != m_lastOffset + 1) {
    m_ctx.findings().nonConsecutiveOffsets.add(absolutePathOf(m_path), m_lastOffset, offset);
  }
  m_lastOffset = offset;
}

void dumpDataLog(DumpContext& ctx, const std::string& path) {
  auto baseOffset = baseOffsetOf(path);
  if (!baseOffset) return ctx.fail(fmt::format("Cannot read a base offset from the name of {}", path));
  ctx.out() << "Log starting offset: " << *baseOffset << '\n';
  auto file = ctx.openOrReport(path);
  if (!file) return;
  auto size = file->size();
  if (!size) return ctx.fail(fmt::format("Cannot read {}: {}", path, size.status().toString()));
  storage::SegmentScanner scan(*file, 0, *size);
  DataLogDump dump(ctx, path);
  uint64_t validBytes = 0;
  while (true) {
    auto next = scan.next(/*wantBytes=*/true, /*verifyCrc=*/false);
    if (!next && next.status().is(protocol::RecordError::PartialBatch)) break;  // a torn tail
    if (!next) {
      return ctx.fail(fmt::format("Stopped dumping {} at position {}: {}", path, scan.position(),
                                  next.status().toString()));
    }
    if (!next->has_value()) break;
    if (!dump.batch(**next)) return;
    validBytes = scan.position();
  }
  if (validBytes < *size) {
    ctx.out() << "Found " << (*size - validBytes) << " invalid bytes at the end of " << fileNameOf(path) << '\n';
  }
}

// A producer snapshot, one line per producer, as Kafka's DumpLogSegments prints them (its
// OptionalLong for the transaction's first offset included). A corrupt one is a line on stderr,
// not a failure, as in Kafka.
void dumpProducerSnapshot(DumpContext& ctx, const std::string& path) {
  std::unique_ptr<File> file = ctx.openOrReport(path);
  if (!file) return;
  auto bytes = readWholeFile(*file);
  if (!bytes) return ctx.fail(fmt::format("Cannot read {}: {}", path, bytes.status().message()));
  auto entries = storage::decodeProducerSnapshot(*bytes);
  if (!entries) {
    ctx.err() << entries.status().message() << '\n';
    return;
  }
  for (const storage::ProducerSnapshotEntry& e : *entries) {
    const std::string txnFirst =
        e.currentTxnFirstOffset >= 0 ? fmt::format("OptionalLong[{}]", e.currentTxnFirstOffset) : "OptionalLong.empty";
    ctx.out() << fmt::format("producerId: {} producerEpoch: {} coordinatorEpoch: {} currentTxnFirstOffset: {} "
                             "lastTimestamp: {} ",
                             e.producerId, e.epoch, e.coordinatorEpoch, txnFirst, e.timestamp);
    if (e.lastOffset >= 0 && e.lastSequence >= 0 && e.offsetDelta >= 0) {
      ctx.out() << fmt::format("firstSequence: {} lastSequence: {} lastOffset: {} offsetDelta: {} timestamp: {}",
                               storage::firstSequence(e), e.lastSequence, e.lastOffset, e.offsetDelta, e.timestamp);
    }
    ctx.out() << '\n';
  }
}

void dumpFile(DumpContext& ctx, const std::string& path) {
  const std::string name = fileNameOf(path);
  const std::size_t dot = name.rfind('.');
  const std::string suffix = dot == std::string::npos ? "" : name.substr(dot);
  if (suffix == storage::kLogSuffix) return dumpDataLog(ctx, path);
  if (suffix == storage::kIndexSuffix) return dumpOffsetIndex(ctx, path);
  if (suffix == storage::kTimeIndexSuffix) return dumpTimeIndex(ctx, path);
  if (suffix == storage::kProducerSnapshotSuffix) return dumpProducerSnapshot(ctx, path);
  for (std::string_view unsupported : kUnsupportedSuffixes) {
    if (suffix == unsupported) {
      return ctx.fail(fmt::format("Not dumping {}: {} files are not supported yet", path, suffix));
    }
  }
  ctx.err() << "Ignoring unknown file " << path << '\n';
}

}  // namespace

int dumpLog(FileSystem& fs, const std::vector<std::string>& files, const DumpLogOptions& options, std::ostream& out,
            std::ostream& err) {
  DumpContext ctx(fs, options, out, err);
  for (const std::string& path : files) {
    out << "Dumping " << path << '\n';
    dumpFile(ctx, path);
  }
  ctx.findings().print(err);
  return ctx.exitCode();
}

}  // namespace pier::pierctl
