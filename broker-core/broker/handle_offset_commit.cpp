// OffsetCommit: stores a group's consumed positions in __consumer_offsets. Partitions of topics
// this broker does not have get UNKNOWN_TOPIC_OR_PARTITION and are not stored, as in Kafka; the
// rest go to the coordinator, which checks the member and generation (v0, and any commit with
// generation -1 and no member id, is a "simple" commit outside group membership) and each
// metadata's size (OFFSET_METADATA_TOO_LARGE past offset.metadata.max.bytes). The commit time
// is the broker's: v1's per-partition timestamps and v2-4's retention time are ignored, as
// Kafka 3 ignores them; offsets.retention.minutes decides.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "broker/partition_answers.h"
#include "protocol/kafka/generated/offset_commit_request.h"
#include "protocol/kafka/generated/offset_commit_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

using Commits = std::vector<std::pair<TopicPartition, group::CommittedOffset>>;

group::CommittedOffset committedOffset(const OffsetCommitRequest::OffsetCommitRequestPartition& p,
                                       int64_t nowMs) {
  group::CommittedOffset c;
  c.offset = p.committedOffset;
  c.leaderEpoch = p.committedLeaderEpoch;
  c.metadata = p.committedMetadata.value_or("");  // Kafka stores a null as ""
  c.commitTimestampMs = nowMs;
  return c;
}

}  // namespace

Status KafkaApis::onOffsetCommit(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(OffsetCommitRequest body,
                        decodeRequestBody<OffsetCommitRequest>(req.body, req.apiVersion()));
  const int64_t now = nowMs();
  Commits commits;
  std::vector<bool> known;
  for (const auto& topic : body.topics) {
    for (const auto& p : topic.partitions) {
      TopicPartition tp{topic.name, PartitionIndex(p.partitionIndex)};
      known.push_back(m_topics.log(tp) != nullptr);
      if (known.back()) commits.emplace_back(std::move(tp), committedOffset(p, now));
    }
  }
  // Nothing to store: the coordinator is not asked, so no group springs into being.
  std::vector<Status> results;
  if (!commits.empty()) {
    const group::MemberIdentity member{body.memberId, body.groupInstanceId};
    results =
        m_groups.commitOffsets(body.groupId, member, body.generationIdOrMemberEpoch, commits, now);
  }
  OffsetCommitResponse resp;
  resp.topics = answerPartitions<OffsetCommitResponse::OffsetCommitResponseTopic>(body.topics, known, results);
  return respond(req, reply, resp);
}

}  // namespace pier::broker
