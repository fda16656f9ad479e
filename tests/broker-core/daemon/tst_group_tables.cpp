// pierctl consumer-groups' text, pinned to the byte against what kafka-consumer-groups.sh
// prints: the lag table's row order (members with most partitions first, then committed
// partitions nobody owns) and column widths (grown by long values, counted in UTF-16 units as
// Java does), "-" for missing values; the members, state, list and reset tables; the state
// messages; and the --topic / --to-datetime parsers.
#include <QtTest>

#include "client/group_lag.h"
#include "daemon/pierctl/group_tables.h"
#include "daemon/pierctl/offsets_reset.h"

using namespace pier;
using namespace pier::pierctl;
using client::GroupDescription;
using client::GroupMember;

namespace {

TopicPartition tp(const std::string& topic, int32_t partition) { return TopicPartition{topic, PartitionIndex(partition)}; }

GroupMember member(const std::string& id, const std::string& host, const std::string& clientId,
                   std::vector<TopicPartition> assignment, std::optional<std::string> instance = std::nullopt) {
  return GroupMember{id, std::move(instance), clientId, host, std::move(assignment)};
}

// Two members (the second owns more), one partition without a commit, one committed partition
// nobody owns whose leader did not answer.
client::GroupLag billingLag() {
  GroupDescription group{"billing", "Stable", "consumer", "range",
                         {member("kp-1-aaaa", "/127.0.0.1", "kp-1", {tp("orders", 1)}),
                          member("kp-2-consumer-with-long-id", "/10.0.0.2", "kp-2", {tp("orders", 0), tp("orders", 2)})}};
  const client::CommittedOffsets committed{{tp("orders", 0), Offset(5)}, {tp("orders", 2), Offset(7)},
                                           {tp("archive", 0), Offset(3)}};
  const client::LogOffsets logEnd{{tp("orders", 0), Offset(10)}, {tp("orders", 1), Offset(4)},
                                  {tp("orders", 2), Offset(7)}, {tp("archive", 0), std::nullopt}};
  return client::GroupLag{group, client::computeLag(group, committed, logEnd)};
}

}  // namespace

class TestGroupTables : public QObject {
  Q_OBJECT

 private slots:
  void offsetsTableOrderAndWidths() {
    QCOMPARE(formatOffsetsTable(offsetsRows(billingLag())),
             std::string("\n"
                         "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                HOST            CLIENT-ID\n"
                         "billing         orders          0          5               10              5               kp-2-consumer-with-long-id /10.0.0.2       kp-2\n"
                         "billing         orders          2          7               7               0               kp-2-consumer-with-long-id /10.0.0.2       kp-2\n"
                         "billing         orders          1          -               4               -               kp-1-aaaa                  /127.0.0.1      kp-1\n"
                         "billing         archive         0          3               -               -               -                          -               -\n"));
  }

  // Java pads to UTF-16 code units: "组-lag" is 5 long, so 10 spaces make 15.
  void widthsCountJavaCharacters() {
    client::GroupLag lag{GroupDescription{"组-lag", "Empty", "", "", {}},
                         {client::PartitionLag{tp("a-topic-name-of-20ch", 0), Offset(1), Offset(2), 1, std::nullopt}}};
    QCOMPARE(formatOffsetsTable(offsetsRows(lag)),
             std::string("\n"
                         "GROUP           TOPIC                PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n"
                         "组-lag           a-topic-name-of-20ch 0          1               2               1               -               -               -\n"));
  }

  // An assigned partition without a commit shows; a member without partitions does not.
  void rowsFollowAssignments() {
    client::GroupLag lag = billingLag();
    lag.group.members.push_back(member("idle", "/127.0.0.1", "kp-3", {}));
    const std::vector<OffsetsRow> rows = offsetsRows(lag);
    QCOMPARE(rows.size(), std::size_t(4));
    for (const OffsetsRow& r : rows) QVERIFY(r.consumerId != "idle");
    QCOMPARE(rows[2].currentOffset, std::string("-"));
    QCOMPARE(rows[3].consumerId, std::string("-"));
  }

  void membersTable() {
    GroupDescription plain{"billing", "Stable", "consumer", "range",
                           {member("m-1", "/127.0.0.1", "c1", {tp("t", 0), tp("t", 1)})}};
    QCOMPARE(formatMembersTable(plain),
             std::string("\n"
                         "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n"
                         "billing         m-1             /127.0.0.1      c1              2               \n"));
    GroupDescription withStatic{"billing", "Stable", "consumer", "range",
                                {member("m-1", "/127.0.0.1", "c1", {tp("t", 0), tp("t", 1)}, "static-1"),
                                 member("m-2", "/127.0.0.1", "c2", {})}};
    QCOMPARE(formatMembersTable(withStatic),
             std::string("\n"
                         "GROUP           CONSUMER-ID     GROUP-INSTANCE-ID HOST            CLIENT-ID       #PARTITIONS     \n"
                         "billing         m-1             static-1          /127.0.0.1      c1              2               \n"
                         "billing         m-2                               /127.0.0.1      c2              0               \n"));
    QCOMPARE(formatMembersTable(GroupDescription{"billing", "Empty", "consumer", "", {}}),
             std::string("\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n"));
  }

  void stateTable() {
    GroupDescription group{"billing", "Stable", "consumer", "range",
                           {member("m-1", "/127.0.0.1", "c1", {}), member("m-2", "/127.0.0.1", "c2", {})}};
    const client::Coordinator coordinator{NodeId(0), "127.0.0.1", 9092};
    QCOMPARE(formatStateTable(group, coordinator),
             std::string("\n"
                         "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\n"
                         "billing         127.0.0.1:9092  (0)       range                Stable               2\n"));
    group.protocol = "";
    group.members.clear();
    group.state = "Empty";
    QCOMPARE(formatStateTable(group, coordinator),
             std::string("\n"
                         "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS\n"
                         "billing         127.0.0.1:9092  (0)       -                    Empty                0\n"));
  }

  void groupList() {
    const std::vector<client::GroupListing> groups{{"a", "consumer", "Empty"}, {"billing-team-ledger", "", "Stable"}};
    QCOMPARE(formatGroupList(groups, false), std::string("a\nbilling-team-ledger\n"));
    QCOMPARE(formatGroupList(groups, true),
             std::string("GROUP                         STATE               \n"
                         "a                             Empty               \n"
                         "billing-team-ledger           Stable              \n"));
    QCOMPARE(formatGroupList({}, true), std::string("GROUP                     STATE               \n"));
  }

  void resetTable() {
    const client::CommittedOffsets plan{{tp("orders", 1), Offset(4)}, {tp("archive", 0), Offset(0)},
                                        {tp("orders", 0), Offset(12)}};
    QCOMPARE(formatResetTable("billing", plan),
             std::string("\n"
                         "GROUP           TOPIC           PARTITION  NEW-OFFSET\n"
                         "billing         archive         0          0\n"
                         "billing         orders          0          12\n"
                         "billing         orders          1          4\n"));
  }

  void stateMessages() {
    StateCheck dead = checkGroupState("g", "Dead", 0);
    QCOMPARE(dead.message, std::string("\nError: Consumer group 'g' does not exist.\n"));
    QVERIFY(dead.error && !dead.printTable);
    StateCheck empty = checkGroupState("g", "Empty", 0);
    QCOMPARE(empty.message, std::string("\nConsumer group 'g' has no active members.\n"));
    QVERIFY(!empty.error && !empty.printTable);
    QVERIFY(checkGroupState("g", "Empty", 2).printTable);
    StateCheck rebalancing = checkGroupState("g", "CompletingRebalance", 1);
    QCOMPARE(rebalancing.message, std::string("\nWarning: Consumer group 'g' is rebalancing.\n"));
    QVERIFY(rebalancing.printTable);
    StateCheck stable = checkGroupState("g", "Stable", 1);
    QVERIFY(stable.message.empty() && stable.printTable && !stable.error);
    QVERIFY(checkGroupState("g", "Sideways", 1).error);
  }

  void topicPartitionArguments() {
    auto parsed = parseTopicPartitions("orders:2,0");
    QVERIFY(parsed);
    QVERIFY((*parsed == std::vector<TopicPartition>{tp("orders", 2), tp("orders", 0)}));
    QCOMPARE(parseTopicPartitions("orders:x").status().message(),
             std::string("Invalid partition 'x' specified in topic arg 'orders:x''"));
    QCOMPARE(parseTopicPartitions("orders:").status().message(),
             std::string("Invalid topic arg 'orders:', expected topic name and partitions"));
    QVERIFY(!parseTopicPartitions("a:1:2"));
    QVERIFY(!parseTopicPartitions("a:1,,2"));
  }

  void dateTimes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("utc") << "2024-03-01T12:00:00.000Z" << true << qint64(1709294400000);
    QTest::newRow("+02:30") << "2024-03-01T14:30:00.250+02:30" << true << qint64(1709294400250);
    QTest::newRow("-0500") << "2024-03-01T07:00:00.000-0500" << true << qint64(1709294400000);
    QTest::newRow("+01") << "2024-03-01T13:00:00.000+01" << true << qint64(1709294400000);
    QTest::newRow("before 1970") << "1969-12-31T23:59:59.999Z" << true << qint64(-1);
    QTest::newRow("leap day") << "2000-02-29T00:00:00.000Z" << true << qint64(951782400000);
    QTest::newRow("no zone") << "2024-03-01T12:00:00.000" << false << qint64(0);
    QTest::newRow("no millis") << "2024-03-01T12:00:00Z" << false << qint64(0);
    QTest::newRow("month 13") << "2024-13-01T12:00:00.000Z" << false << qint64(0);
    QTest::newRow("junk zone") << "2024-03-01T12:00:00.000+2" << false << qint64(0);
  }

  void dateTimes() {
    QFETCH(QString, text);
    QFETCH(bool, parses);
    QFETCH(qint64, ms);
    auto parsed = parseDateTime(text.toStdString());
    QCOMPARE(parsed.isOk(), parses);
    if (parsed) QCOMPARE(*parsed, int64_t(ms));
  }
};

QTEST_APPLESS_MAIN(TestGroupTables)
#include "tst_group_tables.moc"
