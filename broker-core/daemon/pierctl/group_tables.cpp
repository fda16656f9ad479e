#include "daemon/pierctl/group_tables.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace pier::pierctl {

namespace {

constexpr std::string_view kMissing = "-";  // Kafka's MISSING_COLUMN_VALUE
constexpr std::size_t kNameWidth = 15;
constexpr std::size_t kPartitionWidth = 10;
constexpr std::size_t kNumberWidth = 15;
constexpr std::size_t kUnpadded = 0;

// Java's String.length(): UTF-16 code units, which is what Kafka's %-Ns pads to. A UTF-8 lead
// byte of a 4-byte sequence is a surrogate pair; continuation bytes count nothing.
std::size_t javaLength(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

std::string padded(const std::string& s, std::size_t width) {
  const std::size_t n = javaLength(s);
  return n >= width ? s : s + std::string(width - n, ' ');
}

// One line: values padded to their widths (kUnpadded: as is), one space apart.
std::string line(const std::vector<std::string>& values, const std::vector<std::size_t>& widths) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += padded(values[i], widths[i]);
  }
  return out;
}

// Kafka prints each table line as "%n<line>" and ends with a newline.
std::string table(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "\n" + l;
  return out + "\n";
}

template <typename T>
std::string orMissing(const std::optional<T>& v) {
  return v ? std::to_string(v->value()) : std::string(kMissing);
}

OffsetsRow rowOf(const std::string& group, const client::PartitionLag& p, const client::PartitionOwner& who) {
  return OffsetsRow{group,
                    p.topicPartition.topic,
                    std::to_string(p.topicPartition.partition.value()),
                    orMissing(p.committedOffset),
                    orMissing(p.logEndOffset),
                    p.lag ? std::to_string(*p.lag) : std::string(kMissing),
                    who.memberId,
                    who.clientHost,
                    who.clientId};
}

}  // namespace

std::vector<OffsetsRow> offsetsRows(const client::GroupLag& lag) {
  const std::string& group = lag.group.groupId;
  std::vector<const client::GroupMember*> members;
  for (const client::GroupMember& m : lag.group.members) {
    if (!m.assignment.empty()) members.push_back(&m);
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const auto* a, const auto* b) { return a->assignment.size() > b->assignment.size(); });
  std::map<TopicPartition, const client::PartitionLag*> byPartition;
  for (const client::PartitionLag& p : lag.partitions) byPartition[p.topicPartition] = &p;
  std::vector<OffsetsRow> rows;
  std::set<TopicPartition> assigned;
  for (const client::GroupMember* m : members) {
    const client::PartitionOwner who{m->memberId, m->clientHost, m->clientId};
    for (const TopicPartition& tp : m->assignment) {  // sorted by decodeConsumerAssignment
      assigned.insert(tp);
      if (auto p = byPartition.find(tp); p != byPartition.end()) rows.push_back(rowOf(group, *p->second, who));
    }
  }
  const client::PartitionOwner nobody{std::string(kMissing), std::string(kMissing), std::string(kMissing)};
  for (const client::PartitionLag& p : lag.partitions) {
    if (!assigned.count(p.topicPartition) && p.committedOffset) rows.push_back(rowOf(group, p, nobody));
  }
  return rows;
}

std::string formatOffsetsTable(const std::vector<OffsetsRow>& rows) {
  std::size_t groupW = kNameWidth, topicW = kNameWidth, consumerW = kNameWidth, hostW = kNameWidth;
  for (const OffsetsRow& r : rows) {
    groupW = std::max(groupW, javaLength(r.group));
    topicW = std::max(topicW, javaLength(r.topic));
    consumerW = std::max(consumerW, javaLength(r.consumerId));
    hostW = std::max(hostW, javaLength(r.host));
  }
  const std::vector<std::size_t> widths{groupW,       topicW,    kPartitionWidth, kNumberWidth, kNumberWidth,
                                        kNumberWidth, consumerW, hostW,           kUnpadded};
  std::vector<std::string> lines{line({"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                                       "CONSUMER-ID", "HOST", "CLIENT-ID"},
                                      widths)};
  for (const OffsetsRow& r : rows) {
    lines.push_back(line({r.group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag, r.consumerId, r.host,
                          r.clientId},
                         widths));
  }
  return table(lines);
}

std::string formatMembersTable(const client::GroupDescription& group) {
  std::size_t groupW = kNameWidth, consumerW = kNameWidth, instanceW = 17, hostW = kNameWidth, clientW = kNameWidth;
  bool withInstance = false;
  for (const client::GroupMember& m : group.members) {
    groupW = std::max(groupW, javaLength(group.groupId));
    consumerW = std::max(consumerW, javaLength(m.memberId));
    instanceW = std::max(instanceW, javaLength(m.groupInstanceId.value_or("")));
    hostW = std::max(hostW, javaLength(m.clientHost));
    clientW = std::max(clientW, javaLength(m.clientId));
    withInstance = withInstance || !m.groupInstanceId.value_or("").empty();
  }
  // Kafka's format ends "%-15s " here: #PARTITIONS is padded and followed by a space.
  auto row = [&](std::vector<std::string> v) {
    if (!withInstance) v.erase(v.begin() + 2);
    std::vector<std::size_t> widths{groupW, consumerW, instanceW, hostW, clientW, kNameWidth};
    if (!withInstance) widths.erase(widths.begin() + 2);
    return line(v, widths) + " ";
  };
  std::vector<std::string> lines{row({"GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"})};
  for (const client::GroupMember& m : group.members) {
    lines.push_back(row({group.groupId, m.memberId, m.groupInstanceId.value_or(""), m.clientHost, m.clientId,
                         std::to_string(m.assignment.size())}));
  }
  return table(lines);
}

std::string formatStateTable(const client::GroupDescription& group, const client::Coordinator& coordinator) {
  const std::string node = fmt::format("{}:{}  ({})", coordinator.host, coordinator.port, coordinator.nodeId.value());
  const std::vector<std::size_t> widths{std::max(kNameWidth, javaLength(group.groupId)),
                                        std::max<std::size_t>(25, javaLength(node)), 20, 20, kUnpadded};
  const std::string strategy = group.protocol.empty() ? std::string(kMissing) : group.protocol;
  return table({line({"GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"}, widths),
                line({group.groupId, node, strategy, group.state, std::to_string(group.members.size())}, widths)});
}

std::string formatGroupList(const std::vector<client::GroupListing>& groups, bool withState) {
  std::string out;
  if (!withState) {
    for (const client::GroupListing& g : groups) out += g.groupId + "\n";
    return out;
  }
  std::size_t groupW = kNameWidth;
  for (const client::GroupListing& g : groups) groupW = std::max(groupW, javaLength(g.groupId));
  const std::vector<std::size_t> widths{groupW + 10, 20};  // Kafka: longest id + 10, then " %-20s"
  out += line({"GROUP", "STATE"}, widths) + "\n";
  for (const client::GroupListing& g : groups) out += line({g.groupId, g.state}, widths) + "\n";
  return out;
}

std::string formatResetTable(const std::string& group, const client::CommittedOffsets& offsets) {
  std::size_t topicW = kNameWidth;
  for (const auto& [tp, offset] : offsets) topicW = std::max(topicW, javaLength(tp.topic));
  const std::vector<std::size_t> widths{std::max(kNameWidth, javaLength(group)), topicW, kPartitionWidth, kUnpadded};
  std::vector<std::string> lines{line({"GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"}, widths)};
  for (const auto& [tp, offset] : offsets) {
    lines.push_back(line({group, tp.topic, std::to_string(tp.partition.value()), std::to_string(offset.value())}, widths));
  }
  return table(lines);
}

StateCheck checkGroupState(const std::string& group, const std::string& state, std::size_t rows) {
  if (state == "Dead") return {fmt::format("\nError: Consumer group '{}' does not exist.\n", group), true, false};
  if (state == "Empty") return {fmt::format("\nConsumer group '{}' has no active members.\n", group), false, rows > 0};
  if (state == "PreparingRebalance" || state == "CompletingRebalance" || state == "Assigning" || state == "Reconciling")
    return {fmt::format("\nWarning: Consumer group '{}' is rebalancing.\n", group), false, rows > 0};
  if (state == "Stable") return {"", false, rows > 0};
  return {fmt::format("\nError: Executing consumer group command failed due to Expected a valid consumer group state, "
                      "but found '{}'.\n",
                      state),
          true, false};
}

}  // namespace pier::pierctl
