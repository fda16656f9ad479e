#pragma once
// Clock: where broker-core gets the time. Nothing outside runtime/ reads a system clock, so the
// same code runs on real time and on a simulation's virtual time.
//
// MonoTime is monotonic (timeouts, timers, rates); wall time in epoch milliseconds is what Kafka
// stamps on records (CreateTime/LogAppendTime) and ZooKeeper on znodes (ctime/mtime).

#include <chrono>
#include <cstdint>

namespace pier {

// A clock type for std::chrono arithmetic with no now(): times come only from a Clock object.
struct MonotonicTimeline {
  using rep = int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<MonotonicTimeline>;
  static constexpr bool is_steady = true;
};

using Duration = std::chrono::nanoseconds;
using MonoTime = MonotonicTimeline::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual MonoTime now() const = 0;
  virtual int64_t wallMs() const = 0;  // milliseconds since the Unix epoch
};

// A clock that moves only when told: tests and simulations. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t wallMsAtStart = 1'700'000'000'000) : m_wallMsAtStart(wallMsAtStart) {}

  MonoTime now() const override { return m_now; }
  int64_t wallMs() const override {
    return m_wallMsAtStart + std::chrono::duration_cast<std::chrono::milliseconds>(
                                 m_now.time_since_epoch()).count();
  }
  void advance(Duration d) { m_now += d; }

 private:
  int64_t m_wallMsAtStart;
  MonoTime m_now{};
};

}  // namespace pier
