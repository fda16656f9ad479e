#pragma once
// LoopThread: a Loop and a Network for it, run by a thread of their own. For work that must go
// on while its owner's loop is blocked: a synchronous client's socket I/O and keep-alives
// (client/zookeeper_client.h). The owner talks to it only through loop().post().
//
// Thread-safety: loop().post() from any thread; everything else on the loop's thread, as for
// any Loop. The destructor stops the loop and joins the thread; tasks still queued then are
// destroyed unrun. Requires: whatever runs on it (connections, timers) is released or closed
// before the destructor, except by tasks still queued.

#include <functional>
#include <memory>
#include <string_view>

#include "runtime/loop.h"
#include "runtime/network.h"

namespace pier {

class LoopThread {
 public:
  virtual ~LoopThread() = default;
  virtual Loop& loop() = 0;
  virtual Network& network() = 0;
};

// Starts a LoopThread; `name` names the thread (what `top -H` and debuggers show).
using LoopThreadFactory = std::function<std::unique_ptr<LoopThread>(std::string_view name)>;

}  // namespace pier
