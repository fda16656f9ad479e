#pragma once
// GroupMembership: a GroupMemberFsm (group_member_fsm.h) driven over KafkaClient connections: the
// requests it asks for go to the group coordinator (JoinGroup v9, SyncGroup v5, Heartbeat v4,
// LeaveGroup v5) and, for a leader's partition counts, Metadata v12 to any broker; the answers
// go back into the fsm. What a consumer (pierctl console-consumer --group) uses to be a member of
// a group; the partitions it must give up or start on come out of poll().
//
// Asynchronous on the clients' loop: poll() sends what is due and returns at once; the owner
// keeps its loop running (a fetch, a short wait) and polls again, at least every
// heartbeat.interval.ms. Answers that arrive after this object is gone are dropped.
//
// Requires: both clients connected (they may be the same), outliving this object. Not
// thread-safe: used on the loop that owns the clients.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "client/group_member_fsm.h"
#include "client/kafka_client.h"

namespace pier::client {

// What the owner must act on after a poll().
// Several fsm outputs between two polls add up (revoked partitions never seen are dropped from
// `assigned` rather than revoked); the owner applies `revoke` first, then `assigned`.
struct MemberEvents {
  std::optional<Revocation> revoke;  // stop fetching them; commit unless lost; then revoked()
  std::optional<std::vector<TopicPartition>> assigned;  // start these; the others stay as they are
  std::optional<Status> failed;
};

// Adds an fsm output's revocation and assignment to what the owner has not polled yet.
void mergeMemberActions(MemberEvents& events, MemberActions& actions);

class GroupMembership {
 public:
  GroupMembership(KafkaClient& coordinator, KafkaClient& metadata, GroupMemberConfig config);
  ~GroupMembership();
  GroupMembership(const GroupMembership&) = delete;
  GroupMembership& operator=(const GroupMembership&) = delete;

  void start(int64_t nowMs);
  MemberEvents poll(int64_t nowMs);
  void revoked(int64_t nowMs);
  void onCommitError(int16_t errorCode, int64_t nowMs);
  // Sends LeaveGroup when the member has to; left() turns true once it is answered (or at once).
  void leave(int64_t nowMs);
  bool left() const;

  const GroupMemberFsm& fsm() const { return m_fsm; }

 private:
  void send(MemberActions actions);
  void sendMetadata(const std::vector<std::string>& topics);
  int64_t m_lastNowMs = 0;  // answers are fed with the time of the last input

  KafkaClient& m_coordinator;
  KafkaClient& m_metadata;
  GroupMemberFsm m_fsm;
  MemberEvents m_events;
  std::shared_ptr<GroupMembership*> m_self;  // callbacks hold a weak_ptr: dropped once this is gone
};

}  // namespace pier::client
