#pragma once
// Linearizability checking of one object's concurrent history: Wing & Gong's search for a
// sequential order of the operations that respects real time and the object's sequential
// specification (a model), with Lowe's memoisation of the (operations placed, state) pairs
// already explored -- the "WGL" algorithm of checkers such as Knossos and Porcupine.
//
// A history holds operations with an invocation time, a return time and what the client saw.
// Intervals are closed: an operation invoked at the instant another returns counts as concurrent
// with it. An indeterminate operation (output nullopt: connection lost, client crashed) may have
// taken effect at any instant after its invocation -- before its returnTime when it has one --
// or not at all; the model is then asked for the state after it with no output to match.
//
// A model M is a small value type (LinearizabilityModel below):
//   using State, Input, Output;
//   State initial() const;
//   // The state after `input` from `state`, or nullopt when `output` is impossible from there.
//   // output nullopt: nothing observed, return the state after the operation. Must be a pure,
//   // deterministic function.
//   std::optional<State> step(const State&, const Input&, const std::optional<Output>&) const;
//   uint64_t hash(const State&) const;   // with State's operator== for the memo
//   std::string describeInput(const Input&) const;
//   std::string describeOutput(const Output&) const;
//   std::string describeState(const State&) const;
// and optionally
//   // True only if this call, returning this output, leaves every state unchanged (a read, a
//   // failed conditional write). Lets the search place such calls without branching.
//   bool readOnly(const Input&, const Output&) const;
//
// Beyond plain WGL (see Search below): read-only calls are placed without branching, calls with
// a known output are tried before indeterminate ones, and a configuration fails if one with
// fewer indeterminate operations placed failed. The search is still exponential in the worst
// case -- many indeterminate writes that could have hidden behind later overwrites are the
// classic one -- so stepsMax bounds it, and an exhausted budget is the distinct outcome Unknown,
// never a pass. Memory grows with the configurations that failed (a memo entry each: the set of
// operations placed and a State). checkLinearizablePerKey splits a history of independent keys
// and checks each (linearizability is compositional: Herlihy & Wing's locality), which keeps
// each search small.
//
// Pure code: no clock, no I/O; deterministic (the memo is only probed, never iterated).
// Not thread-safe; each call owns its working state.

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/assert.h"

namespace pier::sim {

template <typename Input, typename Output>
struct Operation {
  int64_t client = 0;
  int64_t invokeTime = 0;
  std::optional<int64_t> returnTime;  // nullopt: never completed. Requires: >= invokeTime
  Input input{};
  std::optional<Output> output;  // what the client observed; nullopt: indeterminate
};

template <typename M>
concept LinearizabilityModel = requires(const M& m, const typename M::State& s,
                                        const typename M::Input& in, const typename M::Output& out,
                                        const std::optional<typename M::Output>& observed) {
  { m.initial() } -> std::convertible_to<typename M::State>;
  { m.step(s, in, observed) } -> std::same_as<std::optional<typename M::State>>;
  { m.hash(s) } -> std::convertible_to<uint64_t>;
  { s == s } -> std::convertible_to<bool>;
  { m.describeInput(in) } -> std::convertible_to<std::string>;
  { m.describeOutput(out) } -> std::convertible_to<std::string>;
  { m.describeState(s) } -> std::convertible_to<std::string>;
};

template <typename M>
concept HasReadOnlyCalls = requires(const M& m, const typename M::Input& in,
                                    const typename M::Output& out) {
  { m.readOnly(in, out) } -> std::convertible_to<bool>;
};

template <typename M>
using OperationOf = Operation<typename M::Input, typename M::Output>;

struct LinearizabilityOptions {
  // Search steps (one per list entry visited) before giving up; 10 million is a few seconds.
  uint64_t stepsMax = 10'000'000;
};

enum class LinearizabilityOutcome { Ok, NotLinearizable, Unknown };
std::string_view outcomeName(LinearizabilityOutcome outcome);

struct PlacedOperation {
  std::size_t index = 0;   // into the history
  bool tookEffect = true;  // false: an indeterminate operation placed as never having happened
  friend bool operator==(const PlacedOperation&, const PlacedOperation&) = default;
};

struct LinearizabilityResult {
  LinearizabilityOutcome outcome = LinearizabilityOutcome::Ok;
  uint64_t steps = 0;
  // Not Ok: the longest linearization of a subset of the history found, in linearization order
  // (the first one found if several are as long), and the operations that could come next after
  // it, none of which leads to a linearization of the rest (indeterminate ones that would
  // change nothing there left out). Empty when Ok.
  std::vector<PlacedOperation> longestPrefix;
  std::vector<std::size_t> unplaced;
  std::string explanation;  // not Ok: both of the above, readable; empty when Ok
  bool ok() const { return outcome == LinearizabilityOutcome::Ok; }
};

template <LinearizabilityModel M>
LinearizabilityResult checkLinearizable(const M& model, std::span<const OperationOf<M>> history,
                                        const LinearizabilityOptions& options = {});

// Histories over many independent keys (znodes, Kafka partitions): one model per key.
template <typename Key, typename Input, typename Output>
struct KeyedOperation {
  Key key{};
  Operation<Input, Output> operation;
};

template <typename Key>
struct KeyLinearizabilityResult {
  Key key{};
  std::vector<std::size_t> indices;  // this key's operations, as positions in the keyed history
  LinearizabilityResult result;      // its indices are positions in the keyed history too
};

template <typename Key>
struct PerKeyLinearizabilityResult {
  // NotLinearizable if any key is, else Unknown if any key is, else Ok.
  LinearizabilityOutcome outcome = LinearizabilityOutcome::Ok;
  std::vector<KeyLinearizabilityResult<Key>> keys;  // ascending key order
  std::string explanation;  // every key that is not Ok, with its explanation
  bool ok() const { return outcome == LinearizabilityOutcome::Ok; }
};

// Positions in `history` of each key's operations, keys ascending. Requires: Key is ordered.
template <typename Key, typename Input, typename Output>
std::map<Key, std::vector<std::size_t>> partitionByKey(
    const std::vector<KeyedOperation<Key, Input, Output>>& history);

// Describes strings, string views and integers; pass a callable for other key types.
struct DescribeKey {
  template <typename Key>
  std::string operator()(const Key& key) const {
    if constexpr (std::is_integral_v<Key>) {
      return std::to_string(key);
    } else {
      return std::string(std::string_view(key));
    }
  }
};

// Checks each key's operations on its own (budget per key). `describeKey(key)` -> std::string.
template <LinearizabilityModel M, typename Key, typename KeyDescriber = DescribeKey>
PerKeyLinearizabilityResult<Key> checkLinearizablePerKey(
    const M& model,
    const std::vector<KeyedOperation<Key, typename M::Input, typename M::Output>>& history,
    const LinearizabilityOptions& options = {}, const KeyDescriber& describeKey = {});

// ---- implementation ---------------------------------------------------------------------------

namespace detail {

struct OpInterval {
  int64_t invokeTime = 0;
  std::optional<int64_t> returnTime;
};

// The WGL entry list: a call and a return entry per operation, in time order (calls before
// returns at equal times; never-returning operations last), doubly linked so an operation can
// be lifted out and put back in O(1) (dancing links).
class EntryList {
 public:
  static constexpr std::size_t kEnd = static_cast<std::size_t>(-1);

  explicit EntryList(std::span<const OpInterval> ops);
  bool empty() const { return m_entries[0].next == kEnd; }
  std::size_t first() const { return m_entries[0].next; }
  std::size_t next(std::size_t entry) const { return m_entries[entry].next; }
  bool isCall(std::size_t entry) const { return m_entries[entry].call; }
  std::size_t op(std::size_t entry) const { return m_entries[entry].op; }
  std::size_t callEntry(std::size_t op) const { return m_callEntry[op]; }
  // Removes both entries of `op`. unlift puts them back. Requires: unlifts in reverse order.
  void lift(std::size_t op);
  void unlift(std::size_t op);

 private:
  struct Entry {
    std::size_t op = 0;
    bool call = false;
    std::size_t prev = 0;
    std::size_t next = kEnd;
  };
  void unlink(std::size_t entry);
  void relink(std::size_t entry);

  std::vector<Entry> m_entries;                         // [0] is the head sentinel
  std::vector<std::size_t> m_callEntry, m_returnEntry;  // by op
};

// The set of operations placed so far, as bits.
class OpSet {
 public:
  explicit OpSet(std::size_t size) : m_words((size + 63) / 64, 0) {}
  void insert(std::size_t i) { m_words[i / 64] |= uint64_t{1} << (i % 64); }
  void erase(std::size_t i) { m_words[i / 64] &= ~(uint64_t{1} << (i % 64)); }
  bool contains(std::size_t i) const { return (m_words[i / 64] >> (i % 64)) & 1; }
  bool isSubsetOf(const OpSet& other) const;  // Requires: same size
  uint64_t hash() const;
  friend bool operator==(const OpSet&, const OpSet&) = default;

 private:
  std::vector<uint64_t> m_words;
};

uint64_t mixStateHash(uint64_t opSetHash, uint64_t stateHash);

// What the explanation shows of one operation, already described by the model.
struct OperationLine {
  std::size_t index = 0;  // as the caller numbers the history
  int64_t client = 0;
  int64_t invokeTime = 0;
  std::optional<int64_t> returnTime;
  std::string input;
  std::optional<std::string> output;  // nullopt: indeterminate
  std::string note;                   // the state after it, or why it cannot go next
};

struct FailureReport {
  LinearizabilityOutcome outcome = LinearizabilityOutcome::NotLinearizable;
  uint64_t steps = 0;
  std::size_t operationCount = 0;
  std::vector<OperationLine> prefix;
  std::string initialState;
  std::string stateAfterPrefix;
  // The operation not placed with the earliest return (outcome known): it, or one invoked by
  // then, must go next.
  std::optional<std::size_t> deadlineOp;
  int64_t deadline = 0;
  std::vector<OperationLine> unplaced;
  std::size_t unplacedWithoutEffect = 0;  // indeterminate candidates that would change nothing
};

std::string formatReport(const FailureReport& report);

template <LinearizabilityModel M>
OperationLine describeOperation(const M& model, const OperationOf<M>& op, std::size_t label) {
  OperationLine line;
  line.index = label;
  line.client = op.client;
  line.invokeTime = op.invokeTime;
  line.returnTime = op.returnTime;
  line.input = model.describeInput(op.input);
  if (op.output) line.output = model.describeOutput(*op.output);
  return line;
}

// The operation not placed whose outcome is known that returned first, if any.
template <LinearizabilityModel M>
std::optional<std::size_t> firstToReturn(std::span<const OperationOf<M>> history,
                                         const OpSet& placed) {
  std::optional<std::size_t> first;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& op = history[i];
    if (placed.contains(i) || !op.output || !op.returnTime) continue;
    if (!first || *op.returnTime < *history[*first].returnTime) first = i;
  }
  return first;
}

// The operations that could be placed right after `placed`: not placed, and invoked no later
// than `deadline` (firstToReturn's return time).
template <LinearizabilityModel M>
std::vector<std::size_t> frontier(std::span<const OperationOf<M>> history, const OpSet& placed,
                                  std::optional<int64_t> deadline) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (!placed.contains(i) && (!deadline || history[i].invokeTime <= *deadline)) out.push_back(i);
  }
  return out;
}

// Replays the longest prefix to describe it and the operations that could not follow it.
// `labels`: how the caller numbers the operations (empty: by position).
template <LinearizabilityModel M>
LinearizabilityResult explainFailure(const M& model, std::span<const OperationOf<M>> history,
                                     std::span<const std::size_t> labels,
                                     LinearizabilityOutcome outcome, uint64_t steps,
                                     std::vector<PlacedOperation> prefix) {
  auto label = [&](std::size_t i) { return labels.empty() ? i : labels[i]; };
  FailureReport report;
  report.outcome = outcome;
  report.steps = steps;
  report.operationCount = history.size();
  typename M::State state = model.initial();
  report.initialState = model.describeState(state);
  OpSet placed(history.size());
  for (const PlacedOperation& p : prefix) {
    const auto& op = history[p.index];
    OperationLine line = describeOperation(model, op, label(p.index));
    if (p.tookEffect) {
      std::optional<typename M::State> after = model.step(state, op.input, op.output);
      PIER_ASSERT(after.has_value(), "model step is deterministic (it accepted this before)");
      state = std::move(*after);
      line.note = model.describeState(state);
    } else {
      line.note = "never took effect";
    }
    report.prefix.push_back(std::move(line));
    placed.insert(p.index);
  }
  report.stateAfterPrefix = model.describeState(state);
  std::optional<int64_t> deadline;
  if (std::optional<std::size_t> first = firstToReturn<M>(history, placed)) {
    report.deadlineOp = label(*first);
    report.deadline = *history[*first].returnTime;
    deadline = report.deadline;
  }
  LinearizabilityResult result;
  for (std::size_t i : frontier<M>(history, placed, deadline)) {
    std::optional<typename M::State> after = model.step(state, history[i].input, history[i].output);
    if (!history[i].output && after && *after == state) {
      ++report.unplacedWithoutEffect;
      continue;
    }
    OperationLine line = describeOperation(model, history[i], label(i));
    line.note = after ? "possible (-> " + model.describeState(*after) +
                            "), but the rest cannot be linearized after it"
                      : "impossible from this state";
    report.unplaced.push_back(std::move(line));
    result.unplaced.push_back(label(i));
  }
  for (PlacedOperation& p : prefix) p.index = label(p.index);
  result.outcome = outcome;
  result.steps = steps;
  result.longestPrefix = std::move(prefix);
  result.explanation = formatReport(report);
  return result;
}

// A configuration of the search, less the indeterminate operations placed.
template <typename State>
struct MemoKey {
  OpSet placedKnown;
  State state;
  friend bool operator==(const MemoKey&, const MemoKey&) = default;
};

template <LinearizabilityModel M>
struct MemoHash {
  const M* model;
  std::size_t operator()(const MemoKey<typename M::State>& key) const {
    return static_cast<std::size_t>(mixStateHash(key.placedKnown.hash(), model->hash(key.state)));
  }
};

// The WGL search over configurations: (operations placed, state). In each configuration:
//  1. Free moves (models with readOnly): a candidate (an operation whose call entry comes
//     before the first return entry left) that is read-only with its known output and that the
//     model accepts here is placed with no alternative tried: any linearization from here that
//     places it later stays valid with it moved to the front (it was invoked before every
//     operation left returned, and it changes nothing for the operations it jumps).
//  2. Otherwise the candidates are tried in list order, those with a known output first (the
//     model accepts the output and the new configuration is not known to fail). An
//     indeterminate candidate that would change nothing is skipped: that is the same as never
//     taking effect, which step 3 or the end of the history covers.
//  3. At the first return entry every candidate has failed: an indeterminate operation there is
//     placed as never having taken effect (its last chance has passed); otherwise backtrack.
// The memo (Lowe's) holds every configuration explored without success. Indeterminate
// operations are optional, so a configuration fails if one with the same known operations and
// state but a subset of its indeterminate ones failed: whatever works with more of them placed
// works with those left out. Trying known outputs first lets that subsumption cut the choices
// of which indeterminate writes hid behind a later overwrite or delete.
template <LinearizabilityModel M>
class Search {
 public:
  using State = typename M::State;

  Search(const M& model, std::span<const OperationOf<M>> history)
      : m_model(model),
        m_history(history),
        m_list(intervals(history)),
        m_placedKnown(history.size()),
        m_placedIndeterminate(history.size()),
        m_failed(16, MemoHash<M>{&model}),
        m_state(model.initial()) {}

  LinearizabilityOutcome run(uint64_t stepsMax) {
    m_stepsMax = stepsMax;
    std::size_t entry = m_list.first();
    bool known = true;  // trying the candidates with a known output (else: the indeterminate)
    bool fresh = true;  // a configuration not yet scanned for a free move
    while (!m_list.empty()) {
      if (fresh) {
        const Move move = freeMove();
        if (move == Move::OutOfBudget) return LinearizabilityOutcome::Unknown;
        if (move == Move::Placed) continue;
        fresh = false;
        entry = m_list.first();
        known = true;
        if (move == Move::Explored && !backtrack(entry, known)) {
          return LinearizabilityOutcome::NotLinearizable;
        }
        continue;
      }
      if (!spend()) return LinearizabilityOutcome::Unknown;
      const std::size_t i = m_list.op(entry);
      const OperationOf<M>& op = m_history[i];
      if (m_list.isCall(entry)) {
        if (op.output.has_value() == known) {
          std::optional<State> after = m_model.step(m_state, op.input, op.output);
          if (after && (op.output || !(*after == m_state)) &&
              place(i, std::move(*after), true, true)) {
            fresh = true;
            continue;
          }
        }
        entry = m_list.next(entry);
      } else if (known) {
        known = false;
        entry = m_list.first();
      } else if (!op.output && place(i, m_state, false, false)) {
        fresh = true;
      } else if (!backtrack(entry, known)) {
        return LinearizabilityOutcome::NotLinearizable;
      }
    }
    return LinearizabilityOutcome::Ok;
  }

  uint64_t steps() const { return m_steps; }
  const std::vector<PlacedOperation>& longestPrefix() const { return m_longest; }

 private:
  enum class Move { None, Placed, Explored, OutOfBudget };

  struct Frame {
    std::size_t op = 0;
    bool tookEffect = true;
    bool alternatives = true;  // false: a forced move, backtracking goes past it
    State before;
  };

  static std::vector<OpInterval> intervals(std::span<const OperationOf<M>> history) {
    std::vector<OpInterval> out;
    out.reserve(history.size());
    for (const auto& op : history) {
      PIER_ASSERT(!op.returnTime || *op.returnTime >= op.invokeTime,
                  "an operation returns no earlier than it is invoked");
      out.push_back({op.invokeTime, op.returnTime});
    }
    return out;
  }

  bool spend() {
    if (m_steps == m_stepsMax) return false;
    ++m_steps;
    return true;
  }

  // Step 1 above: places the first free move among the candidates, if any.
  Move freeMove() {
    if constexpr (HasReadOnlyCalls<M>) {
      for (std::size_t e = m_list.first(); m_list.isCall(e); e = m_list.next(e)) {
        if (!spend()) return Move::OutOfBudget;
        const std::size_t i = m_list.op(e);
        const OperationOf<M>& op = m_history[i];
        if (!op.output || !m_model.readOnly(op.input, *op.output)) continue;
        std::optional<State> after = m_model.step(m_state, op.input, op.output);
        if (!after) continue;
        PIER_ASSERT(*after == m_state, "a read-only call leaves the state unchanged");
        return place(i, std::move(*after), true, false) ? Move::Placed : Move::Explored;
      }
    }
    return Move::None;
  }

  OpSet& placedSetOf(std::size_t i) {
    return m_history[i].output ? m_placedKnown : m_placedIndeterminate;
  }

  // Whether the current placed sets with `state` are known to fail (see the class comment).
  bool knownToFail(const State& state) const {
    auto it = m_failed.find(MemoKey<State>{m_placedKnown, state});
    if (it == m_failed.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [&](const OpSet& failed) {
      return failed.isSubsetOf(m_placedIndeterminate);
    });
  }

  // The configuration left on top of the stack was explored without success.
  void recordFailure() {
    std::vector<OpSet>& failed = m_failed[MemoKey<State>{m_placedKnown, m_state}];
    std::erase_if(failed, [&](const OpSet& f) { return m_placedIndeterminate.isSubsetOf(f); });
    failed.push_back(m_placedIndeterminate);
  }

  // Places operation i next, leading to `after`, unless that configuration is known to fail.
  bool place(std::size_t i, State after, bool tookEffect, bool alternatives) {
    placedSetOf(i).insert(i);
    if (knownToFail(after)) {
      placedSetOf(i).erase(i);
      return false;
    }
    m_stack.push_back(Frame{i, tookEffect, alternatives, std::move(m_state)});
    m_state = std::move(after);
    m_list.lift(i);
    if (m_stack.size() > m_longest.size()) {
      m_longest.clear();
      for (const Frame& f : m_stack) m_longest.push_back({f.op, f.tookEffect});
    }
    return true;
  }

  // Undoes placements back to the latest one with alternatives and sets `entry` (and `known`)
  // to the next candidate after it. False when none is left: the history is not linearizable.
  bool backtrack(std::size_t& entry, bool& known) {
    while (!m_stack.empty()) {
      recordFailure();
      Frame f = std::move(m_stack.back());
      m_stack.pop_back();
      placedSetOf(f.op).erase(f.op);
      m_list.unlift(f.op);
      m_state = std::move(f.before);
      if (f.alternatives) {
        entry = m_list.next(m_list.callEntry(f.op));
        known = m_history[f.op].output.has_value();
        return true;
      }
    }
    return false;
  }

  const M& m_model;
  std::span<const OperationOf<M>> m_history;
  EntryList m_list;
  OpSet m_placedKnown;
  OpSet m_placedIndeterminate;
  // (known operations placed, state) -> the sets of indeterminate ones placed with which that
  // configuration failed, none a subset of another.
  std::unordered_map<MemoKey<State>, std::vector<OpSet>, MemoHash<M>> m_failed;
  State m_state;
  std::vector<Frame> m_stack;
  std::vector<PlacedOperation> m_longest;
  uint64_t m_steps = 0;
  uint64_t m_stepsMax = 0;
};

template <LinearizabilityModel M>
LinearizabilityResult check(const M& model, std::span<const OperationOf<M>> history,
                            const LinearizabilityOptions& options,
                            std::span<const std::size_t> labels) {
  Search<M> search(model, history);
  const LinearizabilityOutcome outcome = search.run(options.stepsMax);
  if (outcome == LinearizabilityOutcome::Ok) {
    LinearizabilityResult result;
    result.steps = search.steps();
    return result;
  }
  return explainFailure(model, history, labels, outcome, search.steps(), search.longestPrefix());
}

}  // namespace detail

template <LinearizabilityModel M>
LinearizabilityResult checkLinearizable(const M& model, std::span<const OperationOf<M>> history,
                                        const LinearizabilityOptions& options) {
  return detail::check(model, history, options, {});
}

template <typename Key, typename Input, typename Output>
std::map<Key, std::vector<std::size_t>> partitionByKey(
    const std::vector<KeyedOperation<Key, Input, Output>>& history) {
  std::map<Key, std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < history.size(); ++i) out[history[i].key].push_back(i);
  return out;
}

template <LinearizabilityModel M, typename Key, typename KeyDescriber>
PerKeyLinearizabilityResult<Key> checkLinearizablePerKey(
    const M& model,
    const std::vector<KeyedOperation<Key, typename M::Input, typename M::Output>>& history,
    const LinearizabilityOptions& options, const KeyDescriber& describeKey) {
  PerKeyLinearizabilityResult<Key> out;
  bool anyUnknown = false;
  bool anyNotLinearizable = false;
  for (auto& [key, indices] : partitionByKey(history)) {
    std::vector<OperationOf<M>> ops;
    ops.reserve(indices.size());
    for (std::size_t i : indices) ops.push_back(history[i].operation);
    LinearizabilityResult result =
        detail::check(model, std::span<const OperationOf<M>>(ops), options, indices);
    if (!result.ok()) {
      anyUnknown |= result.outcome == LinearizabilityOutcome::Unknown;
      anyNotLinearizable |= result.outcome == LinearizabilityOutcome::NotLinearizable;
      out.explanation += "key " + describeKey(key) + ": " + result.explanation;
    }
    out.keys.push_back({key, std::move(indices), std::move(result)});
  }
  out.outcome = anyNotLinearizable ? LinearizabilityOutcome::NotLinearizable
                : anyUnknown       ? LinearizabilityOutcome::Unknown
                                   : LinearizabilityOutcome::Ok;
  return out;
}

}  // namespace pier::sim
