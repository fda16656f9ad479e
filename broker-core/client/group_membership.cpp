#include "client/group_membership.h"

#include <algorithm>

#include "client/group_admin.h"
#include "client/kafka_error.h"
#include "protocol/kafka/generated/heartbeat_response.h"
#include "protocol/kafka/generated/leave_group_response.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::client {

using namespace protocol::kafka;

namespace {

// Partition counts of the topics the broker knows; the others are left out (Kafka's leader
// assigns only topics it has metadata for).
std::map<std::string, int32_t> partitionCounts(const MetadataResponse& resp) {
  std::map<std::string, int32_t> counts;
  for (const auto& t : resp.topics) {
    if (t.errorCode == 0 && t.name) counts[*t.name] = static_cast<int32_t>(t.partitions.size());
  }
  return counts;
}

}  // namespace

GroupMembership::GroupMembership(KafkaClient& coordinator, KafkaClient& metadata,
                                 GroupMemberConfig config)
    : m_coordinator(coordinator),
      m_metadata(metadata),
      m_fsm(std::move(config)),
      m_self(std::make_shared<GroupMembership*>(this)) {}

GroupMembership::~GroupMembership() = default;

void GroupMembership::start(int64_t nowMs) {
  m_lastNowMs = nowMs;
  m_fsm.start(nowMs);
  send(m_fsm.takeActions());
}

MemberEvents GroupMembership::poll(int64_t nowMs) {
  m_lastNowMs = nowMs;
  m_fsm.tick(nowMs);
  send(m_fsm.takeActions());
  MemberEvents out = std::move(m_events);
  m_events = MemberEvents{};
  return out;
}

void GroupMembership::revoked(int64_t nowMs) {
  m_lastNowMs = nowMs;
  m_fsm.revoked(nowMs);
  send(m_fsm.takeActions());
}

void GroupMembership::onCommitError(int16_t errorCode, int64_t nowMs) {
  m_lastNowMs = nowMs;
  m_fsm.onCommitError(errorCode, nowMs);
  send(m_fsm.takeActions());
}

void GroupMembership::leave(int64_t nowMs) {
  m_lastNowMs = nowMs;
  m_fsm.leave(nowMs);
  send(m_fsm.takeActions());
}

bool GroupMembership::left() const {
  const auto s = m_fsm.state();
  return s == GroupMemberFsm::State::Left || s == GroupMemberFsm::State::Failed;
}

// A cooperative member can be given partitions and rebalance again before the owner polls:
// what is pending adds up. A revocation first takes back pending partitions the owner never saw
// (nothing to commit for those), then the action's new partitions are added.
void mergeMemberActions(MemberEvents& events, MemberActions& actions) {
  if (actions.revoke) {
    std::vector<TopicPartition> seen;
    for (TopicPartition& p : actions.revoke->partitions) {
      if (events.assigned && std::erase(*events.assigned, p) > 0) continue;
      seen.push_back(std::move(p));
    }
    if (actions.revoke->lost) events.assigned.reset();
    if (!events.revoke) events.revoke = Revocation{{}, false};
    events.revoke->partitions.insert(events.revoke->partitions.end(), seen.begin(), seen.end());
    events.revoke->lost = events.revoke->lost || actions.revoke->lost;
  }
  if (actions.assigned) {
    if (!events.assigned) events.assigned.emplace();
    for (const TopicPartition& p : *actions.assigned) {
      if (std::find(events.assigned->begin(), events.assigned->end(), p) == events.assigned->end()) {
        events.assigned->push_back(p);
      }
    }
  }
}

// Each answer goes back into the fsm, and whatever it asks for next is sent at once.
void GroupMembership::send(MemberActions actions) {
  std::weak_ptr<GroupMembership*> self = m_self;
  auto then = [self](auto feed) {
    return [self, feed](auto answer) {
      auto alive = self.lock();
      if (!alive) return;
      GroupMembership& m = **alive;
      feed(m, std::move(answer));
      m.send(m.m_fsm.takeActions());
    };
  };
  mergeMemberActions(m_events, actions);
  if (actions.failed) m_events.failed = std::move(actions.failed);
  if (actions.join) {
    m_coordinator.call<JoinGroupRequest, JoinGroupResponse>(
        *actions.join, kMemberJoinGroupVersion,
        then([](GroupMembership& m, Result<JoinGroupResponse> r) {
          m.m_fsm.onJoin(r, m.m_lastNowMs);
        }));
  }
  if (actions.metadataFor) sendMetadata(*actions.metadataFor);
  if (actions.sync) {
    m_coordinator.call<SyncGroupRequest, SyncGroupResponse>(
        *actions.sync, kMemberSyncGroupVersion,
        then([](GroupMembership& m, Result<SyncGroupResponse> r) {
          m.m_fsm.onSync(r, m.m_lastNowMs);
        }));
  }
  if (actions.heartbeat) {
    const int32_t generation = actions.heartbeat->generationId;
    m_coordinator.call<HeartbeatRequest, HeartbeatResponse>(
        *actions.heartbeat, kMemberHeartbeatVersion,
        then([generation](GroupMembership& m, Result<HeartbeatResponse> r) {
          m.m_fsm.onHeartbeat(generation,
                              r ? Result<int16_t>(r->errorCode) : Result<int16_t>(r.status()),
                              m.m_lastNowMs);
        }));
  }
  if (actions.leave) {
    m_coordinator.call<LeaveGroupRequest, LeaveGroupResponse>(
        *actions.leave, kMemberLeaveGroupVersion,
        then([](GroupMembership& m, Result<LeaveGroupResponse> r) {
          m.m_fsm.onLeave(r ? Result<int16_t>(r->errorCode) : Result<int16_t>(r.status()));
        }));
  }
}

void GroupMembership::sendMetadata(const std::vector<std::string>& topics) {
  std::weak_ptr<GroupMembership*> self = m_self;
  topicsMetadata(m_metadata, topics, [self](Result<MetadataResponse> r) {
    auto alive = self.lock();
    if (!alive) return;
    GroupMembership& m = **alive;
    m.m_fsm.onMetadata(r ? Result<std::map<std::string, int32_t>>(partitionCounts(*r))
                         : Result<std::map<std::string, int32_t>>(r.status()),
                       m.m_lastNowMs);
    m.send(m.m_fsm.takeActions());
  });
}

}  // namespace pier::client
