#pragma once
// ZAB's packets between a leader and its learners: ZooKeeper's QuorumPacket (type, zxid, data)
// with Leader.java's type numbers, and the small payloads some of them carry. Shared by the
// ZAB state machines (zab_leader.h, zab_learner.h) and whatever carries them (the keeper's
// quorum connections, the simulator).
//
// Payloads, as ZooKeeper writes them:
//   FOLLOWERINFO / OBSERVERINFO  zxid = (acceptedEpoch, 0), data = LearnerInfo
//   LEADERINFO                   zxid = (newEpoch, 0), data = int32 protocol version 0x10000
//   ACKEPOCH                     zxid = last logged zxid, data = int32 currentEpoch, or -1 when
//                                the epoch was already accepted (no acknowledgement)
//   DIFF / TRUNC / SNAP          zxid = where the learner stands afterwards (SNAP: the
//                                snapshot's zxid; Pier carries the snapshot in data)
//   PROPOSAL / INFORM            zxid, data = the transaction as logged
//   COMMIT / ACK                 zxid
//   NEWLEADER                    zxid = (newEpoch, 0)
//   PING                         leader -> learner: zxid = last proposed; learner -> leader: data
//                                = session touches (opaque here)
//   REQUEST / SYNC / REVALIDATE  data = opaque to ZAB (the keeper's forwarded request)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"
#include "protocol/zookeeper/generated/jute_quorum.h"

namespace pier::coordination {

using protocol::zookeeper::QuorumPacket;

enum class ZabPacketType : int32_t {
  Request = 1,
  Proposal = 2,
  Ack = 3,
  Commit = 4,
  Ping = 5,
  Revalidate = 6,
  Sync = 7,
  Inform = 8,
  NewLeader = 10,
  FollowerInfo = 11,
  UpToDate = 12,
  Diff = 13,
  Trunc = 14,
  Snap = 15,
  ObserverInfo = 16,
  LeaderInfo = 17,
  AckEpoch = 18,
};
std::string_view zabPacketName(int32_t type);  // "PROPOSAL", ...; "UNKNOWN" otherwise

inline constexpr int32_t kZabProtocolVersion = 0x10000;

// ZxidUtils: the epoch in the high 32 bits, a counter in the low 32.
inline int64_t zxidEpoch(Zxid zxid) {
  return zxid.value() >> 32;
}
inline int64_t zxidCounter(Zxid zxid) {
  return zxid.value() & 0xffffffffLL;
}
inline Zxid makeZxid(int64_t epoch, int64_t counter) {
  return Zxid((epoch << 32) | (counter & 0xffffffffLL));
}

QuorumPacket makePacket(ZabPacketType type, Zxid zxid, std::optional<std::string> data = {});
inline ZabPacketType packetType(const QuorumPacket& p) {
  return static_cast<ZabPacketType>(p.type);
}
std::string describe(const QuorumPacket& p);  // "PROPOSAL 0x100000003 (42 bytes)"

std::string encodeInt32Data(int32_t value);
// The int32 of a LEADERINFO / ACKEPOCH; an error when data is missing or short.
Result<int32_t> decodeInt32Data(const std::optional<std::string>& data);

std::string encodeLearnerInfo(NodeId sid);
Result<protocol::zookeeper::LearnerInfo> decodeLearnerInfo(const std::optional<std::string>& data);

// One transaction as ZAB moves it: its zxid and its bytes as logged (opaque to ZAB).
struct ZabTxn {
  Zxid zxid;
  std::string bytes;
  friend bool operator==(const ZabTxn&, const ZabTxn&) = default;
};

}  // namespace pier::coordination
