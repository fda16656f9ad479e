#pragma once
// SystemClock: the real clock (CLOCK_MONOTONIC and CLOCK_REALTIME). Thread-safe, stateless.

#include "runtime/clock.h"

namespace pier {

class SystemClock final : public Clock {
 public:
  MonoTime now() const override;
  int64_t wallMs() const override;
};

}  // namespace pier
