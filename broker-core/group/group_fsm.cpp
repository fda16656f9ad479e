#include "group/group_fsm.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace pier::group {

using protocol::kafka::GroupMetadataValue;

std::string_view stateName(GroupState state) {
  switch (state) {
    case GroupState::Empty: return "Empty";
    case GroupState::PreparingRebalance: return "PreparingRebalance";
    case GroupState::CompletingRebalance: return "CompletingRebalance";
    case GroupState::Stable: return "Stable";
    case GroupState::Dead: return "Dead";
  }
  return "Unknown";
}

std::optional<GroupState> stateFromName(std::string_view name) {
  for (GroupState s : {GroupState::Empty, GroupState::PreparingRebalance, GroupState::CompletingRebalance,
                       GroupState::Stable, GroupState::Dead}) {
    const std::string_view known = stateName(s);
    if (known.size() == name.size() &&
        std::equal(known.begin(), known.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return s;
    }
  }
  return std::nullopt;
}

ClassicGroup::ClassicGroup(std::string groupId, GroupLimits limits, int64_t nowMs)
    : m_groupId(std::move(groupId)), m_limits(limits), m_stateTimestampMs(nowMs) {}

ClassicGroup ClassicGroup::fromRecord(std::string groupId, const GroupMetadataValue& record, GroupLimits limits,
                                      int64_t nowMs) {
  ClassicGroup g(std::move(groupId), limits, nowMs);
  g.m_protocolType = record.protocolType;
  g.m_generationId = record.generation;
  g.m_protocolName = record.protocol;
  g.m_leaderId = record.leader.value_or("");
  g.m_stateTimestampMs = record.currentStateTimestamp >= 0 ? record.currentStateTimestamp : nowMs;
  for (const auto& m : record.members) {
    Member member;
    member.memberId = m.memberId;
    member.groupInstanceId = m.groupInstanceId;
    member.clientId = m.clientId;
    member.clientHost = m.clientHost;
    member.sessionTimeoutMs = m.sessionTimeout;
    member.rebalanceTimeoutMs = m.rebalanceTimeout >= 0 ? m.rebalanceTimeout : m.sessionTimeout;
    member.protocols = {Protocol{record.protocol.value_or(""), m.subscription}};
    member.assignment = m.assignment;
    member.sessionDeadlineMs = nowMs + m.sessionTimeout;
    if (member.groupInstanceId) {
      g.m_staticMembers[*member.groupInstanceId] = member.memberId;
    }
    g.m_members.push_back(std::move(member));
  }
  g.m_state = g.m_members.empty() ? GroupState::Empty : GroupState::Stable;
  if (g.find(g.m_leaderId) == nullptr) {
    g.m_leaderId = g.m_members.empty() ? "" : g.m_members.front().memberId;
  }
  return g;
}

GroupMetadataValue ClassicGroup::toRecord() const {
  GroupMetadataValue v;
  v.protocolType = m_protocolType;
  v.generation = m_generationId;
  v.protocol = m_protocolName;
  v.leader = m_leaderId.empty() ? std::nullopt : std::optional<std::string>(m_leaderId);
  v.currentStateTimestamp = m_stateTimestampMs;
  for (const Member& m : m_members) {
    GroupMetadataValue::MemberMetadata mm;
    mm.memberId = m.memberId;
    mm.groupInstanceId = m.groupInstanceId;
    mm.clientId = m.clientId;
    mm.clientHost = m.clientHost;
    mm.rebalanceTimeout = m.rebalanceTimeoutMs;
    mm.sessionTimeout = m.sessionTimeoutMs;
    if (const auto* metadata = m_protocolName ? metadataFor(m, *m_protocolName) : nullptr) {
      mm.subscription = *metadata;
    }
    mm.assignment = m.assignment;
    v.members.push_back(std::move(mm));
  }
  return v;
}

ClassicGroup::Member* ClassicGroup::find(const std::string& memberId) {
  auto it = std::find_if(m_members.begin(), m_members.end(), [&](const Member& m) { return m.memberId == memberId; });
  return it == m_members.end() ? nullptr : &*it;
}

const ClassicGroup::Member* ClassicGroup::find(const std::string& memberId) const {
  return const_cast<ClassicGroup*>(this)->find(memberId);
}

const std::vector<uint8_t>* ClassicGroup::metadataFor(const Member& m, const std::string& protocolName) const {
  for (const Protocol& p : m.protocols) {
    if (p.name == protocolName) return &p.metadata;
  }
  return nullptr;
}

std::vector<std::string> ClassicGroup::candidateProtocols() const {
  if (m_members.empty()) return {};
  std::vector<std::string> names;
  for (const Protocol& p : m_members.front().protocols) names.push_back(p.name);
  for (const Member& m : m_members) {
    std::erase_if(names, [&](const std::string& n) { return metadataFor(m, n) == nullptr; });
  }
  return names;
}

bool ClassicGroup::supportsProtocols(const std::string& protocolType, const std::vector<Protocol>& protocols) const {
  if (protocolType.empty() || protocols.empty()) return false;
  if (m_members.empty()) return true;
  if (protocolType != m_protocolType) return false;
  const std::vector<std::string> candidates = candidateProtocols();
  return std::any_of(protocols.begin(), protocols.end(), [&](const Protocol& p) {
    return std::find(candidates.begin(), candidates.end(), p.name) != candidates.end();
  });
}

// Every member votes for its most preferred candidate; the most votes wins, ties going to the
// candidate the leader prefers.
std::string ClassicGroup::selectProtocol() const {
  const std::vector<std::string> candidates = candidateProtocols();
  std::map<std::string, int> votes;
  for (const Member& m : m_members) {
    for (const Protocol& p : m.protocols) {
      if (std::find(candidates.begin(), candidates.end(), p.name) != candidates.end()) {
        ++votes[p.name];
        break;
      }
    }
  }
  const Member* leader = find(m_leaderId);
  std::string best;
  int bestVotes = -1;
  for (const Protocol& p : (leader ? leader : &m_members.front())->protocols) {
    const auto it = votes.find(p.name);
    if (it != votes.end() && it->second > bestVotes) {
      best = p.name;
      bestVotes = it->second;
    }
  }
  return best;
}

GroupError ClassicGroup::checkJoin(const JoinRequest& r) const {
  if (m_state == GroupState::Dead) return GroupError::CoordinatorNotAvailable;
  if (r.sessionTimeoutMs < m_limits.minSessionTimeoutMs || r.sessionTimeoutMs > m_limits.maxSessionTimeoutMs) {
    return GroupError::InvalidSessionTimeout;
  }
  if (!supportsProtocols(r.protocolType, r.protocols)) return GroupError::InconsistentGroupProtocol;
  return GroupError::None;
}

GroupOutput ClassicGroup::join(const JoinRequest& r, int64_t nowMs, Prng& prng) {
  GroupOutput out;
  const auto fail = [&](GroupError e) {
    out.joins.push_back({r.token, e, -1, std::nullopt, std::nullopt, "", false, r.memberId, {}});
  };
  if (const GroupError e = checkJoin(r); e != GroupError::None) {
    fail(e);
    return out;
  }
  if (r.memberId.empty()) {
    const auto known = r.groupInstanceId ? m_staticMembers.find(*r.groupInstanceId) : m_staticMembers.end();
    if (known != m_staticMembers.end()) {
      rejoinStaticMember(r, known->second, nowMs, prng, out);
    } else if (m_members.size() + m_pendingMembers.size() >= static_cast<std::size_t>(m_limits.maxSize)) {
      fail(GroupError::GroupMaxSizeReached);
    } else {
      joinAsNewMember(r, nowMs, prng, out);
    }
    return out;
  }
  if (const auto pending = m_pendingMembers.find(r.memberId); pending != m_pendingMembers.end()) {
    m_pendingMembers.erase(pending);
    addMember(r, r.memberId, nowMs, out);
    return out;
  }
  Member* m = find(r.memberId);
  if (r.groupInstanceId) {
    const auto owner = m_staticMembers.find(*r.groupInstanceId);
    if (owner != m_staticMembers.end() && owner->second != r.memberId) {
      fail(GroupError::FencedInstanceId);
      return out;
    }
  }
  if (m == nullptr || m_state == GroupState::Empty) {
    fail(GroupError::UnknownMemberId);
    return out;
  }
  rejoinKnownMember(r, *m, nowMs, out);
  return out;
}

void ClassicGroup::joinAsNewMember(const JoinRequest& r, int64_t nowMs, Prng& prng, GroupOutput& out) {
  const std::string memberId = newMemberId(r.groupInstanceId.value_or(r.clientId), prng);
  if (r.requireKnownMemberId && !r.groupInstanceId) {
    // KIP-394: the member learns its id first and joins with it, so a retried first join cannot
    // leave a ghost member behind.
    m_pendingMembers[memberId] = nowMs + r.sessionTimeoutMs;
    out.joins.push_back({r.token, GroupError::MemberIdRequired, -1, std::nullopt, std::nullopt, "", false, memberId, {}});
    return;
  }
  addMember(r, memberId, nowMs, out);
}

void ClassicGroup::addMember(const JoinRequest& r, const std::string& memberId, int64_t nowMs, GroupOutput& out) {
  if (m_members.empty()) m_protocolType = r.protocolType;
  Member m;
  m.memberId = memberId;
  m.groupInstanceId = r.groupInstanceId;
  m.clientId = r.clientId;
  m.clientHost = r.clientHost;
  m.sessionTimeoutMs = r.sessionTimeoutMs;
  m.rebalanceTimeoutMs = r.rebalanceTimeoutMs;
  m.protocols = r.protocols;
  m.sessionDeadlineMs = nowMs + r.sessionTimeoutMs;
  m.awaitingJoin = r.token;
  if (m.groupInstanceId) m_staticMembers[*m.groupInstanceId] = memberId;
  if (m_leaderId.empty()) m_leaderId = memberId;
  m_members.push_back(std::move(m));
  if (m_initialDelay) m_joinedDuringDelay = true;
  if (m_state != GroupState::PreparingRebalance) prepareRebalance(nowMs, out);
  tryCompleteJoin(nowMs, out);
}

void ClassicGroup::rejoinStaticMember(const JoinRequest& r, const std::string& oldId, int64_t nowMs, Prng& prng,
                                      GroupOutput& out) {
  Member* m = find(oldId);
  // The old incarnation is fenced: whatever it still waits for fails.
  if (m->awaitingJoin) {
    out.joins.push_back({*m->awaitingJoin, GroupError::FencedInstanceId, -1, std::nullopt, std::nullopt, "", false, oldId, {}});
    m->awaitingJoin.reset();
  }
  if (m->awaitingSync) {
    out.syncs.push_back({*m->awaitingSync, GroupError::FencedInstanceId, std::nullopt, std::nullopt, {}});
    m->awaitingSync.reset();
  }
  const std::string newId = newMemberId(*r.groupInstanceId, prng);
  m->memberId = newId;
  m_staticMembers[*r.groupInstanceId] = newId;
  if (m_leaderId == oldId) m_leaderId = newId;
  m->clientId = r.clientId;
  m->clientHost = r.clientHost;
  m->sessionTimeoutMs = r.sessionTimeoutMs;
  m->rebalanceTimeoutMs = r.rebalanceTimeoutMs;
  m->sessionDeadlineMs = nowMs + r.sessionTimeoutMs;
  const bool sameProtocols = m->protocols == r.protocols;
  const bool isLeader = m_leaderId == newId;
  if (m_state == GroupState::Stable && sameProtocols && (!isLeader || r.supportsSkipAssignment)) {
    // The member comes back as it left: it gets the current generation and, through SyncGroup,
    // its old assignment. Nobody else rebalances. The new member id is persisted first.
    JoinResponse answer = currentGenerationAnswer(*m, r.token, isLeader);
    answer.skipAssignment = isLeader;
    out.joins.push_back(std::move(answer));
    out.persist = true;
    return;
  }
  m->protocols = r.protocols;
  m->awaitingJoin = r.token;
  if (m_state != GroupState::PreparingRebalance) prepareRebalance(nowMs, out);
  tryCompleteJoin(nowMs, out);
}

void ClassicGroup::rejoinKnownMember(const JoinRequest& r, Member& m, int64_t nowMs, GroupOutput& out) {
  m.sessionDeadlineMs = nowMs + r.sessionTimeoutMs;
  const bool sameProtocols = m.protocols == r.protocols;
  switch (m_state) {
    case GroupState::PreparingRebalance:
      if (m.awaitingJoin) {  // a retried join: the newer request gets the answer
        out.joins.push_back({*m.awaitingJoin, GroupError::RebalanceInProgress, -1, std::nullopt, std::nullopt, "",
                             false, m.memberId, {}});
      }
      m.protocols = r.protocols;
      m.sessionTimeoutMs = r.sessionTimeoutMs;
      m.rebalanceTimeoutMs = r.rebalanceTimeoutMs;
      m.awaitingJoin = r.token;
      tryCompleteJoin(nowMs, out);
      return;
    case GroupState::CompletingRebalance:
    case GroupState::Stable:
      if (sameProtocols && (m_state == GroupState::CompletingRebalance || m.memberId != m_leaderId)) {
        // Nothing changed (perhaps the first answer was lost): the current generation again.
        out.joins.push_back(currentGenerationAnswer(m, r.token, m.memberId == m_leaderId));
        return;
      }
      m.protocols = r.protocols;
      m.sessionTimeoutMs = r.sessionTimeoutMs;
      m.rebalanceTimeoutMs = r.rebalanceTimeoutMs;
      m.awaitingJoin = r.token;
      prepareRebalance(nowMs, out);
      tryCompleteJoin(nowMs, out);
      return;
    case GroupState::Empty:
    case GroupState::Dead:
      out.joins.push_back({r.token, GroupError::UnknownMemberId, -1, std::nullopt, std::nullopt, "", false, r.memberId, {}});
      return;
  }
}

JoinResponse ClassicGroup::currentGenerationAnswer(const Member& m, RequestToken token, bool withMembers) const {
  JoinResponse a;
  a.token = token;
  a.generationId = m_generationId;
  a.protocolType = m_protocolType;
  a.protocolName = m_protocolName;
  a.leader = m_leaderId;
  a.memberId = m.memberId;
  if (withMembers) {
    for (const Member& other : m_members) {
      const auto* metadata = m_protocolName ? metadataFor(other, *m_protocolName) : nullptr;
      a.members.push_back({other.memberId, other.groupInstanceId, metadata ? *metadata : std::vector<uint8_t>{}});
    }
  }
  return a;
}

void ClassicGroup::prepareRebalance(int64_t nowMs, GroupOutput& out) {
  if (m_state == GroupState::CompletingRebalance) {
    for (Member& m : m_members) {
      if (m.awaitingSync) {
        out.syncs.push_back({*m.awaitingSync, GroupError::RebalanceInProgress, std::nullopt, std::nullopt, {}});
        m.awaitingSync.reset();
      }
    }
  }
  for (Member& m : m_members) m.assignment.clear();
  int32_t rebalanceTimeoutMs = 0;
  for (const Member& m : m_members) rebalanceTimeoutMs = std::max(rebalanceTimeoutMs, m.rebalanceTimeoutMs);
  if (m_state == GroupState::Empty && m_limits.initialRebalanceDelayMs > 0) {
    const int32_t delay = std::min(m_limits.initialRebalanceDelayMs, std::max(rebalanceTimeoutMs, 0));
    m_initialDelay = true;
    m_joinedDuringDelay = false;
    m_initialDelayLeftMs = std::max<int64_t>(0, rebalanceTimeoutMs - delay);
    m_joinDeadlineMs = nowMs + delay;
  } else {
    m_initialDelay = false;
    m_joinDeadlineMs = nowMs + rebalanceTimeoutMs;
  }
  transitionTo(GroupState::PreparingRebalance, nowMs);
}

void ClassicGroup::tryCompleteJoin(int64_t nowMs, GroupOutput& out) {
  if (m_state != GroupState::PreparingRebalance) return;
  if (m_initialDelay) {
    if (nowMs < m_joinDeadlineMs) return;
    if (m_joinedDuringDelay && m_initialDelayLeftMs > 0) {
      // Members are still arriving: wait another delay, within the rebalance timeout.
      const int64_t delay = std::min<int64_t>(m_limits.initialRebalanceDelayMs, m_initialDelayLeftMs);
      m_initialDelayLeftMs -= delay;
      m_joinDeadlineMs = nowMs + delay;
      m_joinedDuringDelay = false;
      return;
    }
    m_initialDelay = false;
    completeJoin(nowMs, out);
    return;
  }
  const bool allJoined = m_pendingMembers.empty() &&
                         std::all_of(m_members.begin(), m_members.end(), [](const Member& m) { return m.awaitingJoin; });
  if (allJoined || nowMs >= m_joinDeadlineMs) completeJoin(nowMs, out);
}

void ClassicGroup::completeJoin(int64_t nowMs, GroupOutput& out) {
  // Members that did not rejoin within the rebalance timeout are out.
  std::vector<std::string> late;
  for (const Member& m : m_members) {
    if (!m.awaitingJoin) late.push_back(m.memberId);
  }
  for (const std::string& id : late) {
    Member* m = find(id);
    if (m->groupInstanceId) m_staticMembers.erase(*m->groupInstanceId);
    std::erase_if(m_members, [&](const Member& x) { return x.memberId == id; });
  }
  if (find(m_leaderId) == nullptr) m_leaderId = m_members.empty() ? "" : m_members.front().memberId;
  ++m_generationId;
  if (m_members.empty()) {
    m_protocolName.reset();
    transitionTo(GroupState::Empty, nowMs);
    out.persist = true;  // the empty group is recorded too
    return;
  }
  m_protocolName = selectProtocol();
  transitionTo(GroupState::CompletingRebalance, nowMs);
  for (Member& m : m_members) {
    out.joins.push_back(currentGenerationAnswer(m, *m.awaitingJoin, m.memberId == m_leaderId));
    m.awaitingJoin.reset();
    m.sessionDeadlineMs = nowMs + m.sessionTimeoutMs;
  }
}

GroupOutput ClassicGroup::sync(const SyncRequest& r, int64_t nowMs) {
  GroupOutput out;
  const auto answer = [&](GroupError e) { out.syncs.push_back({r.token, e, std::nullopt, std::nullopt, {}}); };
  if (m_state == GroupState::Dead) {
    answer(GroupError::CoordinatorNotAvailable);
    return out;
  }
  Member* m = find(r.memberId);
  if (m == nullptr) {
    answer(GroupError::UnknownMemberId);
    return out;
  }
  if (r.groupInstanceId) {
    const auto owner = m_staticMembers.find(*r.groupInstanceId);
    if (owner != m_staticMembers.end() && owner->second != r.memberId) {
      answer(GroupError::FencedInstanceId);
      return out;
    }
  }
  if (r.generationId != m_generationId) {
    answer(GroupError::IllegalGeneration);
    return out;
  }
  if ((r.protocolType && *r.protocolType != m_protocolType) || (r.protocolName && r.protocolName != m_protocolName)) {
    answer(GroupError::InconsistentGroupProtocol);
    return out;
  }
  m->sessionDeadlineMs = nowMs + m->sessionTimeoutMs;
  switch (m_state) {
    case GroupState::Empty: answer(GroupError::UnknownMemberId); return out;
    case GroupState::PreparingRebalance: answer(GroupError::RebalanceInProgress); return out;
    case GroupState::Stable:
      out.syncs.push_back({r.token, GroupError::None, m_protocolType, m_protocolName, m->assignment});
      return out;
    case GroupState::CompletingRebalance:
      if (m->awaitingSync) {
        out.syncs.push_back({*m->awaitingSync, GroupError::RebalanceInProgress, std::nullopt, std::nullopt, {}});
      }
      m->awaitingSync = r.token;
      if (r.memberId != m_leaderId) return out;
      // The leader's assignment: members it left out get an empty one.
      for (Member& member : m_members) {
        member.assignment.clear();
        for (const auto& [id, bytes] : r.assignments) {
          if (id == member.memberId) member.assignment = bytes;
        }
      }
      transitionTo(GroupState::Stable, nowMs);
      out.persist = true;
      for (Member& member : m_members) {
        if (member.awaitingSync) {
          out.syncs.push_back({*member.awaitingSync, GroupError::None, m_protocolType, m_protocolName, member.assignment});
          member.awaitingSync.reset();
        }
      }
      return out;
    case GroupState::Dead: return out;
  }
  return out;
}

GroupOutput ClassicGroup::persistFailed(int64_t nowMs) {
  GroupOutput out;
  if (m_state == GroupState::Stable || m_state == GroupState::CompletingRebalance) prepareRebalance(nowMs, out);
  return out;
}

GroupError ClassicGroup::heartbeat(const MemberIdentity& member, int32_t generationId, int64_t nowMs) {
  if (m_state == GroupState::Dead) return GroupError::CoordinatorNotAvailable;
  Member* m = find(member.memberId);
  if (member.groupInstanceId) {
    const auto owner = m_staticMembers.find(*member.groupInstanceId);
    if (owner != m_staticMembers.end() && owner->second != member.memberId) return GroupError::FencedInstanceId;
  }
  if (m == nullptr || m_state == GroupState::Empty) return GroupError::UnknownMemberId;
  if (generationId != m_generationId) return GroupError::IllegalGeneration;
  m->sessionDeadlineMs = nowMs + m->sessionTimeoutMs;
  return m_state == GroupState::PreparingRebalance ? GroupError::RebalanceInProgress : GroupError::None;
}

GroupOutput ClassicGroup::leave(const std::vector<MemberIdentity>& members, int64_t nowMs,
                                std::vector<GroupError>& errors) {
  GroupOutput out;
  for (const MemberIdentity& who : members) {
    if (m_state == GroupState::Dead) {
      errors.push_back(GroupError::CoordinatorNotAvailable);
      continue;
    }
    std::string memberId = who.memberId;
    if (who.groupInstanceId) {
      const auto owner = m_staticMembers.find(*who.groupInstanceId);
      if (owner == m_staticMembers.end()) {
        errors.push_back(GroupError::UnknownMemberId);
        continue;
      }
      if (!memberId.empty() && memberId != owner->second) {
        errors.push_back(GroupError::FencedInstanceId);
        continue;
      }
      memberId = owner->second;
    }
    if (m_pendingMembers.erase(memberId) > 0) {
      errors.push_back(GroupError::None);
      tryCompleteJoin(nowMs, out);
      continue;
    }
    if (find(memberId) == nullptr) {
      errors.push_back(GroupError::UnknownMemberId);
      continue;
    }
    removeMember(memberId, nowMs, out);
    errors.push_back(GroupError::None);
  }
  return out;
}

void ClassicGroup::removeMember(const std::string& memberId, int64_t nowMs, GroupOutput& out) {
  Member* m = find(memberId);
  if (m->awaitingJoin) {
    out.joins.push_back({*m->awaitingJoin, GroupError::UnknownMemberId, -1, std::nullopt, std::nullopt, "", false, memberId, {}});
  }
  if (m->awaitingSync) {
    out.syncs.push_back({*m->awaitingSync, GroupError::UnknownMemberId, std::nullopt, std::nullopt, {}});
  }
  if (m->groupInstanceId) m_staticMembers.erase(*m->groupInstanceId);
  std::erase_if(m_members, [&](const Member& x) { return x.memberId == memberId; });
  if (m_leaderId == memberId) m_leaderId = m_members.empty() ? "" : m_members.front().memberId;
  switch (m_state) {
    case GroupState::Stable:
    case GroupState::CompletingRebalance: prepareRebalance(nowMs, out); [[fallthrough]];
    case GroupState::PreparingRebalance: tryCompleteJoin(nowMs, out); break;
    case GroupState::Empty:
    case GroupState::Dead: break;
  }
}

GroupOutput ClassicGroup::tick(int64_t nowMs) {
  GroupOutput out;
  std::erase_if(m_pendingMembers, [&](const auto& p) { return p.second <= nowMs; });
  std::vector<std::string> expired;
  for (const Member& m : m_members) {
    // A member waiting for an answer is alive: the coordinator owes it the next step.
    if (!m.awaitingJoin && !m.awaitingSync && m.sessionDeadlineMs <= nowMs) expired.push_back(m.memberId);
  }
  for (const std::string& id : expired) {
    if (find(id) != nullptr) removeMember(id, nowMs, out);
  }
  tryCompleteJoin(nowMs, out);
  return out;
}

std::optional<int64_t> ClassicGroup::nextDeadlineMs() const {
  std::optional<int64_t> next;
  const auto consider = [&](int64_t t) { next = next ? std::min(*next, t) : t; };
  for (const auto& [id, expiry] : m_pendingMembers) consider(expiry);
  for (const Member& m : m_members) {
    if (!m.awaitingJoin && !m.awaitingSync) consider(m.sessionDeadlineMs);
  }
  if (m_state == GroupState::PreparingRebalance) consider(m_joinDeadlineMs);
  return next;
}

GroupError ClassicGroup::validateOffsetCommit(const MemberIdentity& member, int32_t generationId, int64_t nowMs) {
  if (m_state == GroupState::Dead) return GroupError::CoordinatorNotAvailable;
  if (generationId < 0 && member.memberId.empty() && m_state == GroupState::Empty) return GroupError::None;
  if (member.groupInstanceId) {
    const auto owner = m_staticMembers.find(*member.groupInstanceId);
    if (owner != m_staticMembers.end() && owner->second != member.memberId) return GroupError::FencedInstanceId;
  }
  // Kafka's order: a valid member of a generation whose assignment is still on its way.
  if (m_state == GroupState::CompletingRebalance) return GroupError::RebalanceInProgress;
  Member* m = find(member.memberId);
  if (m == nullptr) return GroupError::UnknownMemberId;
  if (generationId != m_generationId) return GroupError::IllegalGeneration;
  m->sessionDeadlineMs = nowMs + m->sessionTimeoutMs;
  return GroupError::None;
}

GroupError ClassicGroup::deleteGroup() {
  if (m_state == GroupState::Dead) return GroupError::GroupIdNotFound;
  if (m_state != GroupState::Empty) return GroupError::NonEmptyGroup;
  m_state = GroupState::Dead;
  return GroupError::None;
}

std::vector<MemberDescription> ClassicGroup::describeMembers() const {
  std::vector<MemberDescription> out;
  for (const Member& m : m_members) {
    const auto* metadata = m_protocolName ? metadataFor(m, *m_protocolName) : nullptr;
    out.push_back({m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                   metadata ? *metadata : std::vector<uint8_t>{}, m.assignment});
  }
  return out;
}

void ClassicGroup::transitionTo(GroupState state, int64_t nowMs) {
  m_state = state;
  m_stateTimestampMs = nowMs;
}

std::string ClassicGroup::newMemberId(const std::string& prefix, Prng& prng) {
  // prefix-<uuid>, as Kafka makes them (client id or group instance id, then a random UUID).
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = prefix + "-";
  const std::vector<uint8_t> bytes = prng.bytes(16);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[bytes[i] >> 4];
    id += kHex[bytes[i] & 0xf];
  }
  return id;
}

}  // namespace pier::group
