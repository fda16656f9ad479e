#include "client/group_lag.h"

#include <map>
#include <set>

namespace pier::client {

namespace {

// What one fetchGroupLag call has gathered so far; shared by its callbacks.
struct LagCall {
  std::shared_ptr<KafkaClient> client;
  std::function<void(Result<GroupLag>)> done;
  GroupDescription group;
  CommittedOffsets committed;
};

void finish(const std::shared_ptr<LagCall>& call, const LogOffsets& logEnd) {
  GroupLag lag{call->group, computeLag(call->group, call->committed, logEnd)};
  call->done(std::move(lag));
}

void onCommitted(const std::shared_ptr<LagCall>& call, Result<CommittedOffsets> committed) {
  if (!committed) return call->done(committed.status());
  call->committed = std::move(*committed);
  const std::vector<TopicPartition> partitions = lagPartitions(call->group, call->committed);
  if (partitions.empty()) return finish(call, {});  // nothing to ask a leader about
  listOffsets(*call->client, partitions, kLatestTimestamp, [call](Result<LogOffsets> logEnd) {
    if (!logEnd) return call->done(logEnd.status());
    finish(call, *logEnd);
  });
}

}  // namespace

std::vector<TopicPartition> lagPartitions(const GroupDescription& group, const CommittedOffsets& committed) {
  std::set<TopicPartition> all;
  for (const auto& [tp, offset] : committed) all.insert(tp);
  for (const GroupMember& m : group.members) all.insert(m.assignment.begin(), m.assignment.end());
  return {all.begin(), all.end()};
}

std::vector<PartitionLag> computeLag(const GroupDescription& group, const CommittedOffsets& committed,
                                     const LogOffsets& logEndOffsets) {
  std::map<TopicPartition, PartitionOwner> owners;
  for (const GroupMember& m : group.members) {
    for (const TopicPartition& tp : m.assignment) owners.emplace(tp, PartitionOwner{m.memberId, m.clientHost, m.clientId});
  }
  std::vector<PartitionLag> rows;
  for (const TopicPartition& tp : lagPartitions(group, committed)) {
    PartitionLag& row = rows.emplace_back();
    row.topicPartition = tp;
    if (auto c = committed.find(tp); c != committed.end()) row.committedOffset = c->second;
    if (auto e = logEndOffsets.find(tp); e != logEndOffsets.end()) row.logEndOffset = e->second;
    if (row.committedOffset && row.logEndOffset)
      row.lag = row.logEndOffset->value() - row.committedOffset->value();
    if (auto o = owners.find(tp); o != owners.end()) row.owner = o->second;
  }
  return rows;
}

void fetchGroupLag(std::shared_ptr<KafkaClient> client, const std::string& groupId,
                   std::function<void(Result<GroupLag>)> done) {
  auto call = std::make_shared<LagCall>(LagCall{std::move(client), std::move(done), {}, {}});
  describeGroup(*call->client, groupId, [call, groupId](Result<GroupDescription> group) {
    if (!group) return call->done(group.status());
    call->group = std::move(*group);
    fetchCommittedOffsets(*call->client, groupId, [call](Result<CommittedOffsets> committed) {
      onCommitted(call, std::move(committed));
    });
  });
}

}  // namespace pier::client
