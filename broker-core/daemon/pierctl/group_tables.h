#pragma once
// The text of `pierctl consumer-groups`: kafka-consumer-groups.sh's tables and state messages,
// column for column. Kafka pads every column to the longest value in it (at least 15 wide for
// names, 10 for PARTITION, 15 for the numbers) with one space between columns, leaves the last
// column unpadded, prints "-" for a missing value, and starts each table with a blank line.
// Follows Kafka's current ConsumerGroupCommand (3.9+), which also ends every table with a
// newline and prints --reset-offsets one row per line (3.8 did neither).
//
// Pure functions from client/ values to strings, so the layout is unit-tested without a broker.

#include <cstddef>
#include <string>
#include <vector>

#include "client/group_admin.h"
#include "client/group_lag.h"

namespace pier::pierctl {

// One line of the --describe (offsets) table, every column as printed.
struct OffsetsRow {
  std::string group;
  std::string topic;
  std::string partition;
  std::string currentOffset;
  std::string logEndOffset;
  std::string lag;
  std::string consumerId;
  std::string host;
  std::string clientId;
};

// Kafka's order: members with partitions, most partitions first (ties in DescribeGroups'
// order), each member's partitions by topic and partition; then committed partitions no member
// owns, with "-" for consumer, host and client.
std::vector<OffsetsRow> offsetsRows(const client::GroupLag& lag);

// "\nGROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID" (padded),
// one line per row, then "\n".
std::string formatOffsetsTable(const std::vector<OffsetsRow>& rows);

// --describe --members: GROUP CONSUMER-ID [GROUP-INSTANCE-ID] HOST CLIENT-ID #PARTITIONS, the
// instance id column only when a member has one. Printed even for a group without members, as
// Kafka prints it.
std::string formatMembersTable(const client::GroupDescription& group);

// --describe --state: GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS.
std::string formatStateTable(const client::GroupDescription& group, const client::Coordinator& coordinator);

// --list: group ids one per line; with --state, a GROUP / STATE table.
std::string formatGroupList(const std::vector<client::GroupListing>& groups, bool withState);

// --reset-offsets: GROUP TOPIC PARTITION NEW-OFFSET, by topic and partition.
std::string formatResetTable(const std::string& group, const client::CommittedOffsets& offsets);

// What Kafka says about a group's state before a describe table (its shouldPrintMemberState).
struct StateCheck {
  std::string message;      // for stderr; "" when there is nothing to say
  bool error = false;       // the group does not exist, or its state is not a consumer group's
  bool printTable = false;  // the group exists and there are rows
};
StateCheck checkGroupState(const std::string& group, const std::string& state, std::size_t rows);

}  // namespace pier::pierctl
