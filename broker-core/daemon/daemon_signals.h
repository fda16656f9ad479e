#pragma once
// How pier-broker and pier-keeper take signals: SIGTERM, SIGINT and SIGHUP are blocked in every
// thread and waited for by one thread of their own. SIGHUP reopens the --log-file (logrotate);
// SIGTERM or SIGINT logs "shutting down" and posts `shutdown` to the daemon's loop, once.
//
// Call blockDaemonSignals() first in main, before any thread starts, so every thread inherits
// the mask. The returned thread ends after the shutdown signal; join it after the loop returns.

#include <signal.h>

#include <functional>
#include <thread>

#include "runtime/loop.h"

namespace pier {

sigset_t blockDaemonSignals();
std::thread startSignalThread(Loop& loop, sigset_t signals, std::function<void()> shutdown);

}  // namespace pier
