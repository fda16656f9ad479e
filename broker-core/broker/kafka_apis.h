#pragma once
// KafkaApis: answers Kafka requests for this broker, one handler file per API
// (handle_<api>.cpp). A handler calls `reply` exactly once, now or later (a Fetch waiting for
// min.bytes), with the response frame or std::nullopt (Produce with acks=0 gets none). A
// returned error means the connection must be closed, as Kafka closes it (unknown API or
// version, a body that does not decode, a failed acks=0 produce).
//
// Served here (the versions ApiVersions advertises): ApiVersions 0-3, Metadata 0-12,
// Produce 0-11 (v0-2 carry legacy message sets, up-converted), Fetch 0-16 (fetch sessions from
// v7, topics named by id from v13), ListOffsets 0-7, OffsetForLeaderEpoch 0-4 (Fetch,
// ListOffsets and OffsetForLeaderEpoch fence stale leader epochs, KIP-320), CreateTopics 0-7, DeleteTopics 0-6, SaslHandshake 0-1 (no SASL:
// ILLEGAL_SASL_STATE), DescribeLogDirs 0-4, DescribeCluster 0-1, InitProducerId 0-4 (idempotent
// producers; no transactions), DescribeProducers 0 (a partition's idempotent producers), CreatePartitions 0-3, DeleteRecords 0-2, DescribeConfigs 0-4,
// DescribeAcls, CreateAcls and DeleteAcls 0-3 (SECURITY_DISABLED: no authorizer, Kafka's default),
// AlterConfigs 0-2, IncrementalAlterConfigs 0-1 (topic configs and dynamic broker configs); for
// consumer groups (the GroupCoordinator, with `__consumer_offsets` created on first
// FindCoordinator): FindCoordinator 0-5, JoinGroup 0-9, SyncGroup 0-5, Heartbeat 0-4,
// LeaveGroup 0-5, OffsetCommit 0-8, OffsetFetch 0-8, ListGroups 0-4, DescribeGroups 0-5,
// DeleteGroups 0-2, OffsetDelete 0. JoinGroup and SyncGroup
// answer when the group's rebalance gets there, through the coordinator's callbacks.
//
// Owned by the Broker, used on its loop; not thread-safe. Requires: the coordinator and the
// offsets topic outlive it.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "broker/broker_config.h"
#include "broker/broker_metrics.h"
#include "broker/dynamic_broker_config.h"
#include "broker/fetch_session_cache.h"
#include "broker/leader_epochs.h"
#include "broker/topic_manager.h"
#include "group/group_coordinator.h"
#include "group/offsets_topic.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka_request.h"
#include "runtime/loop.h"

namespace pier::broker {

using Reply = std::function<void(std::optional<std::vector<uint8_t>>)>;

// Who sent a request, as far as a handler needs to know.
struct ClientInfo {
  std::string clientHost = "/127.0.0.1";  // Kafka's form: "/" + the peer's address
  std::size_t listenerIndex = 0;          // the listener the connection came in on
};

struct ServedApi {
  int16_t apiKey;
  int16_t minVersion;
  int16_t maxVersion;
};

class KafkaApis {
 public:
  // An error code and message for one resource of an (Incremental)AlterConfigs request.
  struct AlterOutcome {
    int16_t error = 0;
    std::optional<std::string> message;
  };
  // Topic names by topic id (its 16 bytes), what Fetch v13+ resolves its topics with.
  struct TopicNames {
    std::map<std::array<uint8_t, 16>, std::string> byId;
    // The topic `id` names; empty when it names none.
    std::string nameOf(const protocol::kafka::Uuid& id) const;
  };

  // `seed`: fetch session ids.
  KafkaApis(const BrokerConfig& config, DynamicBrokerConfig& dynamic, TopicManager& topics, Loop& loop, BrokerMetrics& metrics,
            group::GroupCoordinator& groups, group::OffsetsTopic& offsetsTopic, uint64_t seed = 0)
      : m_config(config), m_dynamic(dynamic), m_topics(topics), m_loop(loop), m_metrics(metrics), m_groups(groups),
        m_offsetsTopic(offsetsTopic),
        m_fetchSessions(static_cast<std::size_t>(config.maxIncrementalFetchSessionCacheSlots), seed) {}
  ~KafkaApis();

  Status handle(const protocol::kafka::RequestEnvelope& request, const ClientInfo& client, Reply reply);
  static const std::vector<ServedApi>& served();
  std::size_t pendingFetchCount() const { return m_pendingFetches.size(); }
  const FetchSessionCache& fetchSessions() const { return m_fetchSessions; }
  // Answers every waiting fetch now (shutdown).
  void completeAllFetches();

 private:
  // How a fetch's response relates to a fetch session (KIP-227).
  struct FetchContext {
    enum class Kind { Sessionless, Full, Incremental } kind = Kind::Sessionless;
    int32_t sessionId = 0;  // Incremental: the session
    int16_t error = 0;  // FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_TOPIC_ID_ERROR:
                        // answered at once
    bool usesTopicIds = false;  // Full: the session to create keys partitions by topic id (v13+)
  };
  struct PendingFetch {
    protocol::kafka::FetchRequest request;  // for an incremental fetch: every partition of its session
    FetchContext context;
    int16_t version = 0;
    int32_t correlationId = 0;
    Reply reply;
    TimerId timer{0};
    std::size_t listenerIndex = 0;  // the listener the request came in on (v16 NodeEndpoints)
  };

  Status onApiVersions(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onMetadata(const protocol::kafka::RequestEnvelope& req, const ClientInfo& client, Reply& reply);
  Status onProduce(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onFetch(const protocol::kafka::RequestEnvelope& req, const ClientInfo& client, Reply& reply);
  Status onListOffsets(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onOffsetForLeaderEpoch(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onCreateTopics(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDeleteTopics(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onSaslHandshake(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDescribeAcls(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onCreateAcls(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDeleteAcls(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onInitProducerId(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onCreatePartitions(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDeleteRecords(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDescribeConfigs(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onAlterConfigs(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onIncrementalAlterConfigs(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDescribeCluster(const protocol::kafka::RequestEnvelope& req, const ClientInfo& client, Reply& reply);
  Status onDescribeProducers(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDescribeLogDirs(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onFindCoordinator(const protocol::kafka::RequestEnvelope& req, const ClientInfo& client, Reply& reply);
  Status onJoinGroup(const protocol::kafka::RequestEnvelope& req, const ClientInfo& client, Reply& reply);
  Status onSyncGroup(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onHeartbeat(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onLeaveGroup(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onOffsetCommit(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onOffsetFetch(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onListGroups(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDescribeGroups(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onDeleteGroups(const protocol::kafka::RequestEnvelope& req, Reply& reply);
  Status onOffsetDelete(const protocol::kafka::RequestEnvelope& req, Reply& reply);

  // Replaces the dynamic broker config layer `resourceName` and pushes the new log defaults.
  AlterOutcome alterBrokerLayer(const std::string& resourceName, const ConfigMap& configs, bool validateOnly);

  struct AppendOutcome {
    int64_t baseOffset = -1;
    int64_t logAppendTimeMs = -1;
    bool appended = false;  // false for a duplicate answered from the producer state
  };
  // `bytes`: the partition's records in the request frame (offsets are assigned there).
  Result<AppendOutcome> producePartition(int16_t version, storage::PartitionLog& log, std::span<uint8_t> bytes);
  Result<AppendOutcome> appendPartition(storage::PartitionLog& log, const protocol::records::ValidatedBatches& batches);

  // The fetch response for what the logs hold now, how many record bytes it carries, and
  // whether it must leave without waiting for min.bytes (as Kafka's ReplicaManager.fetchMessages:
  // no partition could be read, or a read failed).
  struct FetchRead {
    protocol::kafka::FetchResponse response;
    std::size_t bytes = 0;
    bool answerNow = false;
  };
  FetchRead buildFetchResponse(const protocol::kafka::FetchRequest& request, int16_t version);
  void answerFetch(PendingFetch& fetch);
  // Fetch v16: this broker's endpoint (at `listenerIndex`) when a partition names it as leader.
  void addNodeEndpoints(protocol::kafka::FetchResponse& response, int16_t version, std::size_t listenerIndex) const;
  void sendFetch(PendingFetch& fetch, protocol::kafka::FetchResponse response);
  TopicNames topicNamesById() const;
  // Resolves the request's session (a full fetch creates nothing yet): the context, possibly
  // with a top-level error. An incremental fetch's request is rewritten to every partition of
  // its session, in the session's order (v13+: names resolved from `names`, empty if unknown).
  FetchContext openFetchContext(protocol::kafka::FetchRequest& request, int16_t version, const TopicNames& names);
  // Before a response leaves: a full fetch's new session is created (its id in the response),
  // an incremental one leaves out unchanged partitions and records what it told the fetcher.
  void closeFetchContext(const FetchContext& context, const protocol::kafka::FetchRequest& request,
                         protocol::kafka::FetchResponse& response);
  // After an append: answer the waiting fetches that now have min.bytes.
  void wakeFetches();
  int64_t nowMs() const { return m_loop.clock().wallMs(); }
  // Encodes `response` for `req` (its correlation id and version) and hands it to `reply`.
  template <typename Response>
  Status respond(const protocol::kafka::RequestEnvelope& req, Reply& reply, const Response& response) {
    PIER_ASSIGN_OR_RETURN(auto frame,
                          protocol::kafka::encodeResponseFrame(req.header.correlationId, req.apiVersion(), response));
    reply(std::move(frame));
    return Status::ok();
  }
  // As respond(), for an answer given after the request's frame is gone (JoinGroup, SyncGroup):
  // no Status to return, so an encode failure (a bug) is logged and answers nothing.
  template <typename Response>
  static void respondLater(int32_t correlationId, int16_t version, const Reply& reply, const Response& response) {
    sendLate(protocol::kafka::encodeResponseFrame(correlationId, version, response), reply, Response::kName);
  }
  static void sendLate(Result<std::vector<uint8_t>> frame, const Reply& reply, std::string_view api);

  const BrokerConfig& m_config;  // static (server.properties)
  DynamicBrokerConfig& m_dynamic;
  TopicManager& m_topics;
  Loop& m_loop;
  BrokerMetrics& m_metrics;
  group::GroupCoordinator& m_groups;
  group::OffsetsTopic& m_offsetsTopic;
  std::list<PendingFetch> m_pendingFetches;
  FetchSessionCache m_fetchSessions;
};

}  // namespace pier::broker
