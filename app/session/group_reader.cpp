#include "session/group_reader.h"

#include "session/admin_call.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <map>

namespace pier {

namespace {

KafkaError listGroups(rd_kafka_t* rk, int timeoutMs, QList<GroupInfo>& out) {
  return runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) { rd_kafka_ListConsumerGroups(rk, options, queue); },
      [&](rd_kafka_event_t* event) {
        const auto* result = rd_kafka_event_ListConsumerGroups_result(event);
        size_t count = 0;
        const auto** valid = rd_kafka_ListConsumerGroups_result_valid(result, &count);
        for (size_t i = 0; i < count; ++i) {
          GroupInfo g;
          g.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i]));
          g.simple = rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]) != 0;
          g.state = QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(valid[i])));
          out.append(g);
        }
        size_t errorCount = 0;
        const auto** errors = rd_kafka_ListConsumerGroups_result_errors(result, &errorCount);
        return errorCount > 0 && out.isEmpty() ? kafkaErrorOf(rd_kafka_error_code(errors[0]), rd_kafka_error_string(errors[0]))
                                               : KafkaError{};
      });
}

GroupMember memberOf(const rd_kafka_MemberDescription_t* m) {
  GroupMember member;
  member.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(m));
  const char* instance = rd_kafka_MemberDescription_group_instance_id(m);
  member.instanceId = instance ? QString::fromUtf8(instance) : QString();
  member.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(m));
  member.host = QString::fromUtf8(rd_kafka_MemberDescription_host(m));
  if (const auto* assignment = rd_kafka_MemberDescription_assignment(m)) {
    if (const auto* partitions = rd_kafka_MemberAssignment_partitions(assignment)) {
      for (int i = 0; i < partitions->cnt; ++i) {
        member.assignment.append({QString::fromUtf8(partitions->elems[i].topic), partitions->elems[i].partition});
      }
    }
  }
  return member;
}

KafkaError describeGroups(rd_kafka_t* rk, int timeoutMs, QList<GroupInfo>& groups) {
  std::vector<QByteArray> ids;
  std::vector<const char*> names;
  for (const GroupInfo& g : groups) {
    ids.push_back(g.groupId.toUtf8());
  }
  for (const QByteArray& id : ids) {
    names.push_back(id.constData());
  }
  return runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DescribeConsumerGroups(rk, names.data(), names.size(), options, queue);
      },
      [&](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** described =
            rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
          const QString id = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(described[i]));
          auto g = std::find_if(groups.begin(), groups.end(), [&](const GroupInfo& x) { return x.groupId == id; });
          if (g == groups.end()) {
            continue;
          }
          if (const rd_kafka_error_t* e = rd_kafka_ConsumerGroupDescription_error(described[i])) {
            g->error = QString::fromUtf8(rd_kafka_error_name(e));
            continue;
          }
          g->state = QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(described[i])));
          g->assignor = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_partition_assignor(described[i]));
          for (size_t m = 0; m < rd_kafka_ConsumerGroupDescription_member_count(described[i]); ++m) {
            g->members.append(memberOf(rd_kafka_ConsumerGroupDescription_member(described[i], m)));
          }
        }
        return KafkaError{};
      });
}

KafkaError committedOffsets(rd_kafka_t* rk, int timeoutMs, GroupInfo& group) {
  const QByteArray id = group.groupId.toUtf8();
  rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(id.constData(), nullptr);
  KafkaError result = runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options, queue);
      },
      [&](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** results =
            rd_kafka_ListConsumerGroupOffsets_result_groups(rd_kafka_event_ListConsumerGroupOffsets_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
          const auto* partitions = rd_kafka_group_result_partitions(results[i]);
          for (int p = 0; partitions != nullptr && p < partitions->cnt; ++p) {
            const rd_kafka_topic_partition_t& tp = partitions->elems[p];
            if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0) {
              group.partitions.append({QString::fromUtf8(tp.topic), tp.partition, tp.offset, -1, {}});
            }
          }
        }
        return KafkaError{};
      });
  rd_kafka_ListConsumerGroupOffsets_destroy(request);
  return result;
}

// Every partition with a commit or an owner, with its log end offset and owner.
void completePartitions(GroupInfo& g, const ClusterSnapshot& snapshot) {
  for (const GroupMember& m : g.members) {
    for (const auto& [topic, partition] : m.assignment) {
      auto it = std::find_if(g.partitions.begin(), g.partitions.end(),
                             [&](const GroupPartition& p) { return p.topic == topic && p.partition == partition; });
      if (it == g.partitions.end()) {
        g.partitions.append({topic, partition, -1, -1, m.memberId});
      } else {
        it->memberId = m.memberId;
      }
    }
  }
  for (GroupPartition& p : g.partitions) {
    p.logEndOffset = snapshot.highWatermark(p.topic, p.partition);
  }
  std::sort(g.partitions.begin(), g.partitions.end(), [](const GroupPartition& a, const GroupPartition& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
  });
}

}  // namespace

GroupsResult readGroups(rd_kafka_t* rk, const ClusterSnapshot& snapshot, int timeoutMs) {
  GroupsResult result;
  result.error = listGroups(rk, timeoutMs, result.groups);
  if (!result.error.name.isEmpty() || result.groups.isEmpty()) {
    return result;
  }
  std::sort(result.groups.begin(), result.groups.end(),
            [](const GroupInfo& a, const GroupInfo& b) { return a.groupId < b.groupId; });
  if (KafkaError e = describeGroups(rk, timeoutMs, result.groups); !e.name.isEmpty()) {
    result.error = e;  // the listing stands; members are unknown
  }
  for (GroupInfo& g : result.groups) {
    if (KafkaError e = committedOffsets(rk, timeoutMs, g); !e.name.isEmpty() && g.error.isEmpty()) {
      g.error = e.name;
    }
    completePartitions(g, snapshot);
  }
  return result;
}

KafkaError deleteGroup(rd_kafka_t* rk, const QString& groupId, int timeoutMs) {
  rd_kafka_DeleteGroup_t* group = rd_kafka_DeleteGroup_new(groupId.toUtf8().constData());
  KafkaError result = runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_DELETEGROUPS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteGroups(rk, &group, 1, options, queue);
      },
      [](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** results = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
          if (const rd_kafka_error_t* e = rd_kafka_group_result_error(results[i])) {
            return kafkaErrorOf(rd_kafka_error_code(e), rd_kafka_error_string(e));
          }
        }
        return KafkaError{};
      });
  rd_kafka_DeleteGroup_destroy(group);
  return result;
}

}  // namespace pier
