#include "client/group_admin.h"

#include <algorithm>

#include <fmt/format.h>

#include "client/kafka_error.h"
#include "protocol/kafka/generated/delete_groups_request.h"
#include "protocol/kafka/generated/delete_groups_response.h"
#include "protocol/kafka/generated/describe_groups_request.h"
#include "protocol/kafka/generated/describe_groups_response.h"
#include "protocol/kafka/generated/find_coordinator_request.h"
#include "protocol/kafka/generated/find_coordinator_response.h"
#include "protocol/kafka/generated/list_groups_request.h"
#include "protocol/kafka/generated/list_groups_response.h"
#include "protocol/kafka/generated/list_offsets_request.h"
#include "protocol/kafka/generated/list_offsets_response.h"
#include "protocol/kafka/generated/offset_commit_request.h"
#include "protocol/kafka/generated/offset_commit_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/offset_fetch_request.h"
#include "protocol/kafka/generated/offset_fetch_response.h"

namespace pier::client {

using namespace protocol::kafka;

namespace {

// The versions asked for: the newest a Pier broker serves that still carry every field used
// here in one group per request (OffsetFetch v8 batches groups; FindCoordinator v4 batches keys).
constexpr int16_t kDescribeGroupsVersion = 5;
constexpr int16_t kOffsetFetchVersion = 7;
constexpr int16_t kListOffsetsVersion = 7;
constexpr int16_t kOffsetCommitVersion = 8;
constexpr int16_t kListGroupsVersion = 4;
constexpr int16_t kDeleteGroupsVersion = 2;
constexpr int16_t kFindCoordinatorVersion = 3;
constexpr int16_t kMetadataVersion = 12;
constexpr int8_t kGroupKeyType = 0;
constexpr int8_t kReadUncommitted = 0;

// Regroups partitions by topic, in (topic, partition) order, as the requests carry them.
std::map<std::string, std::vector<int32_t>> byTopic(const std::vector<TopicPartition>& partitions) {
  std::map<std::string, std::vector<int32_t>> topics;
  for (const TopicPartition& tp : partitions) topics[tp.topic].push_back(tp.partition.value());
  return topics;
}

GroupMember memberOf(const DescribeGroupsResponse::DescribedGroupMember& m, bool consumerProtocol) {
  GroupMember member{m.memberId, m.groupInstanceId, m.clientId, m.clientHost, {}};
  if (consumerProtocol) {
    auto assignment = decodeConsumerAssignment(m.memberAssignment);
    if (assignment) member.assignment = std::move(*assignment);
  }
  return member;
}

Result<GroupDescription> toDescription(const DescribeGroupsResponse& resp, const std::string& groupId) {
  if (resp.groups.size() != 1 || resp.groups[0].groupId != groupId) {
    return Status(ClientError::UnexpectedAnswer, fmt::format("DescribeGroups: no answer for group '{}'", groupId));
  }
  const auto& g = resp.groups[0];
  if (g.errorCode != 0) return brokerError("DescribeGroups", g.errorCode);
  GroupDescription d{g.groupId, g.groupState, g.protocolType, g.protocolData, {}};
  for (const auto& m : g.members) d.members.push_back(memberOf(m, g.protocolType == "consumer"));
  return d;
}

Result<CommittedOffsets> toCommitted(const OffsetFetchResponse& resp) {
  if (resp.errorCode != 0) return brokerError("OffsetFetch", resp.errorCode);
  CommittedOffsets out;
  for (const auto& t : resp.topics) {
    for (const auto& p : t.partitions) {
      if (p.errorCode == 0 && p.committedOffset >= 0)
        out[TopicPartition{t.name, PartitionIndex(p.partitionIndex)}] = Offset(p.committedOffset);
    }
  }
  return out;
}

LogOffsets toLogOffsets(const ListOffsetsResponse& resp, const std::vector<TopicPartition>& asked) {
  LogOffsets out;
  for (const TopicPartition& tp : asked) out[tp] = std::nullopt;  // unanswered: unknown
  for (const auto& t : resp.topics) {
    for (const auto& p : t.partitions) {
      auto it = out.find(TopicPartition{t.name, PartitionIndex(p.partitionIndex)});
      if (it != out.end() && p.errorCode == 0 && p.offset >= 0) it->second = Offset(p.offset);
    }
  }
  return out;
}

Result<std::vector<TopicLayout>> toLayouts(const MetadataResponse& resp) {
  std::vector<TopicLayout> out;
  for (const auto& t : resp.topics) {
    if (t.errorCode != 0) return brokerError("Metadata " + t.name.value_or(""), t.errorCode);
    TopicLayout& layout = out.emplace_back(TopicLayout{t.name.value_or(""), {}});
    for (const auto& p : t.partitions) layout.leaders[PartitionIndex(p.partitionIndex)] = p.leaderId;
  }
  return out;
}

}  // namespace

void describeGroup(KafkaClient& client, const std::string& groupId, std::function<void(Result<GroupDescription>)> done) {
  DescribeGroupsRequest req;
  req.groups = {groupId};
  client.call<DescribeGroupsRequest, DescribeGroupsResponse>(
      req, kDescribeGroupsVersion, [groupId, done](Result<DescribeGroupsResponse> resp) {
        done(resp ? toDescription(*resp, groupId) : Result<GroupDescription>(resp.status()));
      });
}

void fetchCommittedOffsets(KafkaClient& client, const std::string& groupId,
                           std::function<void(Result<CommittedOffsets>)> done) {
  OffsetFetchRequest req;
  req.groupId = groupId;
  req.topics = std::nullopt;  // every committed partition
  client.call<OffsetFetchRequest, OffsetFetchResponse>(req, kOffsetFetchVersion, [done](Result<OffsetFetchResponse> resp) {
    done(resp ? toCommitted(*resp) : Result<CommittedOffsets>(resp.status()));
  });
}

void listOffsets(KafkaClient& client, const std::vector<TopicPartition>& partitions, int64_t timestamp,
                 std::function<void(Result<LogOffsets>)> done) {
  ListOffsetsRequest req;
  req.replicaId = NodeId(-1);  // a consumer, not a follower
  req.isolationLevel = kReadUncommitted;
  for (const auto& [topic, indexes] : byTopic(partitions)) {
    ListOffsetsRequest::ListOffsetsTopic& t = req.topics.emplace_back();
    t.name = topic;
    for (int32_t p : indexes) {
      ListOffsetsRequest::ListOffsetsPartition& asked = t.partitions.emplace_back();
      asked.partitionIndex = p;
      asked.timestamp = timestamp;
    }
  }
  client.call<ListOffsetsRequest, ListOffsetsResponse>(
      req, kListOffsetsVersion, [partitions, done](Result<ListOffsetsResponse> resp) {
        done(resp ? Result<LogOffsets>(toLogOffsets(*resp, partitions)) : Result<LogOffsets>(resp.status()));
      });
}

void commitOffsets(KafkaClient& client, const std::string& groupId, const CommittedOffsets& offsets,
                   std::function<void(Result<PartitionErrors>)> done) {
  commitOffsets(client, groupId, CommitIdentity{}, offsets, std::move(done));
}

void commitOffsets(KafkaClient& client, const std::string& groupId, const CommitIdentity& who,
                   const CommittedOffsets& offsets, std::function<void(Result<PartitionErrors>)> done) {
  OffsetCommitRequest req;
  req.groupId = groupId;
  req.generationIdOrMemberEpoch = who.generationId;
  req.memberId = who.memberId;
  req.groupInstanceId = who.groupInstanceId;
  for (const auto& [tp, offset] : offsets) {
    if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.emplace_back().name = tp.topic;
    OffsetCommitRequest::OffsetCommitRequestPartition& p = req.topics.back().partitions.emplace_back();
    p.partitionIndex = tp.partition.value();
    p.committedOffset = offset.value();
    p.committedMetadata = "";
  }
  client.call<OffsetCommitRequest, OffsetCommitResponse>(
      req, kOffsetCommitVersion, [done](Result<OffsetCommitResponse> resp) {
        if (!resp) return done(resp.status());
        PartitionErrors errors;
        for (const auto& t : resp->topics) {
          for (const auto& p : t.partitions) errors[TopicPartition{t.name, PartitionIndex(p.partitionIndex)}] = p.errorCode;
        }
        done(errors);
      });
}

void listGroups(KafkaClient& client, const std::vector<std::string>& states,
                std::function<void(Result<std::vector<GroupListing>>)> done) {
  ListGroupsRequest req;
  req.statesFilter = states;
  client.call<ListGroupsRequest, ListGroupsResponse>(req, kListGroupsVersion, [done](Result<ListGroupsResponse> resp) {
    if (!resp) return done(resp.status());
    if (resp->errorCode != 0) return done(brokerError("ListGroups", resp->errorCode));
    std::vector<GroupListing> groups;
    for (const auto& g : resp->groups) groups.push_back(GroupListing{g.groupId, g.protocolType, g.groupState});
    done(groups);
  });
}

void deleteGroups(KafkaClient& client, const std::vector<std::string>& groupIds, std::function<void(Result<GroupErrors>)> done) {
  DeleteGroupsRequest req;
  req.groupsNames = groupIds;
  client.call<DeleteGroupsRequest, DeleteGroupsResponse>(
      req, kDeleteGroupsVersion, [done](Result<DeleteGroupsResponse> resp) {
        if (!resp) return done(resp.status());
        GroupErrors errors;
        for (const auto& r : resp->results) errors[r.groupId] = r.errorCode;
        done(errors);
      });
}

void topicsMetadata(KafkaClient& client, const std::vector<std::string>& topics,
                    std::function<void(Result<MetadataResponse>)> done) {
  MetadataRequest req;
  req.allowAutoTopicCreation = false;
  req.topics.emplace();
  for (const std::string& topic : topics) req.topics->emplace_back().name = topic;
  client.call<MetadataRequest, MetadataResponse>(req, kMetadataVersion, std::move(done));
}

void describeTopics(KafkaClient& client, const std::vector<std::string>& topics,
                    std::function<void(Result<std::vector<TopicLayout>>)> done) {
  topicsMetadata(client, topics, [done](Result<MetadataResponse> resp) {
    done(resp ? toLayouts(*resp) : Result<std::vector<TopicLayout>>(resp.status()));
  });
}

void findGroupCoordinator(KafkaClient& client, const std::string& groupId, std::function<void(Result<Coordinator>)> done) {
  FindCoordinatorRequest req;
  req.key = groupId;
  req.keyType = kGroupKeyType;
  client.call<FindCoordinatorRequest, FindCoordinatorResponse>(
      req, kFindCoordinatorVersion, [done](Result<FindCoordinatorResponse> resp) {
        if (!resp) return done(resp.status());
        if (resp->errorCode != 0) return done(brokerError("FindCoordinator", resp->errorCode));
        done(Coordinator{resp->nodeId, resp->host, resp->port});
      });
}

}  // namespace pier::client
