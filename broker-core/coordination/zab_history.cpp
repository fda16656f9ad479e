#include "coordination/zab_history.h"

#include <algorithm>

#include "base/assert.h"

namespace pier::coordination {

ZabHistory::ZabHistory(std::size_t capacity) : m_capacity(capacity) {
  PIER_ASSERT(capacity > 0, "a history keeps at least one transaction");
}

void ZabHistory::reset(Zxid last) {
  m_txns.clear();
  m_base = last;
}

void ZabHistory::append(ZabTxn txn) {
  PIER_ASSERT(txn.zxid > last(), "committed zxids increase");
  m_txns.push_back(std::move(txn));
  while (m_txns.size() > m_capacity) {
    m_base = m_txns.front().zxid;
    m_txns.pop_front();
  }
}

void ZabHistory::truncateAfter(Zxid zxid) {
  while (!m_txns.empty() && m_txns.back().zxid > zxid) m_txns.pop_back();
  if (m_txns.empty() && zxid < m_base) m_base = zxid;
}

std::vector<ZabTxn> ZabHistory::after(Zxid zxid) const {
  std::vector<ZabTxn> out;
  for (const ZabTxn& t : m_txns)
    if (t.zxid > zxid) out.push_back(t);
  return out;
}

SyncPlan ZabHistory::planSync(Zxid peer) const {
  SyncPlan plan;
  if (peer == last()) return plan;
  if (peer > last()) {
    plan.kind = SyncPlan::Kind::Trunc;
    plan.truncateTo = last();
    return plan;
  }
  if (peer < m_base) {
    plan.kind = SyncPlan::Kind::Snap;
    return plan;
  }
  const bool known = peer == m_base || std::any_of(m_txns.begin(), m_txns.end(),
                                                   [&](const ZabTxn& t) { return t.zxid == peer; });
  if (known) {
    plan.txns = after(peer);
    return plan;
  }
  // The last zxid of ours before the peer's: the peer keeps that prefix and cuts the rest.
  Zxid prev = m_base;
  for (const ZabTxn& t : m_txns) {
    if (t.zxid > peer) break;
    prev = t.zxid;
  }
  plan.kind = SyncPlan::Kind::Trunc;
  plan.truncateTo = prev;
  plan.txns = after(prev);
  return plan;
}

}  // namespace pier::coordination
