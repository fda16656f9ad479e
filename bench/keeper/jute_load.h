#pragma once
// A lean ZooKeeper load for bench_keeper: the client protocol spoken directly (the project's
// generated jute records) by one thread over non-blocking sockets with poll(), each session
// keeping `inFlight` requests pipelined on its connection. Where libzookeeper_mt spends two
// threads and a lock handoff per request (the C client is this machine's bottleneck, see the
// header of bench_keeper.cpp), this costs a few microseconds, so it shows what each server can
// serve rather than what the C client can drive.
//
// Owned by the bench's main thread; each call opens its sessions, runs one phase (bounded by
// count and time), and closes them.

#include <string>

#include "zk_load.h"

namespace pier::bench {

// Sessions to 127.0.0.1:`port`, nodes <spec.parent>/n<i> (the parent is created first when
// spec.op is Create). Latencies are request-to-reply on the client.
PhaseFigures runPipelined(int port, const PhaseSpec& spec, int sessions, int inFlight,
                          std::size_t valueBytes);

}  // namespace pier::bench
