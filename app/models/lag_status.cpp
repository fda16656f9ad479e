#include "models/lag_status.h"

#include <algorithm>

namespace pier {

namespace {

int severity(LagStatus s) {
  switch (s) {
    case LagStatus::Ok: return 0;
    case LagStatus::Warn: return 1;
    case LagStatus::Rewind: return 2;
    case LagStatus::Stall: return 3;
    case LagStatus::Stop: return 4;
  }
  return 0;
}

}  // namespace

LagStatus evaluatePartition(const QList<LagSample>& all, qint64 nowMs, bool owned) {
  QList<LagSample> w;
  for (const LagSample& s : all.mid(std::max<qsizetype>(0, all.size() - kLagWindowSamples))) {
    if (s.lag() >= 0) {
      w.append(s);
    }
  }
  if (w.size() < 2) {
    return LagStatus::Ok;  // too little history to judge
  }
  if (std::any_of(w.begin(), w.end(), [](const LagSample& s) { return s.lag() == 0; })) {
    return LagStatus::Ok;
  }
  for (qsizetype i = 1; i < w.size(); ++i) {
    if (w[i].committedOffset < w[i - 1].committedOffset) {
      return LagStatus::Rewind;
    }
  }
  // When did the committed offset last move?
  qint64 lastCommitMs = w.first().timeMs;
  for (qsizetype i = 1; i < w.size(); ++i) {
    if (w[i].committedOffset != w[i - 1].committedOffset) {
      lastCommitMs = w[i].timeMs;
    }
  }
  const bool offsetMoved = w.last().committedOffset != w.first().committedOffset;
  const bool stoppedMoving = nowMs - lastCommitMs > lastCommitMs - w.first().timeMs;
  if (!offsetMoved || stoppedMoving) {
    return owned ? LagStatus::Stall : LagStatus::Stop;
  }
  // Committing, but the lag never got smaller from one sample to the next.
  bool lagShrank = false;
  for (qsizetype i = 1; i < w.size(); ++i) {
    lagShrank = lagShrank || w[i].lag() < w[i - 1].lag();
  }
  return lagShrank ? LagStatus::Ok : LagStatus::Warn;
}

LagStatus worse(LagStatus a, LagStatus b) { return severity(a) >= severity(b) ? a : b; }

QString lagStatusName(LagStatus status) {
  switch (status) {
    case LagStatus::Ok: return QStringLiteral("OK");
    case LagStatus::Warn: return QStringLiteral("WARN");
    case LagStatus::Stall: return QStringLiteral("STALL");
    case LagStatus::Stop: return QStringLiteral("STOP");
    case LagStatus::Rewind: return QStringLiteral("REWIND");
  }
  return {};
}

}  // namespace pier
