#include "sim/linearizability.h"

#include <limits>

#include <fmt/format.h>

#include "sim/trace.h"

namespace pier::sim {

std::string_view outcomeName(LinearizabilityOutcome outcome) {
  switch (outcome) {
    case LinearizabilityOutcome::Ok:
      return "ok";
    case LinearizabilityOutcome::NotLinearizable:
      return "not linearizable";
    case LinearizabilityOutcome::Unknown:
      return "unknown (budget exhausted)";
  }
  PIER_UNREACHABLE("LinearizabilityOutcome");
}

namespace detail {

EntryList::EntryList(std::span<const OpInterval> ops)
    : m_callEntry(ops.size()), m_returnEntry(ops.size()) {
  struct Event {
    int64_t time;
    bool call;
    std::size_t op;
  };
  std::vector<Event> events;
  events.reserve(2 * ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    events.push_back({ops[i].invokeTime, true, i});
    // Never returning is returning after everything else: the search may leave it to the end.
    events.push_back({ops[i].returnTime.value_or(std::numeric_limits<int64_t>::max()), false, i});
  }
  // Calls before returns at equal times: touching intervals count as concurrent, which only
  // ever allows more orders (no false alarm from coarse timestamps).
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.call != b.call) return a.call;
    return a.op < b.op;
  });
  m_entries.resize(events.size() + 1);
  for (std::size_t k = 0; k < m_entries.size(); ++k) {
    m_entries[k].prev = k == 0 ? kEnd : k - 1;
    m_entries[k].next = k + 1 < m_entries.size() ? k + 1 : kEnd;
  }
  for (std::size_t k = 0; k < events.size(); ++k) {
    Entry& e = m_entries[k + 1];
    e.op = events[k].op;
    e.call = events[k].call;
    (e.call ? m_callEntry : m_returnEntry)[e.op] = k + 1;
  }
}

void EntryList::unlink(std::size_t entry) {
  const Entry& e = m_entries[entry];
  m_entries[e.prev].next = e.next;
  if (e.next != kEnd) m_entries[e.next].prev = e.prev;
}

void EntryList::relink(std::size_t entry) {
  const Entry& e = m_entries[entry];
  m_entries[e.prev].next = entry;
  if (e.next != kEnd) m_entries[e.next].prev = entry;
}

void EntryList::lift(std::size_t op) {
  unlink(m_callEntry[op]);
  unlink(m_returnEntry[op]);
}

void EntryList::unlift(std::size_t op) {
  // Dancing links: put back in the reverse order of removal, so each entry's saved neighbours
  // are the ones in the list again.
  relink(m_returnEntry[op]);
  relink(m_callEntry[op]);
}

bool OpSet::isSubsetOf(const OpSet& other) const {
  for (std::size_t k = 0; k < m_words.size(); ++k) {
    if ((m_words[k] & ~other.m_words[k]) != 0) return false;
  }
  return true;
}

uint64_t OpSet::hash() const {
  uint64_t h = 0;
  for (uint64_t word : m_words) h = mixHash(h, word);
  return h;
}

uint64_t mixStateHash(uint64_t opSetHash, uint64_t stateHash) {
  return mixHash(opSetHash, stateHash);
}

namespace {

constexpr std::size_t kPrefixLinesMax = 30;

std::string describeLine(const OperationLine& line) {
  const std::string returned = line.returnTime ? std::to_string(*line.returnTime) : "never";
  return fmt::format("#{} client {} [{}, {}] {} -> {}", line.index, line.client, line.invokeTime,
                     returned, line.input,
                     line.output ? *line.output : std::string("? (indeterminate)"));
}

void appendPrefix(const FailureReport& report, std::string& out) {
  out += fmt::format("longest linearizable prefix found: {} of {} operations, from {}\n",
                     report.prefix.size(), report.operationCount, report.initialState);
  std::size_t skip = 0;
  if (report.prefix.size() > kPrefixLinesMax) {
    skip = report.prefix.size() - kPrefixLinesMax;
    out += fmt::format("  ... {} earlier operations (longestPrefix has them all)\n", skip);
  }
  for (std::size_t k = skip; k < report.prefix.size(); ++k) {
    const OperationLine& line = report.prefix[k];
    out += fmt::format("  {}. {}  => {}\n", k + 1, describeLine(line), line.note);
  }
  out += fmt::format("state after it: {}\n", report.stateAfterPrefix);
}

}  // namespace

std::string formatReport(const FailureReport& report) {
  std::string out = fmt::format("{} after {} steps\n", outcomeName(report.outcome), report.steps);
  appendPrefix(report, out);
  const std::string deadline =
      report.deadlineOp
          ? fmt::format("#{} returned at t={}: it or an operation invoked by then goes next",
                        *report.deadlineOp, report.deadline)
          : std::string("every operation left is indeterminate or never returned");
  if (report.outcome == LinearizabilityOutcome::NotLinearizable) {
    out += fmt::format("no operation can be placed next ({}):\n", deadline);
  } else {
    out += fmt::format("candidates to place next, not all explored ({}):\n", deadline);
  }
  for (const OperationLine& line : report.unplaced) {
    out += fmt::format("  {}: {}\n", describeLine(line), line.note);
  }
  if (report.unplacedWithoutEffect > 0) {
    out += fmt::format("  and {} indeterminate operations that would change nothing here\n",
                       report.unplacedWithoutEffect);
  }
  return out;
}

}  // namespace detail
}  // namespace pier::sim
