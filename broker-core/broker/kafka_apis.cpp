#include "broker/kafka_apis.h"

#include <fmt/format.h>

#include "base/log.h"
#include "protocol/protocol_error.h"

namespace pier::broker {

using namespace protocol::kafka;

const std::vector<ServedApi>& KafkaApis::served() {
  static const std::vector<ServedApi> apis = {
      {0, 0, 11},  // Produce: v10-11 only add answers for errors a single broker never gives (KIP-951, KIP-890)
      {1, 0, 16},  // Fetch: v0-3 get legacy message sets (down_conversion.h); v13+ name topics by id
      {2, 0, 7},   // ListOffsets
      {3, 0, 12},  // Metadata
      {8, 0, 8},   // OffsetCommit
      {9, 0, 8},   // OffsetFetch
      {10, 0, 5},  // FindCoordinator (v5 only adds TRANSACTION_ABORTABLE, a transaction error)
      {11, 0, 9},  // JoinGroup
      {12, 0, 4},  // Heartbeat
      {13, 0, 5},  // LeaveGroup
      {14, 0, 5},  // SyncGroup
      {15, 0, 5},  // DescribeGroups
      {16, 0, 4},  // ListGroups
      {17, 0, 1},  // SaslHandshake
      {18, 0, 3},  // ApiVersions
      {19, 0, 7},  // CreateTopics
      {20, 0, 6},  // DeleteTopics
      {21, 0, 2},  // DeleteRecords
      {22, 0, 4},  // InitProducerId
      {23, 0, 4},  // OffsetForLeaderEpoch: consumers (KIP-320) and followers alike
      {29, 0, 3},  // DescribeAcls: SECURITY_DISABLED, as Kafka without an authorizer
      {30, 0, 3},  // CreateAcls: the same
      {31, 0, 3},  // DeleteAcls: the same
      {32, 0, 4},  // DescribeConfigs
      {33, 0, 2},  // AlterConfigs
      {35, 0, 4},  // DescribeLogDirs
      {37, 0, 3},  // CreatePartitions
      {42, 0, 2},  // DeleteGroups
      {44, 0, 1},  // IncrementalAlterConfigs
      {47, 0, 0},  // OffsetDelete
      {60, 0, 1},  // DescribeCluster
      {61, 0, 0},  // DescribeProducers: the idempotent producers of a partition
  };
  return apis;
}

KafkaApis::~KafkaApis() {
  for (auto& fetch : m_pendingFetches) m_loop.cancel(fetch.timer);
}

Status KafkaApis::handle(const RequestEnvelope& req, const ClientInfo& client, Reply reply) {
  if (req.apiKey() == kApiVersionsKey) return onApiVersions(req, reply);
  const ServedApi* api = nullptr;
  for (const ServedApi& s : served()) {
    if (s.apiKey == req.apiKey()) api = &s;
  }
  if (!api || req.apiVersion() < api->minVersion || req.apiVersion() > api->maxVersion) {
    return Status(protocol::ProtocolError::UnsupportedVersion,
                  fmt::format("{} v{} is not served by this broker", req.api->name, req.apiVersion()));
  }
  switch (req.apiKey()) {
    case 0: return onProduce(req, reply);
    case 1: return onFetch(req, client, reply);
    case 2: return onListOffsets(req, reply);
    case 3: return onMetadata(req, client, reply);
    case 8: return onOffsetCommit(req, reply);
    case 9: return onOffsetFetch(req, reply);
    case 10: return onFindCoordinator(req, client, reply);
    case 11: return onJoinGroup(req, client, reply);
    case 12: return onHeartbeat(req, reply);
    case 13: return onLeaveGroup(req, reply);
    case 14: return onSyncGroup(req, reply);
    case 15: return onDescribeGroups(req, reply);
    case 16: return onListGroups(req, reply);
    case 17: return onSaslHandshake(req, reply);
    case 19: return onCreateTopics(req, reply);
    case 20: return onDeleteTopics(req, reply);
    case 21: return onDeleteRecords(req, reply);
    case 22: return onInitProducerId(req, reply);
    case 23: return onOffsetForLeaderEpoch(req, reply);
    case 29: return onDescribeAcls(req, reply);
    case 30: return onCreateAcls(req, reply);
    case 31: return onDeleteAcls(req, reply);
    case 32: return onDescribeConfigs(req, reply);
    case 33: return onAlterConfigs(req, reply);
    case 44: return onIncrementalAlterConfigs(req, reply);
    case 37: return onCreatePartitions(req, reply);
    case 35: return onDescribeLogDirs(req, reply);
    case 42: return onDeleteGroups(req, reply);
    case 47: return onOffsetDelete(req, reply);
    case 60: return onDescribeCluster(req, client, reply);
    case 61: return onDescribeProducers(req, reply);
    default: break;
  }
  return Status(protocol::ProtocolError::UnsupportedVersion, std::string(req.api->name) + " is not served");
}

void KafkaApis::sendLate(Result<std::vector<uint8_t>> frame, const Reply& reply, std::string_view api) {
  if (!frame) {
    PIER_LOG_ERROR("response does not encode; not answered", {"api", api}, {"why", frame.status()});
    reply(std::nullopt);
    return;
  }
  reply(std::move(*frame));
}

void KafkaApis::completeAllFetches() {
  while (!m_pendingFetches.empty()) {
    m_loop.cancel(m_pendingFetches.front().timer);
    answerFetch(m_pendingFetches.front());
    m_pendingFetches.pop_front();
  }
}

}  // namespace pier::broker
