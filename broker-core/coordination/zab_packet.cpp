#include "coordination/zab_packet.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "coordination/coordination_error.h"

namespace pier::coordination {

std::string_view zabPacketName(int32_t type) {
  switch (static_cast<ZabPacketType>(type)) {
    case ZabPacketType::Request:
      return "REQUEST";
    case ZabPacketType::Proposal:
      return "PROPOSAL";
    case ZabPacketType::Ack:
      return "ACK";
    case ZabPacketType::Commit:
      return "COMMIT";
    case ZabPacketType::Ping:
      return "PING";
    case ZabPacketType::Revalidate:
      return "REVALIDATE";
    case ZabPacketType::Sync:
      return "SYNC";
    case ZabPacketType::Inform:
      return "INFORM";
    case ZabPacketType::NewLeader:
      return "NEWLEADER";
    case ZabPacketType::FollowerInfo:
      return "FOLLOWERINFO";
    case ZabPacketType::UpToDate:
      return "UPTODATE";
    case ZabPacketType::Diff:
      return "DIFF";
    case ZabPacketType::Trunc:
      return "TRUNC";
    case ZabPacketType::Snap:
      return "SNAP";
    case ZabPacketType::ObserverInfo:
      return "OBSERVERINFO";
    case ZabPacketType::LeaderInfo:
      return "LEADERINFO";
    case ZabPacketType::AckEpoch:
      return "ACKEPOCH";
  }
  return "UNKNOWN";
}

QuorumPacket makePacket(ZabPacketType type, Zxid zxid, std::optional<std::string> data) {
  QuorumPacket p;
  p.type = static_cast<int32_t>(type);
  p.zxid = zxid.value();
  p.data = std::move(data);
  return p;
}

std::string describe(const QuorumPacket& p) {
  std::string out = fmt::format("{} 0x{:x}", zabPacketName(p.type), p.zxid);
  if (p.data) out += fmt::format(" ({} bytes)", p.data->size());
  return out;
}

namespace {
std::string toString(const Writer& w) {
  const auto bytes = w.bytes();
  return std::string(bytes.begin(), bytes.end());
}
Reader readerOf(const std::string& data) {
  return Reader(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}
}  // namespace

std::string encodeInt32Data(int32_t value) {
  Writer w;
  w.writeInt32(value);
  return toString(w);
}

Result<int32_t> decodeInt32Data(const std::optional<std::string>& data) {
  if (!data || data->size() < 4)
    return Status(CoordinationError::BadQuorumPacket, "packet data holds no 32-bit value");
  Reader r = readerOf(*data);
  return r.readInt32();
}

std::string encodeLearnerInfo(NodeId sid) {
  protocol::zookeeper::LearnerInfo info;
  info.serverid = sid.value();
  info.protocolVersion = kZabProtocolVersion;
  info.configVersion = 0;
  Writer w;
  info.encode(w);
  return toString(w);
}

Result<protocol::zookeeper::LearnerInfo> decodeLearnerInfo(const std::optional<std::string>& data) {
  if (!data) return Status(CoordinationError::BadQuorumPacket, "learner info missing");
  Reader r = readerOf(*data);
  auto info = protocol::zookeeper::LearnerInfo::decode(r);
  if (!info.isOk())
    return Status(CoordinationError::BadQuorumPacket,
                  "learner info does not decode: " + info.status().message());
  return info;
}

}  // namespace pier::coordination
