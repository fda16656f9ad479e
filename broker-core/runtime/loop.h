#pragma once
// Loop: the single thread that owns a service's state. Work reaches it by post(); timers fire
// on it. A service never blocks its loop on the network or disk waits.
//
// Thread-safety: post() may be called from any thread; everything else only on the loop thread.
// Tasks and timer callbacks run on the loop thread, in post order.

#include <cstdint>
#include <functional>

#include "base/strong_id.h"
#include "runtime/clock.h"

namespace pier {

using TimerId = StrongId<struct TimerIdTag, uint64_t>;

class Loop {
 public:
  using Task = std::function<void()>;

  virtual ~Loop() = default;

  virtual void post(Task task) = 0;
  // Runs `task` once after `delay`. The id cancels it.
  virtual TimerId after(Duration delay, Task task) = 0;
  // True when the timer was pending and will now not run.
  virtual bool cancel(TimerId id) = 0;
  virtual const Clock& clock() const = 0;
};

}  // namespace pier
