#include "runtime/posix/system_clock.h"

#include <chrono>

namespace pier {

MonoTime SystemClock::now() const {
  auto sinceBoot = std::chrono::steady_clock::now().time_since_epoch();
  return MonoTime(std::chrono::duration_cast<Duration>(sinceBoot));
}

int64_t SystemClock::wallMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pier
