#pragma once
// ClassicGroup: one consumer group under Kafka's classic rebalance protocol, as a pure state
// machine (no clock, thread, socket, file or global random source; time and randomness are
// passed in). The service (GroupCoordinator) feeds it requests and ticks, and gets back the
// answers it owes to waiting requests plus whether the group's record must be persisted
// before they are sent (persist -> send).
//
// States (Kafka's names): Empty -> PreparingRebalance -> CompletingRebalance -> Stable, and Dead
// once deleted. A rebalance starts when a member joins, leaves, changes its protocols or misses
// its session timeout; it completes when every member has rejoined, or at the rebalance timeout
// (members that did not rejoin are removed); the first rebalance of an Empty group waits
// group.initial.rebalance.delay.ms, extended while members keep arriving, up to the rebalance
// timeout. The leader (the first member, kept while it stays) gets every member's metadata and
// sends the assignment in SyncGroup. Static members (group.instance.id) keep their assignment
// across restarts: a rejoin under a new member id in a Stable group is answered at once, without
// a rebalance of the others. The coordinator never looks inside protocols or assignments, so
// range, roundrobin, sticky and cooperative-sticky all work.
//
// Invariants: every member id is unique; m_staticMembers maps each static member's instance id
// to its current member id; a member awaits at most one JoinGroup and one SyncGroup answer; in
// Stable and CompletingRebalance the leader is a member.
//
// Owned by the GroupCoordinator; single-threaded.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/prng.h"
#include "group/group_error.h"
#include "protocol/kafka/generated/group_metadata_value.h"

namespace pier::group {

enum class GroupState { Empty, PreparingRebalance, CompletingRebalance, Stable, Dead };
std::string_view stateName(GroupState state);
// Case-insensitive, as ListGroups' states filter is.
std::optional<GroupState> stateFromName(std::string_view name);

using RequestToken = uint64_t;  // the service's handle for an answer it owes

struct GroupLimits {
  int32_t initialRebalanceDelayMs = 3000;  // group.initial.rebalance.delay.ms
  int32_t maxSize = INT32_MAX;             // group.max.size
  int32_t minSessionTimeoutMs = 6000;      // group.min.session.timeout.ms
  int32_t maxSessionTimeoutMs = 1800000;   // group.max.session.timeout.ms
};

struct Protocol {
  std::string name;
  std::vector<uint8_t> metadata;
  friend bool operator==(const Protocol&, const Protocol&) = default;
};

struct JoinRequest {
  RequestToken token = 0;
  std::string memberId;  // empty on a first join
  std::optional<std::string> groupInstanceId;
  std::string clientId;
  std::string clientHost;
  int32_t sessionTimeoutMs = 0;
  int32_t rebalanceTimeoutMs = 0;
  std::string protocolType;
  std::vector<Protocol> protocols;  // in the member's order of preference
  bool requireKnownMemberId = false;    // JoinGroup v4+: a first join gets MEMBER_ID_REQUIRED
  bool supportsSkipAssignment = false;  // JoinGroup v9+
};

struct JoinedMember {
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  std::vector<uint8_t> metadata;  // for the selected protocol
  friend bool operator==(const JoinedMember&, const JoinedMember&) = default;
};

struct JoinResponse {
  RequestToken token = 0;
  GroupError error = GroupError::None;
  int32_t generationId = -1;
  std::optional<std::string> protocolType;
  std::optional<std::string> protocolName;
  std::string leader;
  bool skipAssignment = false;
  std::string memberId;
  std::vector<JoinedMember> members;  // the leader's answer only
};

struct SyncRequest {
  RequestToken token = 0;
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  int32_t generationId = -1;
  std::optional<std::string> protocolType;  // v5+
  std::optional<std::string> protocolName;  // v5+
  std::vector<std::pair<std::string, std::vector<uint8_t>>> assignments;  // the leader's only
};

struct SyncResponse {
  RequestToken token = 0;
  GroupError error = GroupError::None;
  std::optional<std::string> protocolType;
  std::optional<std::string> protocolName;
  std::vector<uint8_t> assignment;
};

struct MemberIdentity {
  std::string memberId;  // may be empty for a static member named by instance id
  std::optional<std::string> groupInstanceId;
};

// What one step produced.
struct GroupOutput {
  std::vector<JoinResponse> joins;
  std::vector<SyncResponse> syncs;
  bool persist = false;  // write the group's record (toRecord()) before sending any answer
};

// A member as DescribeGroups shows it.
struct MemberDescription {
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  std::string clientId;
  std::string clientHost;
  std::vector<uint8_t> metadata;  // for the selected protocol (empty before one is selected)
  std::vector<uint8_t> assignment;
};

class ClassicGroup {
 public:
  ClassicGroup(std::string groupId, GroupLimits limits, int64_t nowMs);
  // A group as its last record left it: Stable with its members (each given a full session
  // from now to show up), or Empty.
  static ClassicGroup fromRecord(std::string groupId, const protocol::kafka::GroupMetadataValue& record,
                                 GroupLimits limits, int64_t nowMs);
  protocol::kafka::GroupMetadataValue toRecord() const;

  GroupOutput join(const JoinRequest& request, int64_t nowMs, Prng& prng);
  GroupOutput sync(const SyncRequest& request, int64_t nowMs);
  GroupError heartbeat(const MemberIdentity& member, int32_t generationId, int64_t nowMs);
  // One error per member, in order.
  GroupOutput leave(const std::vector<MemberIdentity>& members, int64_t nowMs, std::vector<GroupError>& errors);
  // Session expiry, join deadlines, the initial delay.
  GroupOutput tick(int64_t nowMs);
  // The record a step asked for could not be written: assignments are dropped and the group
  // rebalances (its members find out on their next heartbeat or sync).
  GroupOutput persistFailed(int64_t nowMs);

  // None when an OffsetCommit from this member (or a simple commit: no member, generation < 0,
  // an Empty group) may be written; refreshes the member's session like a heartbeat.
  GroupError validateOffsetCommit(const MemberIdentity& member, int32_t generationId, int64_t nowMs);
  // DeleteGroups: only an Empty group goes; then it is Dead.
  GroupError deleteGroup();

  const std::string& groupId() const { return m_groupId; }
  GroupState state() const { return m_state; }
  int32_t generationId() const { return m_generationId; }
  const std::string& protocolType() const { return m_protocolType; }
  const std::optional<std::string>& protocolName() const { return m_protocolName; }
  const std::string& leaderId() const { return m_leaderId; }
  int64_t stateTimestampMs() const { return m_stateTimestampMs; }
  std::size_t memberCount() const { return m_members.size(); }
  std::vector<MemberDescription> describeMembers() const;
  // The next moment tick() has something to do (a session or join deadline), or nullopt.
  std::optional<int64_t> nextDeadlineMs() const;

 private:
  struct Member {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = 0;
    std::vector<Protocol> protocols;
    std::vector<uint8_t> assignment;
    int64_t sessionDeadlineMs = 0;
    std::optional<RequestToken> awaitingJoin;
    std::optional<RequestToken> awaitingSync;
  };

  Member* find(const std::string& memberId);
  const Member* find(const std::string& memberId) const;
  GroupError checkJoin(const JoinRequest& r) const;
  bool supportsProtocols(const std::string& protocolType, const std::vector<Protocol>& protocols) const;
  std::vector<std::string> candidateProtocols() const;
  std::string selectProtocol() const;
  const std::vector<uint8_t>* metadataFor(const Member& m, const std::string& protocolName) const;

  void joinAsNewMember(const JoinRequest& r, int64_t nowMs, Prng& prng, GroupOutput& out);
  void rejoinStaticMember(const JoinRequest& r, const std::string& oldId, int64_t nowMs, Prng& prng,
                          GroupOutput& out);
  void rejoinKnownMember(const JoinRequest& r, Member& m, int64_t nowMs, GroupOutput& out);
  void addMember(const JoinRequest& r, const std::string& memberId, int64_t nowMs, GroupOutput& out);
  void removeMember(const std::string& memberId, int64_t nowMs, GroupOutput& out);
  void prepareRebalance(int64_t nowMs, GroupOutput& out);
  void tryCompleteJoin(int64_t nowMs, GroupOutput& out);
  void completeJoin(int64_t nowMs, GroupOutput& out);
  JoinResponse currentGenerationAnswer(const Member& m, RequestToken token, bool withMembers) const;
  void transitionTo(GroupState state, int64_t nowMs);
  static std::string newMemberId(const std::string& prefix, Prng& prng);

  std::string m_groupId;
  GroupLimits m_limits;
  GroupState m_state = GroupState::Empty;
  int64_t m_stateTimestampMs = 0;
  int32_t m_generationId = 0;
  std::string m_protocolType;
  std::optional<std::string> m_protocolName;
  std::string m_leaderId;
  std::vector<Member> m_members;                       // in joining order
  std::map<std::string, int64_t> m_pendingMembers;     // MEMBER_ID_REQUIRED handed out -> expiry
  std::map<std::string, std::string> m_staticMembers;  // group.instance.id -> member id
  int64_t m_joinDeadlineMs = 0;                        // PreparingRebalance only
  bool m_initialDelay = false;                         // in the first rebalance of an Empty group
  int64_t m_initialDelayLeftMs = 0;
  bool m_joinedDuringDelay = false;
};

}  // namespace pier::group
