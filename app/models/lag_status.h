#pragma once
// Consumer lag status in the manner of Burrow (LinkedIn's lag checker): each partition of a
// group is judged over a window of its most recent samples (committed offset and log end offset
// at a time), and the group takes the worst of its partitions:
//
//   OK      the consumer keeps up (some sample in the window has no lag), or nothing is wrong
//   WARN    the consumer commits, but its lag does not shrink over the window
//   STALL   the committed offset does not move while there is lag, and a member owns the
//           partition: the consumer is alive but stuck
//   STOP    the same, with nobody owning the partition (the consumers are gone), or no new
//           commit for longer than the window covered before it
//
// (Burrow tells STALL from STOP by commit timestamps; periodic OffsetFetch does not see them,
// so whether a member still owns the partition decides instead.)
//   REWIND  the committed offset went backwards (a reset, or a consumer re-reading)
//
// Severity for the group: STOP > STALL > REWIND > WARN > OK. Pure functions over samples.

#include <QList>
#include <QString>

namespace pier {

enum class LagStatus { Ok, Warn, Stall, Stop, Rewind };

struct LagSample {
  qint64 timeMs = 0;
  qint64 committedOffset = -1;
  qint64 logEndOffset = -1;
  qint64 lag() const { return committedOffset < 0 || logEndOffset < 0 ? -1 : std::max<qint64>(0, logEndOffset - committedOffset); }
};

inline constexpr int kLagWindowSamples = 10;  // Burrow's default window: 10 offsets

// The status of one partition over `window` (oldest first; the last kLagWindowSamples are used).
// `nowMs` is the time of judgement; `owned`: a group member has the partition assigned.
LagStatus evaluatePartition(const QList<LagSample>& window, qint64 nowMs, bool owned);
// The worse of two statuses.
LagStatus worse(LagStatus a, LagStatus b);
QString lagStatusName(LagStatus status);  // "OK", "WARN", "STALL", "STOP", "REWIND"

}  // namespace pier
