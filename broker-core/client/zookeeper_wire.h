#pragma once
// The ZooKeeper client protocol as pure functions over the jute records
// (protocol/zookeeper/generated/jute_proto.h): Kafka's zookeeper.connect string, chroot paths,
// request and reply frames, and ZooKeeper error codes as CoordinationError values. No I/O: the
// connection (zookeeper_session.h) and the calls (zookeeper_client.h) are built on these.
//
// Frames, as ZooKeeper's ClientCnxn writes them: a big-endian int32 length, then
//   handshake:  ConnectRequest, readOnly byte        reply: ConnectResponse[, readOnly byte]
//   request:    RequestHeader{xid, type}, record     reply: ReplyHeader{xid, zxid, err}, record
//                                                           (no record when err != 0)
//   ping:       RequestHeader{-2, 11}                reply: ReplyHeader{-2, ...}
// and watch notifications arrive as ReplyHeader{-1, ...} + WatcherEvent.
//
// Stateless; thread-safe.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/result.h"
#include "client/coordination_store.h"
#include "protocol/zookeeper/generated/jute_proto.h"
#include "protocol/zookeeper/zk_codes.h"
#include "runtime/network.h"

namespace pier::client {

inline constexpr uint16_t kZooKeeperDefaultPort = 2181;
// The largest reply frame accepted (ZooKeeper's own jute.maxbuffer is 1 MiB by default).
inline constexpr int32_t kZooKeeperFrameBytesMax = 16 * 1024 * 1024;

struct ZooKeeperConnectString {
  std::vector<Endpoint> servers;  // in the order given
  std::string chroot;             // "" or an absolute path without a trailing slash ("/kafka")
  friend bool operator==(const ZooKeeperConnectString&, const ZooKeeperConnectString&) = default;
};

// "host:port,host:port[/chroot]", as Kafka's zookeeper.connect and ZooKeeper's
// ConnectStringParser read it: spaces around hosts are dropped, a host without a port gets 2181,
// "[v6]:port" is an IPv6 address, a chroot of "/" means none. BadArguments naming the text and
// what is wrong otherwise (no host, a bad port, a chroot that is not a valid znode path).
Result<ZooKeeperConnectString> parseZooKeeperConnect(std::string_view text);

// ZooKeeper's PathUtils.validatePath: absolute, no empty, "." or ".." segment, no trailing
// slash (but "/"), no control characters. BadArguments naming the path otherwise.
Status validateZnodePath(std::string_view path);

// The server's path for a client path under `chroot` ("/kafka" + "/" = "/kafka"), and back
// (a server path outside the chroot is returned as it is).
std::string withChroot(const std::string& chroot, const std::string& path);
std::string withoutChroot(const std::string& chroot, const std::string& serverPath);

// The handshake frame of a new session (sessionId 0, password of zeros) or of a reconnect.
std::vector<uint8_t> connectFrame(int32_t sessionTimeoutMs, int64_t sessionId, const std::string& password,
                                  int64_t lastZxidSeen);
// A request frame: length, RequestHeader{xid, op}, then `record` (a jute record's bytes).
std::vector<uint8_t> requestFrame(int32_t xid, protocol::zookeeper::OpCode op, std::span<const uint8_t> record);

template <typename Record>
std::vector<uint8_t> encodeRecord(const Record& record) {
  Writer w;
  record.encode(w);
  return w.take();
}

// The ConnectResponse in a handshake reply frame (without its length prefix); the trailing
// readOnly byte, when present, is ignored.
Result<protocol::zookeeper::ConnectResponse> decodeConnectReply(std::span<const uint8_t> frame);

// A reply frame split into its header and the bytes of the record after it.
struct ZooKeeperReply {
  protocol::zookeeper::ReplyHeader header;
  std::vector<uint8_t> record;
};
Result<ZooKeeperReply> decodeReply(std::span<const uint8_t> frame);

// Decodes a reply's record; trailing bytes are an error (a reply for some other request).
template <typename Record>
Result<Record> decodeReplyRecord(const ZooKeeperReply& reply) {
  Reader r(reply.record);
  PIER_ASSIGN_OR_RETURN(Record record, Record::decode(r));
  if (!r.atEnd()) {
    return Status(CoordinationError::Io, std::string(Record::kName) + ": bytes left after the record");
  }
  return record;
}

// ZooKeeper's error code as a CoordinationError (NONODE -> NoNode, ...; codes without a
// counterpart -> Io) and a Status "<path>: <NAME> (<code>)". Requires: code != 0.
CoordinationError coordinationErrorFor(int32_t code);
Status zooKeeperErrorStatus(int32_t code, std::string_view path);

// The OPEN_ACL_UNSAFE ACL (world:anyone, all permissions) Kafka uses without zookeeper.set.acl.
std::vector<protocol::zookeeper::ACL> openAclUnsafe();

ZnodeStat toZnodeStat(const protocol::zookeeper::Stat& stat);

}  // namespace pier::client
