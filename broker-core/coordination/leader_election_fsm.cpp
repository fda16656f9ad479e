#include "coordination/leader_election_fsm.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::coordination {

std::string_view serverStateName(ServerState state) {
  switch (state) {
    case ServerState::Looking:
      return "LOOKING";
    case ServerState::Following:
      return "FOLLOWING";
    case ServerState::Leading:
      return "LEADING";
    case ServerState::Observing:
      return "OBSERVING";
  }
  return "UNKNOWN";
}

std::string describe(const Notification& n) {
  return fmt::format("{} leader={} zxid=0x{:x} round={} peerEpoch={}", serverStateName(n.state),
                     n.leader.value(), n.zxid.value(), n.electionEpoch, n.peerEpoch);
}

bool sameVote(const Vote& a, const Vote& b) {
  if (a.state == ServerState::Looking || b.state == ServerState::Looking) {
    return a.leader == b.leader && a.zxid == b.zxid && a.electionEpoch == b.electionEpoch &&
           a.peerEpoch == b.peerEpoch;
  }
  // Both out of election, both at notification version 2: id and peer epoch only.
  return a.leader == b.leader && a.peerEpoch == b.peerEpoch;
}

bool votePrecedes(NodeId newLeader, Zxid newZxid, int64_t newEpoch, NodeId curLeader, Zxid curZxid,
                  int64_t curEpoch) {
  // QuorumMaj gives every server weight 1, so the weight-0 exclusion never applies here.
  if (newEpoch != curEpoch) return newEpoch > curEpoch;
  if (newZxid != curZxid) return newZxid > curZxid;
  return newLeader > curLeader;
}

namespace {
std::vector<NodeId> sortedUnique(std::vector<NodeId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}
}  // namespace

LeaderElection::LeaderElection(ElectionConfig config) : m_config(std::move(config)) {
  m_voters = sortedUnique(m_config.voters);
  m_config.observers = sortedUnique(m_config.observers);
  PIER_ASSERT(!m_voters.empty(), "an ensemble has at least one voter");
  PIER_ASSERT(isVoter(m_config.myId) || std::binary_search(m_config.observers.begin(),
                                                           m_config.observers.end(), m_config.myId),
              "myid is a member of the ensemble");
  PIER_ASSERT(m_config.finalizeWaitMs > 0 && m_config.minNotificationIntervalMs > 0 &&
                  m_config.minNotificationIntervalMs <= m_config.maxNotificationIntervalMs,
              "election timeouts are positive and ordered");
}

bool LeaderElection::isVoter(NodeId sid) const {
  return std::binary_search(m_voters.begin(), m_voters.end(), sid);
}

// getInitId / getInitLastLoggedZxid / getPeerEpoch: an observer proposes nobody.
NodeId LeaderElection::initId() const {
  return isObserver() ? kNoServer : m_config.myId;
}
Zxid LeaderElection::initLastLoggedZxid() const {
  return isObserver() ? kNoZxid : m_lastLoggedZxid;
}
int64_t LeaderElection::initPeerEpoch() const {
  return isObserver() ? kNoEpoch : m_currentEpoch;
}

ElectionReady LeaderElection::start(int64_t nowMs, Zxid lastLoggedZxid, int64_t currentEpoch) {
  PIER_ASSERT(!m_started || m_state != ServerState::Looking, "one lookForLeader at a time");
  m_lastLoggedZxid = lastLoggedZxid;
  m_currentEpoch = currentEpoch;
  if (!m_started) {
    // QuorumPeer.startLeaderElection; later rounds keep answering with the last decided vote.
    m_currentVote = Vote{m_config.myId, lastLoggedZxid, -1, currentEpoch, ServerState::Looking};
    m_started = true;
  }
  m_state = ServerState::Looking;
  m_recvset.clear();
  m_outOfElection.clear();
  m_finalizing = false;
  m_notTimeoutMs = m_config.minNotificationIntervalMs;
  m_lastPollMs = nowMs;

  ElectionReady out;
  ++m_logicalClock;
  updateProposal(initId(), initLastLoggedZxid(), initPeerEpoch());
  sendNotifications(out);
  drainSelf(nowMs, out);
  return out;
}

ElectionReady LeaderElection::receive(NodeId from, const Notification& n, int64_t nowMs) {
  PIER_ASSERT(m_started, "start() before receive()");
  ElectionReady out;
  const bool known = isVoter(from) ||
                     std::binary_search(m_config.observers.begin(), m_config.observers.end(), from);
  if (!known || from == m_config.myId) return out;  // our own come through m_selfQueue only
  process(Received{from, n}, nowMs, out);
  drainSelf(nowMs, out);
  return out;
}

ElectionReady LeaderElection::tick(int64_t nowMs) {
  PIER_ASSERT(m_started, "start() before tick()");
  ElectionReady out;
  if (m_state != ServerState::Looking) return out;
  if (m_finalizing) {
    if (nowMs >= m_finalizeDeadlineMs) {
      decide(Vote{m_proposedLeader, m_proposedZxid, m_logicalClock, m_proposedEpoch}, out);
    }
    return out;
  }
  if (nowMs >= m_lastPollMs + m_notTimeoutMs) {
    // recvqueue.poll(notTimeout) came back empty: re-send, and back off exponentially.
    sendNotifications(out);
    m_notTimeoutMs = std::min(m_notTimeoutMs * 2, m_config.maxNotificationIntervalMs);
    m_lastPollMs = nowMs;
    drainSelf(nowMs, out);
  }
  return out;
}

void LeaderElection::updatePeerEpoch(int64_t newEpoch) {
  m_currentVote.peerEpoch = newEpoch;
}

std::optional<int64_t> LeaderElection::nextDeadlineMs() const {
  if (!m_started || m_state != ServerState::Looking) return std::nullopt;
  return m_finalizing ? m_finalizeDeadlineMs : m_lastPollMs + m_notTimeoutMs;
}

void LeaderElection::drainSelf(int64_t nowMs, ElectionReady& out) {
  // Loopback messages go through the receive queue like any other (QuorumCnxManager.toSend to
  // mySid), after what the current step produced.
  for (std::size_t i = 0; i < m_selfQueue.size(); ++i) {
    const Received r = m_selfQueue[i];
    process(r, nowMs, out);
  }
  m_selfQueue.clear();
}

void LeaderElection::process(const Received& r, int64_t nowMs, ElectionReady& out) {
  answerAsReceiver(r, out);
  // Only voters' notifications reach lookForLeader, and only while LOOKING.
  if (m_state != ServerState::Looking || !isVoter(r.from)) return;
  if (m_finalizing) {
    onFinalizing(r, nowMs, out);
  } else {
    onLooking(r, nowMs, out);
  }
}

// Messenger.WorkerReceiver: the answers given before (and whether or not) lookForLeader sees it.
void LeaderElection::answerAsReceiver(const Received& r, ElectionReady& out) {
  if (!isVoter(r.from)) {
    // A non-voter (observer) is answered at once with what this peer currently believes.
    reply(r.from, m_currentVote, m_logicalClock, out);
    return;
  }
  if (r.n.state != ServerState::Looking) return;
  if (m_state == ServerState::Looking) {
    // A LOOKING voter lagging behind our round learns our proposal.
    if (r.n.electionEpoch < m_logicalClock) reply(r.from, proposal(), m_logicalClock, out);
  } else {
    // Out of election: tell a LOOKING voter whom we follow (or that we lead).
    reply(r.from, m_currentVote, m_currentVote.electionEpoch, out);
  }
}

void LeaderElection::onLooking(const Received& r, int64_t nowMs, ElectionReady& out) {
  m_lastPollMs = nowMs;
  const Notification& n = r.n;
  if (!isVoter(n.leader)) return;  // a vote for a non-member (an observer's initial vote)
  switch (n.state) {
    case ServerState::Looking: {
      if (initLastLoggedZxid() == Zxid(-1) || n.zxid == Zxid(-1)) return;  // no database loaded
      if (n.electionEpoch > m_logicalClock) {
        m_logicalClock = n.electionEpoch;
        m_recvset.clear();
        if (votePrecedes(n.leader, n.zxid, n.peerEpoch, initId(), initLastLoggedZxid(),
                         initPeerEpoch())) {
          updateProposal(n.leader, n.zxid, n.peerEpoch);
        } else {
          updateProposal(initId(), initLastLoggedZxid(), initPeerEpoch());
        }
        sendNotifications(out);
      } else if (n.electionEpoch < m_logicalClock) {
        return;
      } else if (votePrecedes(n.leader, n.zxid, n.peerEpoch, m_proposedLeader, m_proposedZxid,
                              m_proposedEpoch)) {
        updateProposal(n.leader, n.zxid, n.peerEpoch);
        sendNotifications(out);
      }
      m_recvset[r.from] =
          Vote{n.leader, n.zxid, n.electionEpoch, n.peerEpoch, ServerState::Looking};
      if (hasQuorum(m_recvset, proposal())) {
        // Verify that nothing better is on its way: finalizeWait of quiet decides.
        m_finalizing = true;
        m_finalizeDeadlineMs = nowMs + m_config.finalizeWaitMs;
      }
      return;
    }
    case ServerState::Observing:
      return;
    case ServerState::Following:
    case ServerState::Leading:
      onEstablished(r, out);
      return;
  }
}

void LeaderElection::onFinalizing(const Received& r, int64_t nowMs, ElectionReady& out) {
  const Notification& n = r.n;
  if (votePrecedes(n.leader, n.zxid, n.peerEpoch, m_proposedLeader, m_proposedZxid,
                   m_proposedEpoch)) {
    // Put it back and carry on looking: the round is not over.
    m_finalizing = false;
    onLooking(r, nowMs, out);
    return;
  }
  // Anything else is consumed by the finalize poll without being counted.
  m_finalizeDeadlineMs = nowMs + m_config.finalizeWaitMs;
}

// A FOLLOWING or LEADING notification: the sender is out of election.
void LeaderElection::onEstablished(const Received& r, ElectionReady& out) {
  const Notification& n = r.n;
  const Vote vote{n.leader, n.zxid, n.electionEpoch, n.peerEpoch, n.state};
  const Vote endVote{n.leader, n.zxid, n.electionEpoch, n.peerEpoch, ServerState::Looking};
  if (n.electionEpoch == m_logicalClock) {
    // Same round: these count together with the LOOKING votes (ZOOKEEPER-3537).
    m_recvset[r.from] = vote;
    if (hasQuorum(m_recvset, vote) && checkLeader(m_recvset, n.leader, n.electionEpoch)) {
      decide(endVote, out);
      return;
    }
  }
  // Before joining an established ensemble, a quorum must follow the same leader, and that
  // leader must say it leads (ZOOKEEPER-1732: outofelection holds this round's votes too).
  m_outOfElection[r.from] = vote;
  if (hasQuorum(m_outOfElection, vote) && checkLeader(m_outOfElection, n.leader, n.electionEpoch)) {
    m_logicalClock = n.electionEpoch;
    decide(endVote, out);
  }
}

void LeaderElection::sendNotifications(ElectionReady& out) {
  const Notification n{ServerState::Looking, m_proposedLeader, m_proposedZxid, m_logicalClock,
                       m_proposedEpoch};
  for (NodeId sid : m_voters) {
    if (sid == m_config.myId) {
      m_selfQueue.push_back(Received{sid, n});
    } else {
      out.toSend.push_back(OutgoingNotification{sid, n});
    }
  }
}

void LeaderElection::updateProposal(NodeId leader, Zxid zxid, int64_t epoch) {
  m_proposedLeader = leader;
  m_proposedZxid = zxid;
  m_proposedEpoch = epoch;
}

void LeaderElection::reply(NodeId to, const Vote& vote, int64_t electionEpoch, ElectionReady& out) {
  const Notification n{m_state, vote.leader, vote.zxid, electionEpoch, vote.peerEpoch};
  if (to == m_config.myId) {
    m_selfQueue.push_back(Received{to, n});
  } else {
    out.toSend.push_back(OutgoingNotification{to, n});
  }
}

// getVoteTracker + hasAllQuorums: a majority of the voting members cast an equal vote.
bool LeaderElection::hasQuorum(const std::map<NodeId, Vote>& votes, const Vote& vote) const {
  std::size_t acks = 0;
  for (const auto& [sid, v] : votes) {
    if (isVoter(sid) && sameVote(vote, v)) ++acks;
  }
  return acks > m_voters.size() / 2;
}

// checkLeader: we only follow a leader that told us it is LEADING; we only lead in our round.
bool LeaderElection::checkLeader(const std::map<NodeId, Vote>& votes, NodeId leader,
                                 int64_t electionEpoch) const {
  if (leader != m_config.myId) {
    auto it = votes.find(leader);
    return it != votes.end() && it->second.state == ServerState::Leading;
  }
  return m_logicalClock == electionEpoch;
}

void LeaderElection::decide(const Vote& endVote, ElectionReady& out) {
  // setPeerState + leaveInstance: the pending queue is dropped.
  m_state = endVote.leader == m_config.myId ? ServerState::Leading
            : isObserver()                  ? ServerState::Observing
                                            : ServerState::Following;
  m_currentVote = endVote;
  m_currentVote.state = m_state;
  m_finalizing = false;
  m_recvset.clear();
  m_outOfElection.clear();
  m_selfQueue.clear();
  out.decision = ElectionDecision{endVote.leader, endVote.zxid, endVote.electionEpoch,
                                  endVote.peerEpoch, m_state};
}

}  // namespace pier::coordination
