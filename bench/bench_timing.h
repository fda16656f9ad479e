#pragma once
// The one timing loop every benchmark uses: bytes per second of an operation, best of several
// bounded runs (each capped in time and in iterations, so a bench always ends).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>

namespace pier::bench {

// Bytes per second of fn() doing `bytes` bytes of work per call, best of 5 runs of 200 ms.
// fn returns false when the operation failed: the figure is then 0, never a hidden error.
inline double measureBytesPerSecond(std::size_t bytes, const std::function<bool()>& fn) {
  using clock = std::chrono::steady_clock;
  constexpr int kRuns = 5;
  constexpr auto kRunTime = std::chrono::milliseconds(200);
  constexpr int kMaxIterations = 1'000'000;
  double best = 0;
  for (int run = 0; run < kRuns; ++run) {
    auto start = clock::now();
    int iterations = 0;
    while (clock::now() - start < kRunTime && iterations < kMaxIterations) {
      if (!fn()) return 0;
      ++iterations;
    }
    double seconds = std::chrono::duration<double>(clock::now() - start).count();
    best = std::max(best, static_cast<double>(bytes) * iterations / seconds);
  }
  return best;
}

}  // namespace pier::bench
