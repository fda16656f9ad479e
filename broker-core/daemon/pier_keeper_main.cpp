// pier-keeper zoo.cfg [--log-file PATH] [--version]
//
// A ZooKeeper-compatible coordination service. Reads ZooKeeper's zoo.cfg (and <dataDir>/myid);
// a bad value names the key and the value and the process exits 1, an unknown key is a warning.
// Restores the database from dataDir/dataLogDir in ZooKeeper 3.8's format, serves clients on
// clientPort, and runs until SIGTERM or SIGINT. SIGHUP reopens the --log-file.
// With server.N lines (and <dataDir>/myid) it is one member of an ensemble replicated by ZAB
// (keeper/quorum_service.h): clients are served once it leads or follows an established leader.

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "base/log.h"
#include "daemon/daemon_signals.h"
#include "daemon/malloc_tuning.h"
#include "keeper/keeper_config.h"
#include "keeper/keeper_database.h"
#include "keeper/keeper_server.h"
#include "keeper/quorum_service.h"
#include "keeper/zk_purge.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_loop_thread.h"
#include "runtime/asio/asio_network.h"
#include "runtime/posix/posix_file_system.h"

using namespace pier;

namespace {

constexpr const char* kVersion = "pier-keeper 0.1.0 (ZooKeeper 3.8 protocol)";

struct Args {
  std::string configPath;
  std::string logFile;
};

std::optional<int> parseArgs(int argc, char** argv, Args& args) {
  CLI::App app("pier-keeper: a ZooKeeper-compatible coordination service", "pier-keeper");
  app.set_version_flag("--version", kVersion);
  app.add_option("config", args.configPath, "zoo.cfg")->required();
  app.add_option("--log-file", args.logFile, "log here instead of stderr; SIGHUP reopens it");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  return std::nullopt;
}

// DatadirCleanupManager: with autopurge.purgeInterval > 0, keep autopurge.snapRetainCount
// snapshots (and the logs they need) now and every purgeInterval hours.
void schedulePurge(Loop& loop, FileSystem& fs, const keeper::KeeperConfig& config, Duration delay) {
  if (config.autopurgePurgeIntervalHours <= 0) return;
  loop.after(delay, [&loop, &fs, &config] {
    auto purged = keeper::purgeOldFiles(fs, config.dataDir, config.dataLogDir,
                                        config.autopurgeSnapRetainCount);
    if (!purged) {
      PIER_LOG_WARN("autopurge failed", {"why", purged.status()});
    } else if (!purged->snapshots.empty() || !purged->logs.empty()) {
      PIER_LOG_INFO("autopurge", {"snapshots", purged->snapshots.size()},
                    {"logs", purged->logs.size()});
    }
    schedulePurge(loop, fs, config, std::chrono::hours(config.autopurgePurgeIntervalHours));
  });
}

int fail(const std::string& message) {
  std::fprintf(stderr, "pier-keeper: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  reexecWithMallocTunables(argv, "pier-keeper");
  // Buffers of 1 MiB and more (snapshot streams, journal batches) come from mmap and go back to
  // the system when freed. A fixed threshold also stops glibc from raising it after the first
  // such free, which would keep every later snapshot's memory in the heap for good.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  Args args;
  if (auto code = parseArgs(argc, argv, args)) return *code;
  if (!args.logFile.empty()) {
    if (Status logging = log::logToFile(args.logFile); !logging) return fail(logging.toString());
  }
  PosixFileSystem fs;
  auto parsed = keeper::loadZooCfg(fs, args.configPath);
  if (!parsed) return fail(parsed.status().message());
  for (const std::string& warning : parsed->warnings) PIER_LOG_WARN(warning);
  const keeper::KeeperConfig& config = parsed->config;
  auto restored = keeper::restoreDatabase(fs, config.dataDir, config.dataLogDir);
  if (!restored) return fail("cannot restore the database: " + restored.status().toString());
  PIER_LOG_INFO("database restored", {"zxid", restored->tree->lastProcessedZxid()},
                {"snapshotZxid", restored->snapshotZxid}, {"replayed", restored->replayedTxns});
  // As ZooKeeperServer.loadData: a clean snapshot before serving.
  if (Status snap = keeper::takeSnapshot(fs, config.dataDir, *restored->tree); !snap) {
    return fail("cannot write the start-up snapshot: " + snap.toString());
  }
  const sigset_t signals = blockDaemonSignals();
  AsioLoop loop;
  AsioNetwork network(loop);
  auto persisted =
      keeper::loadQuorumState(fs, config, *restored, static_cast<uint64_t>(loop.clock().wallMs()));
  if (!persisted) return fail(persisted.status().message());
  // The transaction log is written and fsynced on a thread of its own (pipelined group commit).
  // A standalone keeper makes snapshots durable on another (ZooKeeper's snapshot thread),
  // beside the commits. An ensemble member keeps them on the storage thread, in order with the
  // TRUNC and SNAP rewrites a new leader may ask for: a snapshot of txns that a TRUNC removes
  // must not be named after that TRUNC has run.
  std::unique_ptr<LoopThread> storage = startAsioLoopThread("keeper-storage");
  std::unique_ptr<LoopThread> snapshots;
  if (config.mode == keeper::KeeperMode::Standalone) snapshots = startAsioLoopThread("keeper-snapshot");
  keeper::ZkTxnJournal journal(
      fs, config.dataLogDir,
      keeper::TxnLogOptions{static_cast<uint64_t>(config.preAllocSizeKb) * 1024, 0}, loop,
      storage->loop(), snapshots ? &snapshots->loop() : nullptr);
  keeper::KeeperServer server(loop, network, config, std::move(restored->tree), journal);
  // A storage failure stops the keeper with exit status 1: the signal thread is woken with a
  // SIGTERM of our own, so it shuts the loop down as for any stop and can be joined.
  bool fatal = false;
  auto stopFatally = [&fatal](std::string_view what, const Status& why) {
    PIER_LOG_ERROR(what, {"why", why});
    fatal = true;
    kill(getpid(), SIGTERM);
  };
  // Every snapCount transactions: the tree is written as it stands (a consistent snapshot, not a
  // fuzzy one) into snapshot.<zxid>.tmp here on the keeper's loop, in pieces straight from the
  // tree (page-cache writes, ~10 ms for 50k znodes; no copy of the tree or of its stream), then
  // made durable and named (standalone: on the snapshot thread) after the log rolls on the
  // storage thread.
  std::unique_ptr<keeper::QuorumService> quorum;
  server.setSnapshotHook(
      [&fs, &journal, &config, &stopFatally, &quorum](const coordination::DataTree& tree) {
        if (quorum) quorum->snapshotTaken(tree.lastProcessedZxid());
        if (Status written = keeper::writeSnapshotTemp(fs, config.dataDir, tree); !written) {
          stopFatally("cannot write a snapshot; exiting", written);
          return;
        }
        journal.publishSnapshot(config.dataDir, tree.lastProcessedZxid(), [&stopFatally](Status done) {
          if (!done) stopFatally("cannot write a snapshot; exiting", done);
        });
      });
  server.setFatalHook(
      [&stopFatally](const Status& why) { stopFatally("fatal storage error; exiting", why); });
  if (config.mode == keeper::KeeperMode::Ensemble) {
    keeper::QuorumCallbacks callbacks;
    callbacks.apply = [&server](const coordination::Txn& txn, bool committed) {
      server.applyReplicated(txn, committed);
    };
    callbacks.replaceTree = [&server](std::unique_ptr<coordination::DataTree> tree) {
      server.replaceTree(std::move(tree));
    };
    callbacks.snapshotBytes = [&server] { return server.snapshotBytes(); };
    callbacks.event = [&server](const coordination::ZabEvent& e) { server.onQuorumEvent(e); };
    callbacks.fatal = [&stopFatally](const Status& why) {
      stopFatally("fatal quorum storage error; exiting", why);
    };
    quorum = std::make_unique<keeper::QuorumService>(
        loop, network, fs, config, std::move(*persisted), journal, std::move(callbacks));
    server.attachQuorum(quorum.get());
  }
  if (Status started = server.start(); !started) return fail(started.message());
  if (quorum) {
    if (Status started = quorum->start(); !started) return fail(started.message());
  }
  schedulePurge(loop, fs, config, Duration::zero());
  std::thread signalThread = startSignalThread(loop, signals, [&loop, &server, &quorum] {
    if (quorum) quorum->stop();
    server.stop();
    loop.stop();
  });
  loop.run();
  signalThread.join();
  storage.reset();  // the journal's pending work finishes or is dropped before the journal goes
  snapshots.reset();
  return fatal ? 1 : 0;
}
