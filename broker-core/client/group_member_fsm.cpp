#include "client/group_member_fsm.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "client/consumer_assignors.h"
#include "client/consumer_protocol.h"
#include "client/kafka_error.h"
#include "protocol/kafka_error_codes.h"

namespace pier::client {

using namespace protocol::kafka;

namespace {

constexpr std::string_view kProtocolType = "consumer";

bool coordinatorError(int16_t code) {
  return code == kafka_error::kCoordinatorLoadInProgress || code == kafka_error::kCoordinatorNotAvailable ||
         code == kafka_error::kNotCoordinator;
}

}  // namespace

GroupMemberFsm::GroupMemberFsm(GroupMemberConfig config) : m_config(std::move(config)) {
  std::sort(m_config.topics.begin(), m_config.topics.end());
  // Only cooperative-sticky supports the cooperative protocol; one eager assignor in the list
  // makes the member eager (so groups can move from eager to cooperative one rolling bounce at
  // a time, as with Kafka's consumer).
  m_cooperative = !m_config.assignors.empty() &&
                  std::all_of(m_config.assignors.begin(), m_config.assignors.end(),
                              [](const std::string& name) { return name == "cooperative-sticky"; });
}

void GroupMemberFsm::start(int64_t) {
  if (m_state == State::Idle) sendJoin();
}

void GroupMemberFsm::tick(int64_t nowMs) {
  if (m_joinRetryAtMs && nowMs >= *m_joinRetryAtMs && m_state == State::Joining) {
    m_joinRetryAtMs.reset();
    sendJoin();
  }
  if (m_state == State::Stable && !m_heartbeatInFlight && m_nextHeartbeatMs &&
      nowMs >= *m_nextHeartbeatMs) {
    sendHeartbeat(nowMs);
  }
}

void GroupMemberFsm::sendJoin() {
  m_state = State::Joining;
  JoinGroupRequest req;
  req.groupId = m_config.groupId;
  req.sessionTimeoutMs = m_config.sessionTimeoutMs;
  req.rebalanceTimeoutMs = m_config.rebalanceTimeoutMs;
  req.memberId = m_memberId;
  req.groupInstanceId = m_config.groupInstanceId;
  req.protocolType = std::string(kProtocolType);
  // An eager member owns nothing by now (revoked first); a cooperative one names what it keeps.
  std::vector<TopicPartition> owned = m_assignment;
  std::sort(owned.begin(), owned.end());
  const std::vector<uint8_t> metadata =
      encodeConsumerSubscription(ConsumerSubscription{m_config.topics, std::move(owned), m_generationId, {}});
  for (const std::string& name : m_config.assignors) req.protocols.push_back({name, metadata, {}});
  m_actions.join = std::move(req);
}

void GroupMemberFsm::onJoin(const Result<JoinGroupResponse>& answer, int64_t nowMs) {
  if (m_state != State::Joining) return;
  if (!answer && isConnectionLoss(answer.status())) return retryLater(nowMs);
  if (!answer) return fail(answer.status());
  if (answer->errorCode != kafka_error::kNone) return onJoinError(answer->errorCode, *answer, nowMs);
  m_memberId = answer->memberId;
  m_generationId = answer->generationId;
  m_leaderId = answer->leader;
  m_protocolName = answer->protocolName.value_or("");
  if (m_leaderId == m_memberId && !answer->skipAssignment) return becomeLeader(*answer);
  sendSync({});
}

void GroupMemberFsm::onJoinError(int16_t code, const JoinGroupResponse& answer, int64_t nowMs) {
  if (code == kafka_error::kMemberIdRequired) {
    m_memberId = answer.memberId;
    return sendJoin();
  }
  if (code == kafka_error::kUnknownMemberId) {
    m_memberId.clear();
    return sendJoin();
  }
  if (code == kafka_error::kRebalanceInProgress || coordinatorError(code)) return retryLater(nowMs);
  if (code == kafka_error::kIllegalGeneration) {
    m_generationId = -1;
    return sendJoin();
  }
  fail(brokerError("JoinGroup", code));
}

void GroupMemberFsm::becomeLeader(const JoinGroupResponse& answer) {
  m_members.clear();
  std::set<std::string> topics;
  for (const auto& member : answer.members) {
    // A subscription that does not decode subscribes to nothing: that member gets no partitions.
    auto subscription = decodeConsumerSubscription(member.metadata);
    AssignorMember m{member.memberId, member.groupInstanceId, {}, {}, -1};
    if (subscription) {
      m.topics = std::move(subscription->topics);
      m.owned = std::move(subscription->ownedPartitions);
      m.generation = subscription->generationId;
    }
    topics.insert(m.topics.begin(), m.topics.end());
    m_members.push_back(std::move(m));
  }
  m_state = State::AwaitingMetadata;
  m_actions.metadataFor = std::vector<std::string>(topics.begin(), topics.end());
}

void GroupMemberFsm::onMetadata(const Result<std::map<std::string, int32_t>>& partitionCounts,
                                int64_t nowMs) {
  if (m_state != State::AwaitingMetadata) return;
  if (!partitionCounts && isConnectionLoss(partitionCounts.status())) {
    onGroupError(kafka_error::kCoordinatorNotAvailable, nowMs);
    return;
  }
  if (!partitionCounts) return fail(partitionCounts.status());
  const Assignor assignor = assignorNamed(m_protocolName);
  if (assignor == nullptr) {
    return fail(
        Status(ClientError::UnexpectedAnswer,
               fmt::format("the group chose the assignor '{}', which this member does not run",
                           m_protocolName)));
  }
  std::vector<SyncGroupRequest::SyncGroupRequestAssignment> assignments;
  for (const auto& [id, partitions] : assignor(m_members, *partitionCounts)) {
    assignments.push_back({id, encodeConsumerAssignment(partitions), {}});
  }
  sendSync(std::move(assignments));
}

void GroupMemberFsm::sendSync(
    std::vector<SyncGroupRequest::SyncGroupRequestAssignment> assignments) {
  m_state = State::Syncing;
  SyncGroupRequest req;
  req.groupId = m_config.groupId;
  req.generationId = m_generationId;
  req.memberId = m_memberId;
  req.groupInstanceId = m_config.groupInstanceId;
  req.protocolType = std::string(kProtocolType);
  req.protocolName = m_protocolName;
  req.assignments = std::move(assignments);
  m_actions.sync = std::move(req);
}

void GroupMemberFsm::onSync(const Result<SyncGroupResponse>& answer, int64_t nowMs) {
  if (m_state != State::Syncing) return;
  if (!answer && isConnectionLoss(answer.status())) {
    onGroupError(kafka_error::kCoordinatorNotAvailable, nowMs);
    return;
  }
  if (!answer) return fail(answer.status());
  if (answer->errorCode != kafka_error::kNone) {
    if (onGroupError(answer->errorCode, nowMs)) return;
    return fail(brokerError("SyncGroup", answer->errorCode));
  }
  auto assignment = decodeConsumerAssignment(answer->assignment);
  if (!assignment) return fail(assignment.status());
  std::vector<TopicPartition> added;
  std::vector<TopicPartition> taken;
  const std::set<TopicPartition> now(assignment->begin(), assignment->end());
  const std::set<TopicPartition> before(m_assignment.begin(), m_assignment.end());
  for (const TopicPartition& p : *assignment) {
    if (!before.contains(p)) added.push_back(p);
  }
  for (const TopicPartition& p : m_assignment) {
    if (!now.contains(p)) taken.push_back(p);
  }
  m_assignment = std::move(*assignment);
  m_actions.assigned = std::move(added);
  if (!taken.empty()) {
    // Cooperative: give those up, then join again so the next generation can hand them on.
    m_actions.revoke = Revocation{std::move(taken), false};
    m_state = State::Revoking;
    return;
  }
  m_state = State::Stable;
  m_nextHeartbeatMs = nowMs + m_config.heartbeatIntervalMs;
}

void GroupMemberFsm::sendHeartbeat(int64_t nowMs) {
  HeartbeatRequest req;
  req.groupId = m_config.groupId;
  req.generationId = m_generationId;
  req.memberId = m_memberId;
  req.groupInstanceId = m_config.groupInstanceId;
  m_actions.heartbeat = std::move(req);
  m_heartbeatInFlight = true;
  // Kafka counts the interval from the heartbeat sent, not from its answer.
  m_nextHeartbeatMs = nowMs + m_config.heartbeatIntervalMs;
}

void GroupMemberFsm::onHeartbeat(int32_t generationSent, const Result<int16_t>& errorCode,
                                 int64_t nowMs) {
  m_heartbeatInFlight = false;
  if (m_state != State::Stable || generationSent != m_generationId) return;
  if (!errorCode && !isConnectionLoss(errorCode.status())) return fail(errorCode.status());
  if (errorCode && *errorCode == kafka_error::kNone) return;
  if (!errorCode || coordinatorError(*errorCode)) {
    m_nextHeartbeatMs = nowMs + m_config.retryBackoffMs;
    return;
  }
  if (onGroupError(*errorCode, nowMs)) return;
  fail(brokerError("Heartbeat", *errorCode));
}

bool GroupMemberFsm::onGroupError(int16_t code, int64_t nowMs) {
  if (code == kafka_error::kRebalanceInProgress) {
    rejoin(false, nowMs);
  } else if (code == kafka_error::kUnknownMemberId) {
    m_memberId.clear();
    m_generationId = -1;
    rejoin(true, nowMs);
  } else if (code == kafka_error::kIllegalGeneration) {
    m_generationId = -1;
    rejoin(true, nowMs);
  } else if (coordinatorError(code)) {
    rejoin(false, nowMs);
    retryLater(nowMs);
  } else {
    return false;
  }
  return true;
}

void GroupMemberFsm::onCommitError(int16_t errorCode, int64_t nowMs) {
  if (m_state != State::Stable) return;
  if (errorCode == kafka_error::kRebalanceInProgress || errorCode == kafka_error::kUnknownMemberId ||
      errorCode == kafka_error::kIllegalGeneration) {
    onGroupError(errorCode, nowMs);
  }
}

void GroupMemberFsm::rejoin(bool lost, int64_t) {
  m_nextHeartbeatMs.reset();
  if (m_assignment.empty() || (m_cooperative && !lost)) {
    sendJoin();
    return;
  }
  m_actions.revoke = Revocation{std::move(m_assignment), lost};
  m_assignment.clear();
  m_state = State::Revoking;
}

void GroupMemberFsm::revoked(int64_t) {
  if (m_state == State::Revoking) sendJoin();
}

void GroupMemberFsm::retryLater(int64_t nowMs) {
  if (m_state == State::Joining) {
    m_actions.join.reset();
    m_joinRetryAtMs = nowMs + m_config.retryBackoffMs;
  }
}

void GroupMemberFsm::leave(int64_t) {
  if (m_state == State::Left || m_state == State::Failed || m_state == State::Leaving) return;
  m_actions = MemberActions{};
  m_nextHeartbeatMs.reset();
  if (m_memberId.empty() || m_config.groupInstanceId) {
    m_state = State::Left;
    return;
  }
  LeaveGroupRequest req;
  req.groupId = m_config.groupId;
  // The v3+ form (a batch of members), which the driver sends; v0-2's single memberId stays empty.
  req.members.push_back(
      {m_memberId, std::nullopt, std::string("the consumer is being closed"), {}});
  m_actions.leave = std::move(req);
  m_state = State::Leaving;
}

void GroupMemberFsm::onLeave(const Result<int16_t>&) {
  // Kafka's consumer logs a failed leave and closes anyway: the session timeout removes it.
  if (m_state == State::Leaving) m_state = State::Left;
}

void GroupMemberFsm::fail(Status why) {
  m_state = State::Failed;
  m_actions = MemberActions{};
  m_actions.failed = std::move(why);
}

MemberActions GroupMemberFsm::takeActions() {
  MemberActions out = std::move(m_actions);
  m_actions = MemberActions{};
  return out;
}

}  // namespace pier::client
