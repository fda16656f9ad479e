// Tests for the linearizability checker (broker-core/sim/linearizability.h) and the znode
// register model: the model's transitions; hand-written histories that are linearizable
// (overlapping writes in either order, indeterminate writes that did or did not happen) and
// that are not (stale reads, values never written, lost acknowledged writes, versions going
// backwards, two successful creates); the failure explanation; the step budget; per-key
// checking; agreement with a brute-force search on tiny random histories, with and without the
// read-only shortcut; and seeded random histories of a real linearizable znode, which must pass,
// then fail once one read is made to return something never written.
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/prng.h"
#include "sim/linearizability.h"
#include "sim/znode_register_model.h"

using namespace pier;
using namespace pier::sim;

namespace {

using Op = OperationOf<ZnodeRegisterModel>;
using History = std::vector<Op>;
using KeyedOp = KeyedOperation<std::string, ZnodeInput, ZnodeOutput>;

Op done(int64_t client, int64_t invokeMs, int64_t returnMs, ZnodeInput input, ZnodeOutput output) {
  return Op{client, invokeMs, returnMs, std::move(input), std::move(output)};
}

// Never completed (client crashed or lost its connection): outcome unknown, no return time.
Op pending(int64_t client, int64_t invokeMs, ZnodeInput input) {
  return Op{client, invokeMs, std::nullopt, std::move(input), std::nullopt};
}

LinearizabilityResult check(const History& history, LinearizabilityOptions options = {}) {
  return checkLinearizable(ZnodeRegisterModel{}, history, options);
}

ZnodeState node(std::string data, int32_t version) {
  return ZnodeState{true, std::move(data), version};
}

using In = ZnodeInput;
using Out = ZnodeOutput;
const Out kNoNode = Out::error(ZnodeCode::NoNode);

// Client 1 creates the node with "a" (version 0) at [0, 1], then `rest`.
History withCreated(std::vector<Op> rest) {
  History h{done(1, 0, 1, In::create("a"), Out::ok())};
  h.insert(h.end(), rest.begin(), rest.end());
  return h;
}

// ---- seeded random histories of a real linearizable znode --------------------------------------

struct GeneratedHistory {
  std::vector<KeyedOp> ops;
  std::vector<std::size_t> completedReads;  // positions of getData calls that returned
  int clients = 0;
  int indeterminate = 0;
};

ZnodeInput randomInput(Prng& prng, int serial) {
  const std::string data = "v" + std::to_string(serial);  // every write writes a new value
  const auto guess = static_cast<int32_t>(prng.between(0, 4));
  const uint64_t r = prng.below(100);
  if (r < 12) return In::create(data);
  if (r < 40) return In::setData(data);
  if (r < 50) return In::setData(data, guess);
  if (r < 76) return In::getData();
  if (r < 88) return In::exists();
  if (r < 94) return In::deleteNode();
  return In::deleteNode(guess);
}

// `opsTotal` operations by 4..8 clients over `keys` znodes. Each client runs one call at a time;
// the call takes effect at a random instant inside its interval, and the outputs are what a
// real register returns when the effects are applied in that order. One call in
// `indeterminateOneIn` is indeterminate: it took effect (possibly late) or not, its client
// never hears back and is replaced by a new client.
GeneratedHistory generate(uint64_t seed, int opsTotal, int keys, uint64_t indeterminateOneIn = 25) {
  Prng prng(seed);
  GeneratedHistory g;
  g.clients = static_cast<int>(prng.between(4, 8));
  std::vector<int64_t> clientId(g.clients), freeAtMs(g.clients, 0);
  for (int c = 0; c < g.clients; ++c) clientId[c] = c + 1;
  int64_t nextClientId = g.clients + 1;
  struct Effect {
    int64_t atMs;
    std::size_t index;
  };
  std::vector<Effect> effects;
  for (int k = 0; k < opsTotal; ++k) {
    const auto c = static_cast<std::size_t>(std::min_element(freeAtMs.begin(), freeAtMs.end()) -
                                            freeAtMs.begin());
    const std::string key = "/k" + std::to_string(prng.below(static_cast<uint64_t>(keys)));
    Op op{clientId[c], freeAtMs[c] + prng.between(0, 5), std::nullopt, randomInput(prng, k), {}};
    const int64_t returnMs = op.invokeTime + prng.between(1, 30);
    if (prng.chance(1, indeterminateOneIn)) {
      ++g.indeterminate;
      if (prng.chance(1, 2))
        effects.push_back({prng.between(op.invokeTime, returnMs + 60), g.ops.size()});
      clientId[c] = nextClientId++;
      freeAtMs[c] = op.invokeTime + prng.between(10, 50);
    } else {
      op.returnTime = returnMs;
      op.output = Out::ok();  // replaced below by what the register returns
      effects.push_back({prng.between(op.invokeTime, returnMs), g.ops.size()});
      freeAtMs[c] = returnMs + prng.between(0, 5);
    }
    g.ops.push_back({key, std::move(op)});
  }
  std::stable_sort(effects.begin(), effects.end(),
                   [](const Effect& a, const Effect& b) { return a.atMs < b.atMs; });
  std::map<std::string, ZnodeState> registers;
  for (const Effect& e : effects) {
    KeyedOp& k = g.ops[e.index];
    auto [after, output] = ZnodeRegisterModel::apply(registers[k.key], k.operation.input);
    registers[k.key] = after;
    if (k.operation.output) k.operation.output = output;
  }
  for (std::size_t i = 0; i < g.ops.size(); ++i) {
    const Op& op = g.ops[i].operation;
    if (op.output && op.input.call == ZnodeCall::GetData) g.completedReads.push_back(i);
  }
  return g;
}

History unkeyed(const GeneratedHistory& g) {
  History h;
  for (const KeyedOp& k : g.ops) h.push_back(k.operation);
  return h;
}

// The znode model without readOnly: the search then places reads by branching like any call.
struct BranchingZnodeModel {
  using State = ZnodeState;
  using Input = ZnodeInput;
  using Output = ZnodeOutput;
  ZnodeRegisterModel m;
  State initial() const { return m.initial(); }
  std::optional<State> step(const State& s, const Input& in,
                            const std::optional<Output>& out) const {
    return m.step(s, in, out);
  }
  uint64_t hash(const State& s) const { return m.hash(s); }
  std::string describeInput(const Input& in) const { return m.describeInput(in); }
  std::string describeOutput(const Output& out) const { return m.describeOutput(out); }
  std::string describeState(const State& s) const { return m.describeState(s); }
};
static_assert(HasReadOnlyCalls<ZnodeRegisterModel> && !HasReadOnlyCalls<BranchingZnodeModel>);

// An integer register with set, setMax (raise to at least k) and read. setMax leaves a state
// above k unchanged but not one below: it is no read, so the search must still branch on it.
struct MaxRegisterModel {
  enum class Call { Set, SetMax, Read };
  struct Input {
    Call call = Call::Read;
    int value = 0;
  };
  using State = int;
  using Output = int;  // read: the value; set, setMax: 0
  State initial() const { return 0; }
  std::optional<State> step(State s, const Input& in, const std::optional<Output>& out) const {
    const State after = in.call == Call::Set      ? in.value
                        : in.call == Call::SetMax ? std::max(s, in.value)
                                                  : s;
    const Output returned = in.call == Call::Read ? s : 0;
    if (out && *out != returned) return std::nullopt;
    return after;
  }
  uint64_t hash(State s) const { return static_cast<uint64_t>(s); }
  std::string describeInput(const Input& in) const {
    return (in.call == Call::Read  ? "read"
            : in.call == Call::Set ? "set "
                                   : "setMax ") +
           (in.call == Call::Read ? std::string() : std::to_string(in.value));
  }
  std::string describeOutput(Output out) const { return std::to_string(out); }
  std::string describeState(State s) const { return std::to_string(s); }
};

// The definition, for tiny histories: some order of all the calls with a known output and any
// subset of the indeterminate ones that respects real time (a call that returned before
// another was invoked comes first) and that the register accepts step by step.
bool linearizableByBruteForce(const History& h) {
  std::vector<std::size_t> known, indeterminate;
  for (std::size_t i = 0; i < h.size(); ++i) (h[i].output ? known : indeterminate).push_back(i);
  auto accepts = [&](const std::vector<std::size_t>& order) {
    for (std::size_t a = 0; a < order.size(); ++a) {
      for (std::size_t b = a + 1; b < order.size(); ++b) {
        const Op& later = h[order[b]];
        if (later.returnTime && *later.returnTime < h[order[a]].invokeTime) return false;
      }
    }
    ZnodeState state;
    for (std::size_t i : order) {
      std::optional<ZnodeState> after = ZnodeRegisterModel{}.step(state, h[i].input, h[i].output);
      if (!after) return false;
      state = *after;
    }
    return true;
  };
  for (uint64_t subset = 0; subset < (uint64_t{1} << indeterminate.size()); ++subset) {
    std::vector<std::size_t> order = known;
    for (std::size_t k = 0; k < indeterminate.size(); ++k) {
      if ((subset >> k) & 1) order.push_back(indeterminate[k]);
    }
    std::sort(order.begin(), order.end());
    do {
      if (accepts(order)) return true;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return false;
}

// Replaces a known output with a random one of the right shape (it may happen to be right).
void perturb(Op& op, Prng& prng) {
  const auto code = static_cast<ZnodeCode>(prng.below(4));
  const auto version = static_cast<int32_t>(prng.between(0, 3));
  const bool returnsVersion =
      op.input.call != ZnodeCall::Create && op.input.call != ZnodeCall::Delete;
  op.output = Out::error(code);
  if (code != ZnodeCode::Ok) return;
  op.output->version = returnsVersion ? version : 0;
  if (op.input.call == ZnodeCall::GetData) op.output->data = "v" + std::to_string(prng.below(7));
}

const std::vector<uint64_t> kSeeds = {1,  2,  3,  4,    5,     6,     7,       8,        9,
                                      10, 42, 99, 7777, 31337, 65537, 1234567, 20240601, 987654321};

}  // namespace

Q_DECLARE_METATYPE(ZnodeState)
Q_DECLARE_METATYPE(ZnodeInput)
Q_DECLARE_METATYPE(std::optional<ZnodeOutput>)
Q_DECLARE_METATYPE(std::optional<ZnodeState>)
Q_DECLARE_METATYPE(History)

class TestLinearizability : public QObject {
  Q_OBJECT

 private slots:
  void modelStep_data() {
    QTest::addColumn<ZnodeState>("state");
    QTest::addColumn<ZnodeInput>("input");
    QTest::addColumn<std::optional<ZnodeOutput>>("output");
    QTest::addColumn<std::optional<ZnodeState>>("after");
    const ZnodeState absent;
    const std::optional<ZnodeState> impossible;
    QTest::newRow("create on absent starts at version 0")
        << absent << In::create("x") << std::optional(Out::ok()) << std::optional(node("x", 0));
    QTest::newRow("create on present: NodeExists, unchanged")
        << node("a", 3) << In::create("x") << std::optional(Out::error(ZnodeCode::NodeExists))
        << std::optional(node("a", 3));
    QTest::newRow("create on present cannot succeed")
        << node("a", 3) << In::create("x") << std::optional(Out::ok()) << impossible;
    QTest::newRow("setData adds one to the version")
        << node("a", 3) << In::setData("b") << std::optional(Out::okVersion(4))
        << std::optional(node("b", 4));
    QTest::newRow("setData cannot report a version it did not make")
        << node("a", 3) << In::setData("b") << std::optional(Out::okVersion(3)) << impossible;
    QTest::newRow("setData with the expected version")
        << node("a", 3) << In::setData("b", 3) << std::optional(Out::okVersion(4))
        << std::optional(node("b", 4));
    QTest::newRow("setData with another version: BadVersion")
        << node("a", 3) << In::setData("b", 2) << std::optional(Out::error(ZnodeCode::BadVersion))
        << std::optional(node("a", 3));
    QTest::newRow("setData on absent: NoNode")
        << absent << In::setData("b") << std::optional(kNoNode) << std::optional(absent);
    QTest::newRow("getData returns data and version")
        << node("a", 3) << In::getData() << std::optional(Out::value("a", 3))
        << std::optional(node("a", 3));
    QTest::newRow("getData of another value is impossible")
        << node("a", 3) << In::getData() << std::optional(Out::value("a", 2)) << impossible;
    QTest::newRow("getData on absent: NoNode")
        << absent << In::getData() << std::optional(kNoNode) << std::optional(absent);
    QTest::newRow("delete with the expected version")
        << node("a", 3) << In::deleteNode(3) << std::optional(Out::ok()) << std::optional(absent);
    QTest::newRow("delete with another version: BadVersion")
        << node("a", 3) << In::deleteNode(1) << std::optional(Out::error(ZnodeCode::BadVersion))
        << std::optional(node("a", 3));
    QTest::newRow("delete on absent: NoNode")
        << absent << In::deleteNode() << std::optional(kNoNode) << std::optional(absent);
    QTest::newRow("exists returns the version")
        << node("a", 3) << In::exists() << std::optional(Out::okVersion(3))
        << std::optional(node("a", 3));
    QTest::newRow("exists on absent: NoNode")
        << absent << In::exists() << std::optional(kNoNode) << std::optional(absent);
    QTest::newRow("no output observed: the state after the call")
        << node("a", 3) << In::setData("b", 3) << std::optional<ZnodeOutput>()
        << std::optional(node("b", 4));
    QTest::newRow("no output observed, a call that fails changes nothing")
        << node("a", 3) << In::setData("b", 1) << std::optional<ZnodeOutput>()
        << std::optional(node("a", 3));
  }
  void modelStep() {
    QFETCH(ZnodeState, state);
    QFETCH(ZnodeInput, input);
    QFETCH(std::optional<ZnodeOutput>, output);
    QFETCH(std::optional<ZnodeState>, after);
    const ZnodeRegisterModel m;
    const std::optional<ZnodeState> got = m.step(state, input, output);
    const std::string text = got ? m.describeState(*got) : std::string("impossible");
    QVERIFY2(got == after, text.c_str());
  }

  void versionRestartsAfterDeleteAndCreate() {
    const History h = withCreated({
        done(1, 10, 11, In::setData("b"), Out::okVersion(1)),
        done(2, 20, 21, In::deleteNode(1), Out::ok()),
        done(3, 30, 31, In::create("c"), Out::ok()),
        done(1, 40, 41, In::getData(), Out::value("c", 0)),
    });
    QVERIFY(check(h).ok());
    History wrong = h;
    wrong.back().output = Out::value("c", 2);  // as if versions survived the delete
    QCOMPARE(check(wrong).outcome, LinearizabilityOutcome::NotLinearizable);
  }

  void linearizable_data() {
    QTest::addColumn<History>("history");
    QTest::newRow("empty history") << History{};
    // Two overlapping setData calls; the versions they return say which went first.
    QTest::newRow("overlapping writes, the later-invoked first")
        << withCreated({done(2, 10, 30, In::setData("b"), Out::okVersion(2)),
                        done(3, 15, 25, In::setData("c"), Out::okVersion(1)),
                        done(4, 40, 50, In::getData(), Out::value("b", 2))});
    QTest::newRow("overlapping writes, the earlier-invoked first")
        << withCreated({done(2, 10, 30, In::setData("b"), Out::okVersion(1)),
                        done(3, 15, 25, In::setData("c"), Out::okVersion(2)),
                        done(4, 40, 50, In::getData(), Out::value("c", 2))});
    QTest::newRow("reads during a write see old then new")
        << withCreated({done(2, 10, 50, In::setData("b"), Out::okVersion(1)),
                        done(3, 15, 20, In::getData(), Out::value("a", 0)),
                        done(4, 16, 30, In::getData(), Out::value("b", 1)),
                        done(3, 25, 35, In::getData(), Out::value("b", 1))});
    QTest::newRow("a read overlapping a write may still see the old value")
        << withCreated({done(2, 10, 50, In::setData("b"), Out::okVersion(1)),
                        done(3, 40, 45, In::exists(), Out::okVersion(0))});
    QTest::newRow("touching intervals count as concurrent")
        << withCreated({done(2, 10, 20, In::setData("b"), Out::okVersion(1)),
                        done(3, 20, 30, In::getData(), Out::value("a", 0))});
    QTest::newRow("indeterminate write that happened") << withCreated(
        {pending(2, 10, In::setData("b")), done(3, 20, 25, In::getData(), Out::value("b", 1))});
    QTest::newRow("indeterminate write that did not happen") << withCreated(
        {pending(2, 10, In::setData("b")), done(3, 20, 25, In::getData(), Out::value("a", 0)),
         done(3, 30, 35, In::getData(), Out::value("a", 0))});
    QTest::newRow("indeterminate write that happened late") << withCreated(
        {pending(2, 10, In::setData("b")), done(3, 20, 25, In::getData(), Out::value("a", 0)),
         done(3, 300, 305, In::getData(), Out::value("b", 1))});
    QTest::newRow("indeterminate write seen through a later write's version") << withCreated(
        {pending(2, 10, In::setData("b")), done(3, 20, 25, In::setData("c"), Out::okVersion(2)),
         done(3, 30, 35, In::getData(), Out::value("c", 2))});
    QTest::newRow("indeterminate create that never happened")
        << History{pending(1, 0, In::create("a")), done(2, 10, 11, In::exists(), kNoNode)};
    QTest::newRow("indeterminate with a return time, never happened")
        << withCreated({Op{2, 10, 20, In::setData("b"), std::nullopt},
                        done(3, 30, 35, In::getData(), Out::value("a", 0))});
    QTest::newRow("racing creates: one Ok, one NodeExists")
        << History{done(1, 0, 10, In::create("a"), Out::error(ZnodeCode::NodeExists)),
                   done(2, 5, 15, In::create("b"), Out::ok()),
                   done(3, 20, 25, In::getData(), Out::value("b", 0))};
    QTest::newRow("racing conditional writes: one wins, one BadVersion")
        << withCreated({done(2, 10, 20, In::setData("b", 0), Out::okVersion(1)),
                        done(3, 12, 22, In::setData("c", 0), Out::error(ZnodeCode::BadVersion)),
                        done(4, 30, 31, In::getData(), Out::value("b", 1))});
  }
  void linearizable() {
    QFETCH(History, history);
    const LinearizabilityResult r = check(history);
    QVERIFY2(r.ok(), r.explanation.c_str());
    QVERIFY(r.explanation.empty());
    QVERIFY(r.longestPrefix.empty());
  }

  void notLinearizable_data() {
    QTest::addColumn<History>("history");
    QTest::addColumn<QString>("unplaced");  // in the explanation, as a call that cannot go next
    QTest::newRow("stale read after a completed write")
        << withCreated({done(2, 10, 20, In::setData("b"), Out::okVersion(1)),
                        done(3, 30, 40, In::getData(), Out::value("a", 0))})
        << "#2 client 3 [30, 40] getData -> \"a\" version 0: impossible from this state";
    QTest::newRow("read of a value never written")
        << withCreated({done(2, 10, 20, In::getData(), Out::value("z", 0))})
        << "#1 client 2 [10, 20] getData -> \"z\" version 0: impossible";
    QTest::newRow("lost acknowledged write, then reads of the old value")
        << withCreated({done(2, 10, 20, In::setData("b"), Out::okVersion(1)),
                        done(3, 30, 40, In::setData("c"), Out::okVersion(2)),
                        done(2, 50, 60, In::getData(), Out::value("b", 1)),
                        done(4, 70, 80, In::getData(), Out::value("b", 1))})
        << "#3 client 2 [50, 60] getData -> \"b\" version 1: impossible";
    QTest::newRow("version going backwards")
        << withCreated({done(2, 10, 20, In::setData("b"), Out::okVersion(1)),
                        done(2, 21, 22, In::setData("c"), Out::okVersion(2)),
                        done(3, 30, 31, In::exists(), Out::okVersion(2)),
                        done(4, 40, 41, In::exists(), Out::okVersion(1))})
        << "#4 client 4 [40, 41] exists -> Ok version 1: impossible";
    QTest::newRow("two creates both Ok") << History{done(1, 0, 10, In::create("a"), Out::ok()),
                                                    done(2, 5, 15, In::create("b"), Out::ok())}
                                         << "create(\"b\") -> Ok: impossible";
    QTest::newRow("read sees a write before it was invoked")
        << withCreated({done(3, 10, 20, In::getData(), Out::value("b", 1)),
                        done(2, 30, 40, In::setData("b"), Out::okVersion(1))})
        << "#1 client 3 [10, 20] getData -> \"b\" version 1: impossible";
    QTest::newRow("indeterminate write seen before it was invoked")
        << withCreated({done(3, 10, 20, In::getData(), Out::value("b", 1)),
                        pending(2, 30, In::setData("b"))})
        << "#1 client 3 [10, 20] getData -> \"b\" version 1: impossible";
    QTest::newRow("reads during a write see new then old")
        << withCreated({done(2, 10, 50, In::setData("b"), Out::okVersion(1)),
                        done(3, 15, 20, In::getData(), Out::value("b", 1)),
                        done(4, 25, 30, In::getData(), Out::value("a", 0))})
        << "#3 client 4 [25, 30] getData -> \"a\" version 0: impossible";
    QTest::newRow("indeterminate write seen, then undone")
        << withCreated({pending(2, 10, In::setData("b")),
                        done(3, 20, 25, In::getData(), Out::value("b", 1)),
                        done(3, 30, 35, In::getData(), Out::value("a", 0))})
        << "#3 client 3 [30, 35] getData -> \"a\" version 0: impossible";
  }
  void notLinearizable() {
    QFETCH(History, history);
    QFETCH(QString, unplaced);
    const LinearizabilityResult r = check(history);
    QCOMPARE(r.outcome, LinearizabilityOutcome::NotLinearizable);
    QVERIFY2(r.explanation.find("not linearizable") == 0, r.explanation.c_str());
    QVERIFY2(r.explanation.find(unplaced.toStdString()) != std::string::npos,
             r.explanation.c_str());
  }

  void explanationNamesPrefixAndBlockedCall() {
    const History h = withCreated({done(2, 10, 20, In::setData("b"), Out::okVersion(1)),
                                   done(3, 30, 40, In::getData(), Out::value("a", 0)),
                                   done(4, 50, 60, In::exists(), Out::okVersion(1))});
    const LinearizabilityResult r = check(h);
    QCOMPARE(r.outcome, LinearizabilityOutcome::NotLinearizable);
    QCOMPARE(r.longestPrefix, (std::vector<PlacedOperation>{{0, true}, {1, true}}));
    QCOMPARE(r.unplaced, (std::vector<std::size_t>{2}));  // #3 was invoked after #2 returned
    const std::string& e = r.explanation;
    QVERIFY2(e.find("longest linearizable prefix found: 2 of 4 operations, from absent") !=
                 std::string::npos,
             e.c_str());
    QVERIFY2(e.find("1. #0 client 1 [0, 1] create(\"a\") -> Ok  => {\"a\" version 0}") !=
                 std::string::npos,
             e.c_str());
    QVERIFY2(e.find("2. #1 client 2 [10, 20] setData(\"b\", any version) -> Ok version 1  => "
                    "{\"b\" version 1}") != std::string::npos,
             e.c_str());
    QVERIFY2(e.find("#2 returned at t=40") != std::string::npos, e.c_str());
  }

  void explanationShowsIndeterminateNeverTakingEffect() {
    // #1's outcome is unknown but it returned by t=20: it happened inside [10, 20] or never.
    const History h = withCreated({Op{2, 10, 20, In::setData("b"), std::nullopt},
                                   done(3, 30, 35, In::getData(), Out::value("a", 0)),
                                   done(3, 40, 45, In::getData(), Out::value("z", 0))});
    const LinearizabilityResult r = check(h);
    QCOMPARE(r.outcome, LinearizabilityOutcome::NotLinearizable);
    QCOMPARE(r.longestPrefix, (std::vector<PlacedOperation>{{0, true}, {1, false}, {2, true}}));
    QVERIFY2(r.explanation.find("-> ? (indeterminate)  => never took effect") != std::string::npos,
             r.explanation.c_str());
    // ... and it cannot take effect after its return time.
    const History late = withCreated({Op{2, 10, 20, In::setData("b"), std::nullopt},
                                      done(3, 30, 35, In::getData(), Out::value("a", 0)),
                                      done(3, 40, 45, In::getData(), Out::value("b", 1))});
    QCOMPARE(check(late).outcome, LinearizabilityOutcome::NotLinearizable);
  }

  void stateKeepingWritesStillBranch() {
    // setMax 5 changes nothing from 7, but the order set 3, setMax 5 explains the read of 5.
    using Max = MaxRegisterModel;
    using MaxOp = OperationOf<Max>;
    const std::vector<MaxOp> h = {
        {1, 0, 1, {Max::Call::Set, 7}, 0},
        {2, 10, 20, {Max::Call::SetMax, 5}, 0},
        {3, 10, 20, {Max::Call::Set, 3}, 0},
        {1, 30, 31, {Max::Call::Read, 0}, 5},
    };
    const LinearizabilityResult r = checkLinearizable(Max{}, h);
    QVERIFY2(r.ok(), r.explanation.c_str());
    std::vector<MaxOp> wrong = h;
    wrong.back().output = 7;  // after both writes: 3 or 5, never 7
    QCOMPARE(checkLinearizable(Max{}, wrong).outcome, LinearizabilityOutcome::NotLinearizable);
  }

  void budgetExhaustedIsUnknownNotOk() {
    History h = withCreated({});
    for (int c = 2; c < 8; ++c) {  // six concurrent writes, and a read that orders them all
      h.push_back(done(c, 10, 100, In::setData("w" + std::to_string(c)), Out::okVersion(8 - c)));
    }
    h.push_back(done(9, 200, 210, In::getData(), Out::value("w2", 6)));
    QVERIFY(check(h).ok());
    LinearizabilityOptions tight;
    tight.stepsMax = 5;
    const LinearizabilityResult r = check(h, tight);
    QCOMPARE(r.outcome, LinearizabilityOutcome::Unknown);
    QVERIFY(!r.ok());
    QVERIFY2(r.explanation.find("unknown (budget exhausted) after 5 steps") == 0,
             r.explanation.c_str());
    // A history that is not linearizable is Unknown too when the budget runs out first.
    h.back().output = Out::value("w2", 5);
    QCOMPARE(check(h).outcome, LinearizabilityOutcome::NotLinearizable);
    QCOMPARE(check(h, tight).outcome, LinearizabilityOutcome::Unknown);
  }

  void perKey() {
    // Both creates succeed: fine on two znodes, impossible on one.
    std::vector<KeyedOp> h = {
        {"/b", done(1, 0, 10, In::create("b"), Out::ok())},
        {"/a", done(2, 5, 15, In::create("a"), Out::ok())},
        {"/a", done(3, 20, 25, In::getData(), Out::value("a", 0))},
        {"/b", done(4, 20, 25, In::setData("b2"), Out::okVersion(1))},
        {"/b", done(1, 30, 35, In::getData(), Out::value("b2", 1))},
    };
    const auto parts = partitionByKey(h);
    QCOMPARE(parts.size(), std::size_t(2));
    QCOMPARE(parts.at("/a"), (std::vector<std::size_t>{1, 2}));
    QCOMPARE(parts.at("/b"), (std::vector<std::size_t>{0, 3, 4}));
    const auto ok = checkLinearizablePerKey(ZnodeRegisterModel{}, h);
    QVERIFY2(ok.ok(), ok.explanation.c_str());
    QCOMPARE(ok.keys.size(), std::size_t(2));
    QCOMPARE(ok.keys[0].key, std::string("/a"));
    History oneKey;
    for (const KeyedOp& k : h) oneKey.push_back(k.operation);
    QCOMPARE(check(oneKey).outcome, LinearizabilityOutcome::NotLinearizable);

    // A stale read on /b: the explanation names the key and numbers calls as in `h`.
    h.push_back({"/b", done(2, 40, 45, In::getData(), Out::value("b", 0))});
    const auto bad = checkLinearizablePerKey(ZnodeRegisterModel{}, h);
    QCOMPARE(bad.outcome, LinearizabilityOutcome::NotLinearizable);
    QVERIFY(bad.keys[0].result.ok());
    QCOMPARE(bad.keys[1].result.unplaced, (std::vector<std::size_t>{5}));
    QVERIFY2(bad.explanation.find("key /b: not linearizable") == 0, bad.explanation.c_str());
    QVERIFY2(bad.explanation.find("#5 client 2 [40, 45] getData") != std::string::npos,
             bad.explanation.c_str());
  }

  // Tiny random histories, half with one output changed at random: the checker (with and
  // without readOnly's free moves) must agree with the brute-force definition on every one.
  void agreesWithBruteForceOnTinyHistories() {
    int linearizable = 0;
    int withIndeterminate = 0;
    for (uint64_t seed = 1; seed <= 600; ++seed) {
      const GeneratedHistory g = generate(seed, 7, 1, 4);
      History h = unkeyed(g);
      Prng prng(seed);
      if (prng.chance(1, 2)) {
        std::vector<std::size_t> completed;
        for (std::size_t i = 0; i < h.size(); ++i) {
          if (h[i].output) completed.push_back(i);
        }
        if (!completed.empty()) perturb(h[completed[prng.below(completed.size())]], prng);
      }
      const bool expected = linearizableByBruteForce(h);
      const LinearizabilityResult free = check(h);
      const LinearizabilityResult branching = checkLinearizable(BranchingZnodeModel{}, h);
      const std::string replay = "seed " + std::to_string(seed) + ": brute force says " +
                                 (expected ? "ok\n" : "not linearizable\n");
      QVERIFY2(free.outcome != LinearizabilityOutcome::Unknown, replay.c_str());
      QVERIFY2(free.ok() == expected, (replay + free.explanation).c_str());
      QVERIFY2(branching.ok() == expected, (replay + branching.explanation).c_str());
      linearizable += expected ? 1 : 0;
      withIndeterminate += g.indeterminate > 0 ? 1 : 0;
    }
    qInfo("600 tiny histories: %d linearizable, %d with indeterminate calls", linearizable,
          withIndeterminate);
    // Both verdicts, and indeterminate calls, occur often enough to mean something.
    QVERIFY2(linearizable > 200 && linearizable < 500, std::to_string(linearizable).c_str());
    QVERIFY2(withIndeterminate > 200, std::to_string(withIndeterminate).c_str());
  }

  void randomHistoriesOfARealRegister_data() {
    QTest::addColumn<int>("keys");
    QTest::newRow("one znode") << 1;
    QTest::newRow("three znodes") << 3;
  }
  void randomHistoriesOfARealRegister() {
    QFETCH(int, keys);
    const auto start = std::chrono::steady_clock::now();
    uint64_t stepsMax = 0;
    int indeterminate = 0;
    for (uint64_t seed : kSeeds) {
      GeneratedHistory g = generate(seed, 200, keys);
      indeterminate += g.indeterminate;
      const std::string replay = "seed " + std::to_string(seed) + ": ";
      const auto r = checkLinearizablePerKey(ZnodeRegisterModel{}, g.ops);
      QVERIFY2(r.ok(), (replay + r.explanation).c_str());
      for (const auto& k : r.keys) stepsMax = std::max(stepsMax, k.result.steps);
      if (keys == 1) {
        QVERIFY2(check(unkeyed(g)).ok(), replay.c_str());
      }
      QVERIFY2(g.completedReads.size() > 10, replay.c_str());

      // One read made to return a value nobody wrote, or a version its value never had.
      Prng prng(seed);
      const std::size_t i = g.completedReads[prng.below(g.completedReads.size())];
      ZnodeOutput& out = *g.ops[i].operation.output;
      const ZnodeOutput original = out;
      out = Out::value("never written", original.version);
      const auto neverWritten = checkLinearizablePerKey(ZnodeRegisterModel{}, g.ops);
      QVERIFY2(neverWritten.outcome == LinearizabilityOutcome::NotLinearizable,
               (replay + "read #" + std::to_string(i) + " returning a value never written: " +
                std::string(outcomeName(neverWritten.outcome)))
                   .c_str());
      out = original.code == ZnodeCode::Ok ? Out::value(original.data, original.version + 1000)
                                           : Out::value("v0", 1000);
      const auto neverReached = checkLinearizablePerKey(ZnodeRegisterModel{}, g.ops);
      QVERIFY2(neverReached.outcome == LinearizabilityOutcome::NotLinearizable,
               (replay + "read #" + std::to_string(i) + " returning a version never reached: " +
                std::string(outcomeName(neverReached.outcome)))
                   .c_str());
    }
    QVERIFY(indeterminate > 0);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    qInfo("%zu seeds x 200 operations: %lld ms, at most %llu steps per key, %d indeterminate",
          kSeeds.size(),
          static_cast<long long>(
              std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()),
          static_cast<unsigned long long>(stepsMax), indeterminate);
  }
};

QTEST_APPLESS_MAIN(TestLinearizability)
#include "tst_linearizability.moc"
