#pragma once
// The ZAB simulation's disk and the keeper's way of writing to it.
//
// ZabDisk: one keeper's dataDir/dataLogDir, outliving its crashes (owned by the test). What is
// durable -- the epoch files, the newest snapshot, the transaction log after it -- and what was
// written to the log but not yet fsynced. At the next boot a random prefix of that unsynced tail
// survives (a torn tail: the OS had flushed some of it, or the process died and the page cache
// kept it all, or the machine lost power and it is all gone; a half-written entry fails its CRC
// and is cut, as restoreDatabase does), and the rest is lost. The disk's profile (sim/
// disk_fault_plan.h) says how long an fsync takes and when writes fail.
//
// ZabSimStorage: pier-keeper's QuorumService storage path (take, drive, persistThenFinish) on a
// ZabDisk, for one incarnation of a peer. Readies queue in order; a batch -- every queued ready
// up to the first TRUNC or SNAP, which goes alone -- is persisted in steps that take the disk's
// fsync latency and complete on the first poll at or after their due time: the rewrite (TRUNC /
// SNAP, then the replica's state is reloaded from disk), then the batch's log entries written
// and fsynced (group commit), then the epoch files (written atomically, durable at once), and
// only then is the batch handed back to be carried out (apply, send, events). A batch with
// nothing to log or rewrite completes at once, as the keeper writes epoch files on its loop. A
// failed write or fsync stops the keeper (QuorumService calls fatal; the daemon exits): failed()
// holds, nothing more is handed back, and the unsynced tail is left to the next boot.
//
// Single-threaded; a ZabSimStorage is owned by its ZabSimPeer and dies with it (a crash loses
// what it had queued). Requires: the ZabDisk outlives it.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/prng.h"
#include "coordination/zab_peer.h"
#include "sim/disk_fault_plan.h"
#include "zab_sim_state.h"

namespace pier::simtest {

struct ZabDisk {
  int64_t acceptedEpoch = 0;
  int64_t currentEpoch = 0;
  KvState snapshot;
  std::vector<coordination::ZabTxn> log;       // durable, after snapshot.zxid
  std::vector<coordination::ZabTxn> unsynced;  // written after `log`, not yet fsynced
  uint64_t boots = 0;
  // pier-keeper writes a snapshot at boot (so the log holds nothing before it, and a learner's
  // log cannot be cut below where it booted); off, the log is kept across boots, so restarted
  // learners can be truncated and restarted leaders sync by DIFF.
  bool snapshotAtBoot = false;
  sim::DiskProfile profile;
  Prng prng{0};  // which prefix of an unsynced tail survives a crash

  struct Stats {
    uint64_t syncs = 0;
    uint64_t failures = 0;     // writes or fsyncs that failed (the keeper stopped)
    uint64_t tornTails = 0;    // boots that found an unsynced tail
    uint64_t entriesLost = 0;  // unsynced entries lost by them
  } stats;

  Zxid lastZxid() const { return log.empty() ? snapshot.zxid : log.back().zxid; }
  KvState replay() const;
  // At boot, after a crash: a random prefix of the unsynced tail is kept, the rest is lost.
  void recover();
  void cutLogAfter(Zxid zxid);
};

// A ready carried out after its persistence completed; `restored` is the replica's state
// reloaded from disk after its TRUNC or SNAP (the keeper's replaceTree).
struct ZabStored {
  coordination::ZabReady ready;
  std::optional<KvState> restored;
};

class ZabSimStorage {
 public:
  // handBackBeforeSync: deliberately broken -- a batch is carried out once its log entries are
  // written, before their fsync completes.
  ZabSimStorage(ZabDisk& disk, std::vector<std::string>& violations, bool handBackBeforeSync);

  void submit(coordination::ZabReady ready, int64_t nowMs);
  // The next batch whose persistence completed by nowMs (empty: none yet), in order. The caller
  // carries it out before polling again; what it submits meanwhile waits for that next poll.
  std::vector<ZabStored> poll(int64_t nowMs);
  bool failed() const { return m_failed; }

 private:
  enum class Stage { Rewrite, Log, Done };
  struct Batch {
    std::vector<coordination::ZabReady> readies;
    Stage stage = Stage::Log;
    int64_t dueMs = 0;
    bool handedBack = false;
    std::optional<KvState> restored;
  };

  void startNext(int64_t nowMs);
  void startLog(Batch& b, int64_t nowMs);
  bool rewrite(Batch& b, int64_t nowMs);
  bool writeEpochs(const Batch& b, int64_t nowMs);
  static bool writesEpochs(const Batch& b);
  std::vector<ZabStored> handBack(Batch& b);
  void fail();

  ZabDisk& m_disk;
  std::vector<std::string>& m_violations;
  bool m_handBackBeforeSync;
  std::deque<coordination::ZabReady> m_queue;
  std::optional<Batch> m_batch;  // being persisted
  bool m_carryingOut = false;    // a batch was handed back; the next starts at the next poll
  bool m_failed = false;
};

}  // namespace pier::simtest
