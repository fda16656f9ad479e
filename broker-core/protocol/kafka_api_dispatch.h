#pragma once
// Dispatch by Kafka API key to the generated request and response types, for code that gets
// an api key at run time (request envelopes, the protocol inspector, golden and fuzz tests):
//
//   visitApi(envelope.apiKey(), [&]<typename Request, typename Response>() {
//     Result<Request> body = decodeBody<Request>(envelope.body, envelope.apiVersion());
//   });
//
// Hand-written list, kept honest by a static_assert against api_table.h: every API there has
// an entry here with the same key, name, versions and flexible-from version, and nothing else.
// Including this pulls in every generated message header; include it from .cpp files only.

#include <cstddef>
#include <cstdint>

#include "protocol/kafka/generated/api_table.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/list_offsets_request.h"
#include "protocol/kafka/generated/list_offsets_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/leader_and_isr_request.h"
#include "protocol/kafka/generated/leader_and_isr_response.h"
#include "protocol/kafka/generated/stop_replica_request.h"
#include "protocol/kafka/generated/stop_replica_response.h"
#include "protocol/kafka/generated/update_metadata_request.h"
#include "protocol/kafka/generated/update_metadata_response.h"
#include "protocol/kafka/generated/controlled_shutdown_request.h"
#include "protocol/kafka/generated/controlled_shutdown_response.h"
#include "protocol/kafka/generated/offset_commit_request.h"
#include "protocol/kafka/generated/offset_commit_response.h"
#include "protocol/kafka/generated/offset_fetch_request.h"
#include "protocol/kafka/generated/offset_fetch_response.h"
#include "protocol/kafka/generated/find_coordinator_request.h"
#include "protocol/kafka/generated/find_coordinator_response.h"
#include "protocol/kafka/generated/join_group_request.h"
#include "protocol/kafka/generated/join_group_response.h"
#include "protocol/kafka/generated/heartbeat_request.h"
#include "protocol/kafka/generated/heartbeat_response.h"
#include "protocol/kafka/generated/leave_group_request.h"
#include "protocol/kafka/generated/leave_group_response.h"
#include "protocol/kafka/generated/sync_group_request.h"
#include "protocol/kafka/generated/sync_group_response.h"
#include "protocol/kafka/generated/describe_groups_request.h"
#include "protocol/kafka/generated/describe_groups_response.h"
#include "protocol/kafka/generated/list_groups_request.h"
#include "protocol/kafka/generated/list_groups_response.h"
#include "protocol/kafka/generated/sasl_handshake_request.h"
#include "protocol/kafka/generated/sasl_handshake_response.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/create_topics_request.h"
#include "protocol/kafka/generated/create_topics_response.h"
#include "protocol/kafka/generated/delete_topics_request.h"
#include "protocol/kafka/generated/delete_topics_response.h"
#include "protocol/kafka/generated/delete_records_request.h"
#include "protocol/kafka/generated/delete_records_response.h"
#include "protocol/kafka/generated/init_producer_id_request.h"
#include "protocol/kafka/generated/init_producer_id_response.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_request.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_response.h"
#include "protocol/kafka/generated/add_partitions_to_txn_request.h"
#include "protocol/kafka/generated/add_partitions_to_txn_response.h"
#include "protocol/kafka/generated/add_offsets_to_txn_request.h"
#include "protocol/kafka/generated/add_offsets_to_txn_response.h"
#include "protocol/kafka/generated/end_txn_request.h"
#include "protocol/kafka/generated/end_txn_response.h"
#include "protocol/kafka/generated/write_txn_markers_request.h"
#include "protocol/kafka/generated/write_txn_markers_response.h"
#include "protocol/kafka/generated/txn_offset_commit_request.h"
#include "protocol/kafka/generated/txn_offset_commit_response.h"
#include "protocol/kafka/generated/describe_acls_request.h"
#include "protocol/kafka/generated/describe_acls_response.h"
#include "protocol/kafka/generated/create_acls_request.h"
#include "protocol/kafka/generated/create_acls_response.h"
#include "protocol/kafka/generated/delete_acls_request.h"
#include "protocol/kafka/generated/delete_acls_response.h"
#include "protocol/kafka/generated/describe_configs_request.h"
#include "protocol/kafka/generated/describe_configs_response.h"
#include "protocol/kafka/generated/alter_configs_request.h"
#include "protocol/kafka/generated/alter_configs_response.h"
#include "protocol/kafka/generated/alter_replica_log_dirs_request.h"
#include "protocol/kafka/generated/alter_replica_log_dirs_response.h"
#include "protocol/kafka/generated/describe_log_dirs_request.h"
#include "protocol/kafka/generated/describe_log_dirs_response.h"
#include "protocol/kafka/generated/sasl_authenticate_request.h"
#include "protocol/kafka/generated/sasl_authenticate_response.h"
#include "protocol/kafka/generated/create_partitions_request.h"
#include "protocol/kafka/generated/create_partitions_response.h"
#include "protocol/kafka/generated/create_delegation_token_request.h"
#include "protocol/kafka/generated/create_delegation_token_response.h"
#include "protocol/kafka/generated/renew_delegation_token_request.h"
#include "protocol/kafka/generated/renew_delegation_token_response.h"
#include "protocol/kafka/generated/expire_delegation_token_request.h"
#include "protocol/kafka/generated/expire_delegation_token_response.h"
#include "protocol/kafka/generated/describe_delegation_token_request.h"
#include "protocol/kafka/generated/describe_delegation_token_response.h"
#include "protocol/kafka/generated/delete_groups_request.h"
#include "protocol/kafka/generated/delete_groups_response.h"
#include "protocol/kafka/generated/elect_leaders_request.h"
#include "protocol/kafka/generated/elect_leaders_response.h"
#include "protocol/kafka/generated/incremental_alter_configs_request.h"
#include "protocol/kafka/generated/incremental_alter_configs_response.h"
#include "protocol/kafka/generated/alter_partition_reassignments_request.h"
#include "protocol/kafka/generated/alter_partition_reassignments_response.h"
#include "protocol/kafka/generated/list_partition_reassignments_request.h"
#include "protocol/kafka/generated/list_partition_reassignments_response.h"
#include "protocol/kafka/generated/offset_delete_request.h"
#include "protocol/kafka/generated/offset_delete_response.h"
#include "protocol/kafka/generated/describe_client_quotas_request.h"
#include "protocol/kafka/generated/describe_client_quotas_response.h"
#include "protocol/kafka/generated/alter_client_quotas_request.h"
#include "protocol/kafka/generated/alter_client_quotas_response.h"
#include "protocol/kafka/generated/describe_user_scram_credentials_request.h"
#include "protocol/kafka/generated/describe_user_scram_credentials_response.h"
#include "protocol/kafka/generated/alter_user_scram_credentials_request.h"
#include "protocol/kafka/generated/alter_user_scram_credentials_response.h"
#include "protocol/kafka/generated/vote_request.h"
#include "protocol/kafka/generated/vote_response.h"
#include "protocol/kafka/generated/begin_quorum_epoch_request.h"
#include "protocol/kafka/generated/begin_quorum_epoch_response.h"
#include "protocol/kafka/generated/end_quorum_epoch_request.h"
#include "protocol/kafka/generated/end_quorum_epoch_response.h"
#include "protocol/kafka/generated/describe_quorum_request.h"
#include "protocol/kafka/generated/describe_quorum_response.h"
#include "protocol/kafka/generated/alter_partition_request.h"
#include "protocol/kafka/generated/alter_partition_response.h"
#include "protocol/kafka/generated/update_features_request.h"
#include "protocol/kafka/generated/update_features_response.h"
#include "protocol/kafka/generated/envelope_request.h"
#include "protocol/kafka/generated/envelope_response.h"
#include "protocol/kafka/generated/fetch_snapshot_request.h"
#include "protocol/kafka/generated/fetch_snapshot_response.h"
#include "protocol/kafka/generated/describe_cluster_request.h"
#include "protocol/kafka/generated/describe_cluster_response.h"
#include "protocol/kafka/generated/describe_producers_request.h"
#include "protocol/kafka/generated/describe_producers_response.h"
#include "protocol/kafka/generated/broker_registration_request.h"
#include "protocol/kafka/generated/broker_registration_response.h"
#include "protocol/kafka/generated/broker_heartbeat_request.h"
#include "protocol/kafka/generated/broker_heartbeat_response.h"
#include "protocol/kafka/generated/unregister_broker_request.h"
#include "protocol/kafka/generated/unregister_broker_response.h"
#include "protocol/kafka/generated/describe_transactions_request.h"
#include "protocol/kafka/generated/describe_transactions_response.h"
#include "protocol/kafka/generated/list_transactions_request.h"
#include "protocol/kafka/generated/list_transactions_response.h"
#include "protocol/kafka/generated/allocate_producer_ids_request.h"
#include "protocol/kafka/generated/allocate_producer_ids_response.h"
#include "protocol/kafka/generated/consumer_group_heartbeat_request.h"
#include "protocol/kafka/generated/consumer_group_heartbeat_response.h"
#include "protocol/kafka/generated/consumer_group_describe_request.h"
#include "protocol/kafka/generated/consumer_group_describe_response.h"
#include "protocol/kafka/generated/controller_registration_request.h"
#include "protocol/kafka/generated/controller_registration_response.h"
#include "protocol/kafka/generated/get_telemetry_subscriptions_request.h"
#include "protocol/kafka/generated/get_telemetry_subscriptions_response.h"
#include "protocol/kafka/generated/push_telemetry_request.h"
#include "protocol/kafka/generated/push_telemetry_response.h"
#include "protocol/kafka/generated/assign_replicas_to_dirs_request.h"
#include "protocol/kafka/generated/assign_replicas_to_dirs_response.h"
#include "protocol/kafka/generated/list_client_metrics_resources_request.h"
#include "protocol/kafka/generated/list_client_metrics_resources_response.h"
#include "protocol/kafka/generated/describe_topic_partitions_request.h"
#include "protocol/kafka/generated/describe_topic_partitions_response.h"

// X(apiKey, Name): Name##Request and Name##Response are the generated types.
#define PIER_KAFKA_APIS(X) \
  X(0, Produce) \
  X(1, Fetch) \
  X(2, ListOffsets) \
  X(3, Metadata) \
  X(4, LeaderAndIsr) \
  X(5, StopReplica) \
  X(6, UpdateMetadata) \
  X(7, ControlledShutdown) \
  X(8, OffsetCommit) \
  X(9, OffsetFetch) \
  X(10, FindCoordinator) \
  X(11, JoinGroup) \
  X(12, Heartbeat) \
  X(13, LeaveGroup) \
  X(14, SyncGroup) \
  X(15, DescribeGroups) \
  X(16, ListGroups) \
  X(17, SaslHandshake) \
  X(18, ApiVersions) \
  X(19, CreateTopics) \
  X(20, DeleteTopics) \
  X(21, DeleteRecords) \
  X(22, InitProducerId) \
  X(23, OffsetForLeaderEpoch) \
  X(24, AddPartitionsToTxn) \
  X(25, AddOffsetsToTxn) \
  X(26, EndTxn) \
  X(27, WriteTxnMarkers) \
  X(28, TxnOffsetCommit) \
  X(29, DescribeAcls) \
  X(30, CreateAcls) \
  X(31, DeleteAcls) \
  X(32, DescribeConfigs) \
  X(33, AlterConfigs) \
  X(34, AlterReplicaLogDirs) \
  X(35, DescribeLogDirs) \
  X(36, SaslAuthenticate) \
  X(37, CreatePartitions) \
  X(38, CreateDelegationToken) \
  X(39, RenewDelegationToken) \
  X(40, ExpireDelegationToken) \
  X(41, DescribeDelegationToken) \
  X(42, DeleteGroups) \
  X(43, ElectLeaders) \
  X(44, IncrementalAlterConfigs) \
  X(45, AlterPartitionReassignments) \
  X(46, ListPartitionReassignments) \
  X(47, OffsetDelete) \
  X(48, DescribeClientQuotas) \
  X(49, AlterClientQuotas) \
  X(50, DescribeUserScramCredentials) \
  X(51, AlterUserScramCredentials) \
  X(52, Vote) \
  X(53, BeginQuorumEpoch) \
  X(54, EndQuorumEpoch) \
  X(55, DescribeQuorum) \
  X(56, AlterPartition) \
  X(57, UpdateFeatures) \
  X(58, Envelope) \
  X(59, FetchSnapshot) \
  X(60, DescribeCluster) \
  X(61, DescribeProducers) \
  X(62, BrokerRegistration) \
  X(63, BrokerHeartbeat) \
  X(64, UnregisterBroker) \
  X(65, DescribeTransactions) \
  X(66, ListTransactions) \
  X(67, AllocateProducerIds) \
  X(68, ConsumerGroupHeartbeat) \
  X(69, ConsumerGroupDescribe) \
  X(70, ControllerRegistration) \
  X(71, GetTelemetrySubscriptions) \
  X(72, PushTelemetry) \
  X(73, AssignReplicasToDirs) \
  X(74, ListClientMetricsResources) \
  X(75, DescribeTopicPartitions)

namespace pier::protocol::kafka {

// Calls visitor.template operator()<Request, Response>() for apiKey's generated types.
// Returns false, without calling it, when apiKey is not a Kafka 3.8 API.
template <typename Visitor>
bool visitApi(int16_t apiKey, Visitor&& visitor) {
  switch (apiKey) {
#define PIER_KAFKA_VISIT_CASE_(key, Name)                                    \
  case key:                                                                  \
    visitor.template operator()<Name##Request, Name##Response>();            \
    return true;
    PIER_KAFKA_APIS(PIER_KAFKA_VISIT_CASE_)
#undef PIER_KAFKA_VISIT_CASE_
    default:
      return false;
  }
}

namespace detail {

template <typename Request, typename Response>
constexpr bool dispatchRowMatches(int16_t key, std::string_view name) {
  const ApiInfo* api = findApi(key);
  return api != nullptr && api->name == name && Request::kApiKey == key &&
         Response::kApiKey == key && Request::kMinVersion == api->minVersion &&
         Request::kMaxVersion == api->maxVersion && Response::kMaxVersion == api->maxVersion &&
         Request::kFlexibleFromVersion == api->flexibleFromVersion;
}

constexpr bool dispatchMatchesApiTable() {
  bool ok = true;
  std::size_t rows = 0;
#define PIER_KAFKA_CHECK_ROW_(key, Name)                                        \
  ok = ok && dispatchRowMatches<Name##Request, Name##Response>(key, #Name);     \
  ++rows;
  PIER_KAFKA_APIS(PIER_KAFKA_CHECK_ROW_)
#undef PIER_KAFKA_CHECK_ROW_
  return ok && rows == kApis.size();
}

}  // namespace detail

static_assert(detail::dispatchMatchesApiTable(),
              "PIER_KAFKA_APIS disagrees with kafka/generated/api_table.h: update the list");

}  // namespace pier::protocol::kafka
