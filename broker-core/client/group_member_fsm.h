#pragma once
// GroupMemberFsm: one member of a classic consumer group (protocol type "consumer", eager or
// cooperative rebalancing) as a pure state machine, the client's side of group/group_fsm.h. It says which
// request to send next and what to do with the partitions; a driver (group_membership.h) sends the
// requests and feeds the answers back. Kafka 3.8's AbstractCoordinator / ConsumerCoordinator
// behaviour, the parts a console consumer needs:
//
//   start ─► Joining ─(leader)─► AwaitingMetadata ─► Syncing ─► Stable ─(heartbeat every
//   heartbeat.interval.ms)─► ... ─(REBALANCE_IN_PROGRESS)─► Revoking ─(owner committed)─► Joining
//
// - JoinGroup starts with an empty member id; MEMBER_ID_REQUIRED (KIP-394) hands one out and the
//   join is sent again with it at once. The protocols offered are the assignors in preference
//   order, each with the same ConsumerProtocolSubscription.
// - The leader (the JoinGroup answer names it, and skipAssignment is false) reads every member's
//   subscription, asks for the partition counts of all their topics (metadataFor), runs the
//   chosen assignor and sends every member's assignment in its SyncGroup; the others send none.
// - Stable: a heartbeat heartbeat.interval.ms after the previous one was sent.
//   REBALANCE_IN_PROGRESS (or a commit that answered it) starts a rejoin. Eager (any assignor
//   offered is eager-only, as Kafka's default [range, cooperative-sticky] is): the partitions are
//   first revoked (the owner commits their positions, then calls revoked()), then JoinGroup.
//   Cooperative (KIP-429: every assignor offered is cooperative-sticky): the member joins at once,
//   keeps its partitions meanwhile and names them in its subscription; the new assignment then
//   revokes only the partitions it no longer holds and, when there were any, the member rejoins
//   once the owner has given them up, so that the next generation can hand them on.
//   `assigned` is always the partitions newly given (all of them after an eager rebalance).
//   UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION mean the member was dropped: its partitions are lost
//   (no commit can succeed), the member id or generation is reset and it joins again.
// - COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, and a request lost
//   with its connection (client::isConnectionLoss: the broker restarted, say): the same request
//   again after retry.backoff.ms (JoinGroup, Heartbeat), or a rejoin after it (a lost SyncGroup or
//   leader's Metadata), as Kafka's coordinator treats a disconnect like an unavailable
//   coordinator. Reconnecting is the driver's (it talks to one coordinator; finding another one is
//   not done). REBALANCE_IN_PROGRESS on JoinGroup: joined again after the backoff.
// - Anything else (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT,
//   GROUP_MAX_SIZE_REACHED, an assignment that does not decode, an answer that does not decode)
//   is fatal.
// - leave(): LeaveGroup for a dynamic member; a static member (group.instance.id) leaves without
//   one, as Kafka's consumer does (its partitions stay its own until session.timeout.ms).
//
// Every input takes the current time; nothing here reads a clock, sends or blocks. Outputs
// accumulate until takeActions(). Requires: start() once before anything else. Not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/consumer_assignors.h"
#include "model/topic_partition.h"
#include "protocol/kafka/generated/heartbeat_request.h"
#include "protocol/kafka/generated/join_group_request.h"
#include "protocol/kafka/generated/join_group_response.h"
#include "protocol/kafka/generated/leave_group_request.h"
#include "protocol/kafka/generated/sync_group_request.h"
#include "protocol/kafka/generated/sync_group_response.h"

namespace pier::client {

// The versions the requests are built for (Kafka 3.8's consumer against a 3.8 broker; all
// served by pier-broker): LeaveGroup carries its member in the v3+ batch, for one.
inline constexpr int16_t kMemberJoinGroupVersion = 9;
inline constexpr int16_t kMemberSyncGroupVersion = 5;
inline constexpr int16_t kMemberHeartbeatVersion = 4;
inline constexpr int16_t kMemberLeaveGroupVersion = 5;

struct GroupMemberConfig {
  std::string groupId;
  std::optional<std::string> groupInstanceId;   // group.instance.id: a static member
  std::vector<std::string> topics;              // the subscription
  std::vector<std::string> assignors{"range"};  // partition.assignment.strategy, preferred first
  int32_t sessionTimeoutMs = 45000;             // session.timeout.ms
  int32_t rebalanceTimeoutMs = 300000;          // max.poll.interval.ms
  int32_t heartbeatIntervalMs = 3000;           // heartbeat.interval.ms
  int32_t retryBackoffMs = 100;                 // retry.backoff.ms
};

// Partitions the owner must give up before the member joins again.
struct Revocation {
  std::vector<TopicPartition> partitions;
  bool lost = false;  // the member was dropped: committing them would fail, so do not
};

// What the fsm asks for; each at most once per takeActions().
struct MemberActions {
  std::optional<protocol::kafka::JoinGroupRequest> join;
  std::optional<std::vector<std::string>>
      metadataFor;  // leader: onMetadata() with these topics' partition counts
  std::optional<protocol::kafka::SyncGroupRequest> sync;
  std::optional<protocol::kafka::HeartbeatRequest> heartbeat;
  std::optional<protocol::kafka::LeaveGroupRequest> leave;
  std::optional<Revocation> revoke;  // owner: stop, commit unless lost, then revoked()
  std::optional<std::vector<TopicPartition>>
      assigned;                  // partitions the new generation adds (maybe none)
  std::optional<Status> failed;  // fatal; nothing more will be asked
};

class GroupMemberFsm {
 public:
  enum class State {
    Idle,
    Joining,
    AwaitingMetadata,
    Syncing,
    Stable,
    Revoking,
    Leaving,
    Left,
    Failed
  };

  explicit GroupMemberFsm(GroupMemberConfig config);

  void start(int64_t nowMs);
  // Sends what is due: a heartbeat, a join or heartbeat waiting for its backoff.
  void tick(int64_t nowMs);
  void onJoin(const Result<protocol::kafka::JoinGroupResponse>& answer, int64_t nowMs);
  void onMetadata(const Result<std::map<std::string, int32_t>>& partitionCounts, int64_t nowMs);
  void onSync(const Result<protocol::kafka::SyncGroupResponse>& answer, int64_t nowMs);
  // `generationSent`: the generation the heartbeat carried (a late answer for an older one is
  // ignored). `errorCode`: the answer's error code.
  void onHeartbeat(int32_t generationSent, const Result<int16_t>& errorCode, int64_t nowMs);
  void onLeave(const Result<int16_t>& errorCode);
  // A commit of this member answered `errorCode` (request- or partition-level).
  void onCommitError(int16_t errorCode, int64_t nowMs);
  // The owner finished with the revoked partitions: the member joins.
  void revoked(int64_t nowMs);
  void leave(int64_t nowMs);

  MemberActions takeActions();

  State state() const { return m_state; }
  int32_t generationId() const { return m_generationId; }
  const std::string& memberId() const { return m_memberId; }
  const std::optional<std::string>& groupInstanceId() const { return m_config.groupInstanceId; }
  const std::string& groupId() const { return m_config.groupId; }
  bool isLeader() const { return !m_memberId.empty() && m_leaderId == m_memberId; }
  // KIP-429's protocol: every assignor offered supports it (Kafka's ConsumerCoordinator rule).
  bool cooperative() const { return m_cooperative; }
  const std::string& protocolName() const { return m_protocolName; }
  const std::vector<TopicPartition>& assignment() const { return m_assignment; }

 private:
  void sendJoin();
  void sendSync(
      std::vector<protocol::kafka::SyncGroupRequest::SyncGroupRequestAssignment> assignments);
  void sendHeartbeat(int64_t nowMs);
  void rejoin(bool lost, int64_t nowMs);
  void retryLater(int64_t nowMs);
  void fail(Status why);
  void onJoinError(int16_t code, const protocol::kafka::JoinGroupResponse& answer, int64_t nowMs);
  void becomeLeader(const protocol::kafka::JoinGroupResponse& answer);
  // Handles the errors every group request shares; false when `code` is not one of them.
  bool onGroupError(int16_t code, int64_t nowMs);

  GroupMemberConfig m_config;
  bool m_cooperative = false;
  State m_state = State::Idle;
  std::string m_memberId;
  int32_t m_generationId = -1;
  std::string m_leaderId;
  std::string m_protocolName;
  std::vector<TopicPartition> m_assignment;
  std::vector<AssignorMember> m_members;  // leader: each member's subscription
  std::optional<int64_t> m_joinRetryAtMs;
  std::optional<int64_t> m_nextHeartbeatMs;
  bool m_heartbeatInFlight = false;
  MemberActions m_actions;
};

}  // namespace pier::client
