#pragma once
// The batch and record lines of `kafka-dump-log.sh` (Kafka 3.8's DumpLogSegments), for magic v2
// batches:
//
//   baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1
//     producerEpoch: -1 partitionLeaderEpoch: 5 isTransactional: false isControl: false
//     deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000010 size: 89
//     magic: 2 compresscodec: none crc: 205528827 isvalid: true                 (one line)
//   | offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: -1 headerKeys: []
//     key: k0 payload: hello                                                    (one line)
//
// Record timestamps follow Kafka's reader: a LogAppendTime batch gives every record its max
// timestamp. Keys, values and header keys are shown as Java's String(bytes, UTF_8) would:
// invalid sequences become U+FFFD. Control records show their marker (endTxnMarker: COMMIT
// coordinatorEpoch: 3) or their type.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/result.h"
#include "protocol/records/record_batch.h"

namespace pier::pierctl {

// "CreateTime" or "LogAppendTime".
std::string_view timestampTypeName(const protocol::records::BatchHeader& header);

// The batch line (no newline). `position`: where the batch starts in its file.
std::string batchLine(const protocol::records::BatchHeader& header, uint64_t position, bool crcValid);

// A record's offset and timestamp as Kafka's reader reports them.
int64_t recordOffset(const protocol::records::BatchHeader& header, const protocol::records::Record& record);
int64_t recordTimestamp(const protocol::records::BatchHeader& header, const protocol::records::Record& record);

// The record line up to and including "headerKeys: [...]" and, for a control batch, its marker
// (no newline).
std::string recordMetadataText(const protocol::records::BatchHeader& header, const protocol::records::Record& record);

// The records of a batch the scanner returned whole. A batch whose stored CRC is wrong is still
// read (Kafka's deep iteration does not check it): the CRC is fixed in a copy first.
Result<protocol::records::RecordBatch> decodeForDump(std::span<const uint8_t> batch, bool crcValid);

// Bytes as Java's new String(bytes, UTF_8) shows them.
std::string utf8Text(std::span<const uint8_t> bytes);

}  // namespace pier::pierctl
