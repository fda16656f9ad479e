#include "daemon/daemon_signals.h"

#include <pthread.h>

#include "base/log.h"

namespace pier {

sigset_t blockDaemonSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

std::thread startSignalThread(Loop& loop, sigset_t signals, std::function<void()> shutdown) {
  return std::thread([&loop, signals, shutdown = std::move(shutdown)] {
    while (true) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) return;
      if (sig == SIGHUP) {
        Status reopened = log::reopen();
        if (!reopened) PIER_LOG_ERROR("cannot reopen the log file", {"why", reopened});
        continue;
      }
      PIER_LOG_INFO("shutting down", {"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"});
      loop.post(shutdown);
      return;
    }
  });
}

}  // namespace pier
