#pragma once
// The records of one partition in a Fetch answer, as a consumer reads them: v2 batches (any
// compression, through protocol/records' decodeBatch, CRC checked) and legacy magic 0/1 message
// sets, records before the fetch offset dropped (a batch may start earlier), control batches
// skipped, a batch cut off at the end of the answer left for the next fetch.
//
// A batch that does not decode (CRC mismatch, bad compression, corrupt lengths) ends the
// decoding: the records before it are returned with the error, and, when the batch's header
// could be read, the offset after it, where a consumer told to skip broken records goes on.
//
// Pure function; thread-safe.

#include <optional>
#include <span>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "daemon/pierctl/message_formatter.h"
#include "protocol/records/batch_header.h"

namespace pier::pierctl {

struct FetchedRecords {
  std::vector<ConsumedRecord> records;  // offsets >= the fetch offset, in log order
  Offset nextOffset{0};                 // where the next fetch starts
  Status error;                         // ok, or the batch that did not decode
  std::optional<Offset> skipTo;  // with an error: the offset after the broken batch, when known
};

FetchedRecords decodeFetchedRecords(PartitionIndex partition, Offset fetchOffset,
                                    std::span<const uint8_t> blob,
                                    const protocol::records::BatchLimits& limits = {});

}  // namespace pier::pierctl
