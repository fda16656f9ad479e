#pragma once
// Samples processes' VmRSS every 20 ms on a thread of its own until stopped, for bench_keeper;
// keeps the largest sample of each process and the largest sum of one sample. Owned by the
// bench's main thread; `sample` runs on the sampler's thread and must be safe there (reading
// /proc is). The destructor stops and joins.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <numeric>
#include <thread>
#include <vector>

namespace pier::bench {

class RssSampler {
 public:
  using Sample = std::function<std::vector<uint64_t>()>;
  struct Peaks {
    std::vector<uint64_t> each;
    uint64_t sum = 0;
  };

  explicit RssSampler(Sample sample)
      : m_thread([this, sample = std::move(sample)] {
          while (!m_stop) {
            const std::vector<uint64_t> now = sample();
            m_peaks.each.resize(std::max(m_peaks.each.size(), now.size()));
            for (std::size_t i = 0; i < now.size(); ++i)
              m_peaks.each[i] = std::max(m_peaks.each[i], now[i]);
            m_peaks.sum =
                std::max(m_peaks.sum, std::accumulate(now.begin(), now.end(), uint64_t{0}));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        }) {}
  Peaks stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
    return m_peaks;
  }
  ~RssSampler() { stop(); }

 private:
  std::atomic<bool> m_stop{false};
  Peaks m_peaks;  // written by the thread, read after join()
  std::thread m_thread;
};

}  // namespace pier::bench
