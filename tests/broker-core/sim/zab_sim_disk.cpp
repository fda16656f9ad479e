#include "zab_sim_disk.h"

#include <fmt/format.h>

namespace pier::simtest {

using coordination::ZabReady;
using coordination::ZabTxn;

KvState ZabDisk::replay() const {
  KvState s = snapshot;
  for (const ZabTxn& t : log) s.apply(t);
  return s;
}

void ZabDisk::recover() {
  if (unsynced.empty()) return;
  const auto keep = static_cast<std::size_t>(prng.below(unsynced.size() + 1));
  ++stats.tornTails;
  stats.entriesLost += unsynced.size() - keep;
  log.insert(log.end(), unsynced.begin(), unsynced.begin() + static_cast<std::ptrdiff_t>(keep));
  unsynced.clear();
}

void ZabDisk::cutLogAfter(Zxid zxid) {
  while (!log.empty() && log.back().zxid > zxid) log.pop_back();
}

ZabSimStorage::ZabSimStorage(ZabDisk& disk, std::vector<std::string>& violations,
                             bool handBackBeforeSync)
    : m_disk(disk), m_violations(violations), m_handBackBeforeSync(handBackBeforeSync) {}

void ZabSimStorage::submit(ZabReady ready, int64_t nowMs) {
  if (ready.empty() || m_failed) return;
  m_queue.push_back(std::move(ready));
  if (!m_batch && !m_carryingOut) startNext(nowMs);
}

// As QuorumService::drive: every queued ready up to the first that rewrites files, which goes
// alone.
void ZabSimStorage::startNext(int64_t nowMs) {
  if (m_queue.empty() || m_failed) return;
  Batch b;
  while (!m_queue.empty()) {
    const bool rewrites = m_queue.front().truncateTo || m_queue.front().installSnapshot;
    if (rewrites && !b.readies.empty()) break;
    b.readies.push_back(std::move(m_queue.front()));
    m_queue.pop_front();
    if (rewrites) break;
  }
  const ZabReady& first = b.readies.front();
  if (first.truncateTo || first.installSnapshot) {
    b.stage = Stage::Rewrite;
    b.dueMs = nowMs + m_disk.profile.syncLatencyMs(nowMs);
  } else {
    startLog(b, nowMs);
  }
  m_batch = std::move(b);
}

// The storage thread writes the batch's entries (they reach the disk's cache, unsynced) and
// fsyncs them; nothing to log: the epochs are written on the keeper's loop at once.
void ZabSimStorage::startLog(Batch& b, int64_t nowMs) {
  b.stage = Stage::Log;
  std::size_t entries = 0;
  for (const ZabReady& r : b.readies) {
    m_disk.unsynced.insert(m_disk.unsynced.end(), r.toLog.begin(), r.toLog.end());
    entries += r.toLog.size();
  }
  b.dueMs = entries == 0 ? nowMs : nowMs + m_disk.profile.syncLatencyMs(nowMs);
}

std::vector<ZabStored> ZabSimStorage::poll(int64_t nowMs) {
  // The batch handed back last has been carried out: what queued meanwhile goes next.
  m_carryingOut = false;
  if (!m_batch) startNext(nowMs);
  while (m_batch && !m_failed) {
    Batch& b = *m_batch;
    if (m_handBackBeforeSync && b.stage == Stage::Log && !b.handedBack) {
      if (!writeEpochs(b, nowMs)) return {};
      b.handedBack = true;
      return handBack(b);
    }
    if (b.dueMs > nowMs) return {};
    if (b.stage == Stage::Rewrite) {
      if (!rewrite(b, nowMs)) return {};
      startLog(b, nowMs);
      continue;
    }
    if (!m_disk.unsynced.empty()) {
      // A failure now hit the log's fsync, or the epoch file written right after it.
      if (m_disk.profile.failsAt(nowMs) && !(writesEpochs(b) && m_disk.prng.chance(1, 2))) {
        fail();
        return {};
      }
      ++m_disk.stats.syncs;
    }
    m_disk.log.insert(m_disk.log.end(), m_disk.unsynced.begin(), m_disk.unsynced.end());
    m_disk.unsynced.clear();
    Batch done = std::move(b);
    m_batch.reset();
    if (done.handedBack) {
      startNext(nowMs);
      continue;
    }
    if (!writeEpochs(done, nowMs)) return {};
    return handBack(done);
  }
  return {};
}

// TRUNC: the log cut after the zxid. SNAP: the log cut at the snapshot's zxid, then the snapshot
// written (a failure in between leaves the cut log and the old snapshot, as the keeper's
// rewrite does). Then the replica's state is what the disk now holds.
bool ZabSimStorage::rewrite(Batch& b, int64_t nowMs) {
  const ZabReady& r = b.readies.front();
  if (r.installSnapshot) {
    auto s = KvState::decode(r.installSnapshot->bytes);
    if (!s || s->zxid != r.installSnapshot->zxid) {
      m_violations.push_back("a SNAP that does not decode");
      fail();
      return false;
    }
    if (m_disk.profile.failsAt(nowMs)) {
      if (m_disk.prng.chance(1, 2)) m_disk.cutLogAfter(s->zxid);  // the snapshot write failed
      fail();
      return false;
    }
    m_disk.snapshot = *s;
    m_disk.log.clear();
    b.restored = *s;
    return true;
  }
  const Zxid to = *r.truncateTo;
  if (to < m_disk.snapshot.zxid) {
    m_violations.push_back(fmt::format("TRUNC to 0x{:x} below the snapshot at 0x{:x}", to.value(),
                                       m_disk.snapshot.zxid.value()));
  }
  if (m_disk.profile.failsAt(nowMs)) {
    fail();
    return false;
  }
  m_disk.cutLogAfter(to);
  b.restored = m_disk.replay();
  return true;
}

bool ZabSimStorage::writesEpochs(const Batch& b) {
  for (const ZabReady& r : b.readies)
    if (r.acceptedEpoch || r.currentEpoch) return true;
  return false;
}

// Each epoch file is written to a temporary file, fsynced and renamed: durable once written.
bool ZabSimStorage::writeEpochs(const Batch& b, int64_t nowMs) {
  for (const ZabReady& r : b.readies) {
    if ((r.acceptedEpoch || r.currentEpoch) && m_disk.profile.failsAt(nowMs)) {
      fail();
      return false;
    }
    if (r.acceptedEpoch) m_disk.acceptedEpoch = *r.acceptedEpoch;
    if (r.currentEpoch) m_disk.currentEpoch = *r.currentEpoch;
  }
  return true;
}

std::vector<ZabStored> ZabSimStorage::handBack(Batch& b) {
  m_carryingOut = true;
  std::vector<ZabStored> out;
  for (std::size_t i = 0; i < b.readies.size(); ++i) {
    out.push_back({std::move(b.readies[i]), i == 0 ? std::move(b.restored) : std::nullopt});
  }
  return out;
}

void ZabSimStorage::fail() {
  m_failed = true;
  ++m_disk.stats.failures;
  m_queue.clear();
  m_batch.reset();
}

}  // namespace pier::simtest
