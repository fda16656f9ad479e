#pragma once
// The .index and .timeindex parts of `pierctl dump-log` (internal to daemon/pierctl), as Kafka
// 3.8's DumpLogSegments.dumpIndex / dumpTimeIndex:
//
// - An index file is read as Kafka opens an existing one: (file size / entry width) entries,
//   the zero padding of a preallocated file included. The dump stops at the first entry after
//   the first whose offset is the base offset (the padding).
// - .index: "<path> is empty." when there are no entries. Each entry "offset: X position: Y";
//   the first batch at Y (read within --max-message-size) must end at X, else the pair
//   (X, that batch's last offset, -1 when there is none) is a mismatch.
// - .timeindex: "timestamp: X offset: Y"; the batch ending at Y (found from the .index) must
//   have X as its records' greatest timestamp, and timestamps must increase.
// - --index-sanity-check runs Kafka's check instead (whole entries; last offset not below the
//   base; for the time index, last timestamp not below the first) and prints
//   "<path> passed sanity check.". Kafka's check on a preallocated active time index fails on
//   its zero padding; so does this one, on purpose.
// - --verify-index-only checks the entries without printing them.
//
// Mismatches go to the run's DumpFindings, printed after every file. Files are only read.
// Not thread-safe (uses the run's DumpContext).

#include <string>

#include "daemon/pierctl/dump_context.h"

namespace pier::pierctl {

void dumpOffsetIndex(DumpContext& ctx, const std::string& path);
void dumpTimeIndex(DumpContext& ctx, const std::string& path);

}  // namespace pier::pierctl
