#include "keeper/zk_txn_entry.h"

#include <zlib.h>

#include <algorithm>

#include <fmt/format.h>

#include "keeper/zk_persistence_error.h"

namespace pier::keeper {
namespace zk = protocol::zookeeper;
namespace {

constexpr std::size_t kDigestBytes = 12;  // TxnDigest: int version, long treeDigest

template <typename Record>
Result<std::size_t> recordLength(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  auto decoded = Record::decode(r);
  if (!decoded) return decoded.status();
  return r.position();
}

Result<std::size_t> createLength(std::span<const uint8_t> bytes) {
  auto length = recordLength<zk::CreateTxn>(bytes);
  if (length) return length;
  // A create logged before parentCVersion existed (SerializeUtils falls back on EOF).
  auto v0 = recordLength<zk::CreateTxnV0>(bytes);
  return v0 ? v0 : length;
}

Result<std::size_t> closeSessionLength(std::span<const uint8_t> bytes) {
  // zookeeper.closeSessionTxn.enabled=false, or a log older than 3.6: no record at all.
  if (bytes.empty()) return std::size_t{0};
  auto length = recordLength<zk::CloseSessionTxn>(bytes);
  return length ? length : Result<std::size_t>(std::size_t{0});
}

Status corrupt(std::string message) { return Status(PersistenceError::CorruptTxnLog, std::move(message)); }

}  // namespace

Result<std::size_t> txnBodyLength(int32_t type, std::span<const uint8_t> bytes) {
  Result<std::size_t> length = std::size_t{0};
  switch (type) {
    case txn_type::kCreateSession: length = recordLength<zk::CreateSessionTxn>(bytes); break;
    case txn_type::kCloseSession: length = closeSessionLength(bytes); break;
    case txn_type::kCreate:
    case txn_type::kCreate2: length = createLength(bytes); break;
    case txn_type::kCreateTtl: length = recordLength<zk::CreateTTLTxn>(bytes); break;
    case txn_type::kCreateContainer: length = recordLength<zk::CreateContainerTxn>(bytes); break;
    case txn_type::kDelete:
    case txn_type::kDeleteContainer: length = recordLength<zk::DeleteTxn>(bytes); break;
    case txn_type::kReconfig:
    case txn_type::kSetData: length = recordLength<zk::SetDataTxn>(bytes); break;
    case txn_type::kSetAcl: length = recordLength<zk::SetACLTxn>(bytes); break;
    case txn_type::kError: length = recordLength<zk::ErrorTxn>(bytes); break;
    case txn_type::kMulti: length = recordLength<zk::MultiTxn>(bytes); break;
    default: return corrupt(fmt::format("txn type {} is not one ZooKeeper logs", type));
  }
  if (!length) return corrupt(fmt::format("txn type {}: {}", type, length.status().toString()));
  return length;
}

std::vector<uint8_t> encodeTxnPayload(const LoggedTxn& txn) {
  Writer w(64 + txn.body.size());
  txn.header.encode(w);
  w.writeRaw(std::string_view(txn.body));
  if (txn.digest) txn.digest->encode(w);
  return w.take();
}

Result<LoggedTxn> decodeTxnPayload(std::span<const uint8_t> payload) {
  Reader r(payload);
  LoggedTxn txn;
  if (Status s = txn.header.decodeFrom(r); !s) return corrupt("TxnHeader: " + s.toString());
  const std::span<const uint8_t> rest = r.rest();
  PIER_ASSIGN_OR_RETURN(std::size_t bodyBytes, txnBodyLength(txn.header.type, rest));
  txn.body.assign(reinterpret_cast<const char*>(rest.data()), bodyBytes);
  const std::span<const uint8_t> tail = rest.subspan(bodyBytes);
  if (tail.empty()) return txn;
  if (tail.size() != kDigestBytes) {
    return corrupt(fmt::format("{} bytes after the txn record, expected 0 or a {}-byte digest",
                               tail.size(), kDigestBytes));
  }
  Reader digestReader(tail);
  auto digest = zk::TxnDigest::decode(digestReader);
  if (!digest) return corrupt("TxnDigest: " + digest.status().toString());
  txn.digest = *digest;
  return txn;
}

int64_t adler32Of(std::span<const uint8_t> bytes) { return adler32Continue(1, bytes); }

int64_t adler32Continue(int64_t start, std::span<const uint8_t> bytes) {
  auto sum = static_cast<uLong>(start);
  // zlib takes uInt lengths: feed large inputs in pieces.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    sum = adler32(sum, bytes.data(), static_cast<uInt>(n));
    bytes = bytes.subspan(n);
  }
  return static_cast<int64_t>(sum);
}

void appendLogRecord(Writer& w, const LoggedTxn& txn) {
  const std::vector<uint8_t> payload = encodeTxnPayload(txn);
  w.writeInt64(adler32Of(payload));
  w.writeInt32(static_cast<int32_t>(payload.size()));
  w.writeRaw(payload);
  w.writeUint8(kEndOfRecord);
}

}  // namespace pier::keeper
