#pragma once
// One entry of ZooKeeper 3.8's transaction log (docs/FORMAT-keeper.md), as a value:
//
//   LoggedTxn = TxnHeader, the type-specific txn record, and the tree digest after the txn.
//
// `body` holds the raw jute bytes of the txn record (CreateTxn, SetDataTxn, CreateSessionTxn,
// MultiTxn, ...; empty when the type has none) so that this layer never interprets what a txn
// does: the coordination code encodes and decodes it by header.type. The one thing read here is
// the body's length, because the entry does not store it: the digest follows the record
// directly, so its boundary is found by decoding the record named by header.type, with
// SerializeUtils.deserializeTxn's table (create/create2 -> CreateTxn, or CreateTxnV0 when that
// does not fit; closeSession -> CloseSessionTxn or nothing; reconfig -> SetDataTxn; ...).
//
// Stateless functions; thread-safe. Decoders never crash or assert on any bytes.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/byte_writer.h"
#include "base/result.h"
#include "protocol/zookeeper/generated/jute_txn.h"

namespace pier::keeper {

struct LoggedTxn {
  protocol::zookeeper::TxnHeader header;
  std::string body;
  std::optional<protocol::zookeeper::TxnDigest> digest;

  friend bool operator==(const LoggedTxn&, const LoggedTxn&) = default;
};

// The log record around an entry: int64 Adler32 of the payload, int32 payload length, the
// payload, and the end-of-record byte 'B'.
inline constexpr std::size_t kRecordHeadBytes = 12;  // checksum + length
inline constexpr uint8_t kEndOfRecord = 0x42;        // 'B'

// ZooDefs.OpCode values that appear in the log.
namespace txn_type {
inline constexpr int32_t kCreateSession = -10;
inline constexpr int32_t kCloseSession = -11;
inline constexpr int32_t kError = -1;
inline constexpr int32_t kCreate = 1;
inline constexpr int32_t kDelete = 2;
inline constexpr int32_t kSetData = 5;
inline constexpr int32_t kSetAcl = 7;
inline constexpr int32_t kMulti = 14;
inline constexpr int32_t kCreate2 = 15;
inline constexpr int32_t kReconfig = 16;
inline constexpr int32_t kCreateContainer = 19;
inline constexpr int32_t kDeleteContainer = 20;
inline constexpr int32_t kCreateTtl = 21;
}  // namespace txn_type

// header, body, digest: the bytes the checksum covers (Util.marshallTxnEntry).
std::vector<uint8_t> encodeTxnPayload(const LoggedTxn& txn);
// Splits a payload. CorruptTxnLog when the header or the body does not decode, the type is not
// one ZooKeeper logs, or bytes other than one 12-byte digest follow the body.
Result<LoggedTxn> decodeTxnPayload(std::span<const uint8_t> payload);
// The length of the txn record of `type` at the start of `bytes` (which may continue with a
// digest). CorruptTxnLog when it does not decode.
Result<std::size_t> txnBodyLength(int32_t type, std::span<const uint8_t> bytes);

// Adler32 as java.util.zip.Adler32.getValue() gives it (0 .. 2^32-1).
int64_t adler32Of(std::span<const uint8_t> bytes);
// The Adler32 of what `sum` covered followed by `bytes` (a stream checksummed in pieces; the
// sum of nothing is 1).
int64_t adler32Continue(int64_t sum, std::span<const uint8_t> bytes);
// Appends the whole record: checksum, length, payload, 'B'.
void appendLogRecord(Writer& w, const LoggedTxn& txn);

}  // namespace pier::keeper
