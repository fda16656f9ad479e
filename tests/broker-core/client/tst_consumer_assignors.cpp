// The range and roundrobin assignors against the examples of Kafka's RangeAssignor and
// RoundRobinAssignor documentation, member order (static members first, then member ids), more
// members than partitions and topics without a partition count; the sticky assignors keeping
// owned partitions, settling claims by generation, balancing (also across unequal
// subscriptions, over seeded random groups), and cooperative-sticky holding back moving ones; the consumer protocol's
// subscription and assignment bytes (the layout Kafka's ConsumerProtocol writes, older and newer
// versions, seeded random bytes never crashing the decoders).
#include <QtTest>

#include <vector>

#include "base/prng.h"
#include "client/consumer_assignors.h"
#include "client/consumer_protocol.h"

using namespace pier;
using namespace pier::client;

namespace {

TopicPartition tp(const std::string& topic, int32_t partition) { return TopicPartition{topic, PartitionIndex(partition)}; }

AssignorMember dynamicMember(const std::string& id, std::vector<std::string> topics) { return {id, std::nullopt, std::move(topics), {}, -1}; }

AssignorMember owner(const std::string& id, std::vector<std::string> topics, std::vector<TopicPartition> owned,
                     int32_t generation) {
  return {id, std::nullopt, std::move(topics), std::move(owned), generation};
}

// Every partition of `counts` a member subscribes to is held by exactly one subscriber (all
// of them: `complete`), and no member holds two or more more than another that could take one.
QString checkBalanced(const std::vector<AssignorMember>& members, const PartitionCounts& counts,
                      const GroupAssignment& a, bool complete = true) {
  std::map<TopicPartition, int> holders;
  for (const auto& [id, partitions] : a) {
    auto m = std::find_if(members.begin(), members.end(), [&](const AssignorMember& x) { return x.memberId == id; });
    if (m == members.end()) return QString::fromStdString("unknown member " + id);
    for (const TopicPartition& p : partitions) {
      if (std::find(m->topics.begin(), m->topics.end(), p.topic) == m->topics.end())
        return QString::fromStdString(id + " does not subscribe to " + p.topic);
      ++holders[p];
    }
  }
  for (const auto& [topic, count] : counts) {
    const bool wanted = std::any_of(members.begin(), members.end(), [&](const AssignorMember& m) {
      return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
    });
    for (int32_t i = 0; i < count; ++i) {
      const int n = holders[tp(topic, i)];
      if (n > 1 || (complete && wanted && n != 1)) return QString::fromStdString(topic + std::to_string(i) + " held " + std::to_string(n) + " times");
    }
  }
  for (const AssignorMember& from : members) {
    for (const AssignorMember& to : members) {
      const auto& source = a.at(from.memberId);
      if (source.size() < a.at(to.memberId).size() + 2) continue;
      for (const TopicPartition& p : source) {
        if (std::find(to.topics.begin(), to.topics.end(), p.topic) != to.topics.end())
          return QString::fromStdString("unbalanced: " + from.memberId + " could give " + to.memberId + " one");
      }
    }
  }
  return {};
}

std::string show(const GroupAssignment& a) {
  std::string out;
  for (const auto& [member, partitions] : a) {
    out += member + ":";
    for (const TopicPartition& p : partitions) out += " " + p.topic + std::to_string(p.partition.value());
    out += "\n";
  }
  return out;
}

void appendString(std::vector<uint8_t>& out, const std::string& s) {
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

void appendInt32(std::vector<uint8_t>& out, int32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(static_cast<uint32_t>(v) >> shift));
}

// A subscription to ["t"] owning t-0, generation 5, rack "r1", laid out field by field as
// ConsumerProtocolSubscription v3 says; `version` is written in front as given.
std::vector<uint8_t> subscriptionV3(int16_t version) {
  std::vector<uint8_t> b{static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version)};
  appendInt32(b, 1);
  appendString(b, "t");
  appendInt32(b, -1);  // user data: null
  appendInt32(b, 1);   // owned partitions
  appendString(b, "t");
  appendInt32(b, 1);
  appendInt32(b, 0);
  appendInt32(b, 5);  // generation
  appendString(b, "r1");
  return b;
}

}  // namespace

class TestConsumerAssignors : public QObject {
  Q_OBJECT

 private slots:
  void rangeSplitsEachTopic() {
    // RangeAssignor's Javadoc: C0 and C1 on t0 and t1 of 3 partitions each.
    const auto a = assignRange({dynamicMember("C1", {"t0", "t1"}), dynamicMember("C0", {"t0", "t1"})}, {{"t0", 3}, {"t1", 3}});
    QCOMPARE(show(a), std::string("C0: t00 t01 t10 t11\nC1: t02 t12\n"));
  }

  void rangeGivesTheFirstMembersTheExtraPartitions() {
    const auto a = assignRange({dynamicMember("c", {"t"}), dynamicMember("a", {"t"}), dynamicMember("b", {"t"})}, {{"t", 5}});
    QCOMPARE(show(a), std::string("a: t0 t1\nb: t2 t3\nc: t4\n"));
    const auto four = assignRange({dynamicMember("m2", {"t"}), dynamicMember("m1", {"t"})}, {{"t", 4}});
    QCOMPARE(show(four), std::string("m1: t0 t1\nm2: t2 t3\n"));
  }

  void rangeSortsStaticMembersFirst() {
    // "z" has a group.instance.id: before "a", which has none.
    const auto a = assignRange({dynamicMember("a", {"t"}), AssignorMember{"z", "instance-1", {"t"}, {}, -1}}, {{"t", 3}});
    QCOMPARE(show(a), std::string("a: t2\nz: t0 t1\n"));
    const auto both = assignRange({AssignorMember{"a", "instance-2", {"t"}, {}, -1}, AssignorMember{"z", "instance-1", {"t"}, {}, -1}}, {{"t", 2}});
    QCOMPARE(show(both), std::string("a: t1\nz: t0\n"));
  }

  void rangeMoreMembersThanPartitionsAndUnknownTopics() {
    const auto a = assignRange({dynamicMember("a", {"t", "gone"}), dynamicMember("b", {"t"}), dynamicMember("c", {"t"})}, {{"t", 1}});
    QCOMPARE(show(a), std::string("a: t0\nb:\nc:\n"));
    QCOMPARE(show(assignRange({}, {{"t", 3}})), std::string());
  }

  void roundRobinDealsInTurn() {
    // RoundRobinAssignor's Javadoc, both examples.
    const auto same = assignRoundRobin({dynamicMember("C0", {"t0", "t1"}), dynamicMember("C1", {"t0", "t1"})}, {{"t0", 3}, {"t1", 3}});
    QCOMPARE(show(same), std::string("C0: t00 t02 t11\nC1: t01 t10 t12\n"));
    const auto uneven = assignRoundRobin(
        {dynamicMember("C0", {"t0"}), dynamicMember("C1", {"t0", "t1"}), dynamicMember("C2", {"t0", "t1", "t2"})},
        {{"t0", 1}, {"t1", 2}, {"t2", 3}});
    QCOMPARE(show(uneven), std::string("C0: t00\nC1: t10\nC2: t11 t20 t21 t22\n"));
  }

  void assignorsByName() {
    QVERIFY(assignorNamed("range") == &assignRange);
    QVERIFY(assignorNamed("roundrobin") == &assignRoundRobin);
    QVERIFY(assignorNamed("sticky") == &assignSticky);
    QVERIFY(assignorNamed("cooperative-sticky") == &assignCooperativeSticky);
    QVERIFY(assignorNamed("uniform") == nullptr);
  }

  void stickyKeepsWhatMembersOwn() {
    // a owned all five; b joins: a keeps three of its own, b gets the two a gives up.
    const std::vector<AssignorMember> joined{owner("a", {"t"}, {tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3), tp("t", 4)}, 3),
                                             dynamicMember("b", {"t"})};
    QCOMPARE(show(assignSticky(joined, {{"t", 5}})), std::string("a: t0 t1 t2\nb: t3 t4\n"));
    // cooperative-sticky: t3 and t4 change owner, so nobody gets them this generation; a gives
    // them up and rejoins, and the next generation (a owning t0-t2) hands them to b.
    QCOMPARE(show(assignCooperativeSticky(joined, {{"t", 5}})), std::string("a: t0 t1 t2\nb:\n"));
    const std::vector<AssignorMember> next{owner("a", {"t"}, {tp("t", 0), tp("t", 1), tp("t", 2)}, 4), dynamicMember("b", {"t"})};
    QCOMPARE(show(assignCooperativeSticky(next, {{"t", 5}})), std::string("a: t0 t1 t2\nb: t3 t4\n"));
    // Nothing owned: an even split.
    QCOMPARE(checkBalanced({dynamicMember("a", {"t"}), dynamicMember("b", {"t"})}, {{"t", 5}},
                           assignSticky({dynamicMember("a", {"t"}), dynamicMember("b", {"t"})}, {{"t", 5}})),
             QString());
  }

  void stickyClaimsGoToTheNewestGeneration() {
    // a and b both claim t0: b's claim is newer. c claims a partition that no longer exists and
    // one of a topic it does not subscribe to: both are ignored. b keeps t0; t1 goes to c to even out.
    const std::vector<AssignorMember> members{owner("a", {"t"}, {tp("t", 0)}, 2), owner("b", {"t"}, {tp("t", 0), tp("t", 1)}, 3),
                                              owner("c", {"t"}, {tp("t", 9), tp("gone", 0)}, 3)};
    QCOMPARE(show(assignSticky(members, {{"t", 3}, {"gone", 1}})), std::string("a: t2\nb: t0\nc: t1\n"));
    // Two claims in one generation: neither keeps it (it is handed out like a free one).
    const std::vector<AssignorMember> tie{owner("a", {"t"}, {tp("t", 0)}, 2), owner("b", {"t"}, {tp("t", 0)}, 2)};
    QCOMPARE(show(assignSticky(tie, {{"t", 1}})), std::string("a: t0\nb:\n"));
    QCOMPARE(show(assignCooperativeSticky(tie, {{"t", 1}})), std::string("a: t0\nb:\n"));
  }

  void stickyBalancesUnequalSubscriptions() {
    const std::vector<AssignorMember> members{dynamicMember("a", {"x"}), dynamicMember("b", {"x", "y"}),
                                              owner("c", {"y"}, {tp("y", 0), tp("y", 1), tp("y", 2), tp("y", 3)}, 1)};
    const PartitionCounts counts{{"x", 3}, {"y", 4}};
    const GroupAssignment a = assignSticky(members, counts);
    QCOMPARE(checkBalanced(members, counts, a), QString());
    QCOMPARE(show(a), std::string("a: x0 x2\nb: x1 y3\nc: y0 y1 y2\n"));
  }

  // Seeded random groups (members, subscriptions, owned partitions, generations): every
  // sticky assignment is complete and balanced, and a cooperative one is the sticky one without
  // the partitions that change owner.
  void stickyRandomGroupsStayBalanced() {
    for (uint64_t seed = 1; seed <= 300; ++seed) {
      Prng prng(seed);
      const std::vector<std::string> topics{"a", "b", "c"};
      PartitionCounts counts;
      for (const std::string& t : topics) counts[t] = static_cast<int32_t>(prng.below(7));
      std::vector<AssignorMember> members;
      const int n = 1 + static_cast<int>(prng.below(5));
      for (int i = 0; i < n; ++i) {
        AssignorMember m = dynamicMember("m" + std::to_string(i), {});
        for (const std::string& t : topics) {
          if (prng.chance(2, 3)) m.topics.push_back(t);
        }
        for (int k = 0; k < 4; ++k) m.owned.push_back(tp(topics[prng.below(3)], static_cast<int32_t>(prng.below(8))));
        std::sort(m.owned.begin(), m.owned.end());
        m.owned.erase(std::unique(m.owned.begin(), m.owned.end()), m.owned.end());
        m.generation = static_cast<int32_t>(prng.below(3));
        members.push_back(std::move(m));
      }
      const GroupAssignment sticky = assignSticky(members, counts);
      const QString problem = checkBalanced(members, counts, sticky);
      QVERIFY2(problem.isEmpty(), qPrintable(QString("seed %1: %2\n%3").arg(seed).arg(problem).arg(QString::fromStdString(show(sticky)))));
      const GroupAssignment cooperative = assignCooperativeSticky(members, counts);
      QCOMPARE(checkBalanced(members, counts, cooperative, false).startsWith("unknown"), false);
      for (const auto& [id, partitions] : cooperative) {
        const auto& all = sticky.at(id);
        QVERIFY(std::includes(all.begin(), all.end(), partitions.begin(), partitions.end()));
      }
    }
  }

  void subscriptionBytesAsKafkaWritesThem() {
    const ConsumerSubscription s{{"t"}, {tp("t", 0)}, 5, std::string("r1")};
    QVERIFY(encodeConsumerSubscription(s) == subscriptionV3(3));
    auto decoded = decodeConsumerSubscription(subscriptionV3(3));
    QVERIFY(decoded.isOk());
    QVERIFY(*decoded == s);
    // A newer version is read as v3; v0 (librdkafka's older clients) has topics and user data only.
    QVERIFY(decodeConsumerSubscription(subscriptionV3(7)).isOk());
    std::vector<uint8_t> v0{0, 0};
    appendInt32(v0, 2);
    appendString(v0, "a");
    appendString(v0, "b");
    appendInt32(v0, 0);  // empty user data
    auto old = decodeConsumerSubscription(v0);
    QVERIFY(old.isOk());
    QVERIFY((old->topics == std::vector<std::string>{"a", "b"}));
    QCOMPARE(old->generationId, -1);
    QVERIFY(!decodeConsumerSubscription(std::vector<uint8_t>{0xff, 0xff}).isOk());  // version -1
    QVERIFY(!decodeConsumerSubscription(std::vector<uint8_t>{}).isOk());
  }

  void assignmentRoundTrip() {
    const std::vector<TopicPartition> partitions{tp("b", 1), tp("a", 2), tp("a", 0), tp("a", 2)};
    const std::vector<uint8_t> bytes = encodeConsumerAssignment(partitions);
    // v3, [{a,[0,2]},{b,[1]}], null user data.
    std::vector<uint8_t> expected{0, 3};
    appendInt32(expected, 2);
    appendString(expected, "a");
    appendInt32(expected, 2);
    appendInt32(expected, 0);
    appendInt32(expected, 2);
    appendString(expected, "b");
    appendInt32(expected, 1);
    appendInt32(expected, 1);
    appendInt32(expected, -1);
    QVERIFY(bytes == expected);
    auto decoded = decodeConsumerAssignment(bytes);
    QVERIFY(decoded.isOk());
    QVERIFY((*decoded == std::vector<TopicPartition>{tp("a", 0), tp("a", 2), tp("b", 1)}));
  }

  void randomBytesNeverCrash() {
    Prng prng(20240611);
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
      std::vector<uint8_t> bytes = i % 2 ? prng.bytes(prng.below(48)) : subscriptionV3(static_cast<int16_t>(prng.below(5)));
      if (i % 2 == 0) {
        bytes[prng.below(bytes.size())] = static_cast<uint8_t>(prng.next());
        bytes.resize(prng.below(bytes.size() + 1));
      }
      decoded += decodeConsumerSubscription(bytes).isOk();
    }
    QVERIFY2(decoded > 100, qPrintable(QString::number(decoded)));
  }
};

QTEST_APPLESS_MAIN(TestConsumerAssignors)
#include "tst_consumer_assignors.moc"
