#pragma once
// What the seeded simulation tests share: which seeds to run (PIER_SIM_SEED / PIER_SIM_RUNS),
// printing a run's trace when PIER_SIM_TRACE=1, searching failures, and std::visit's overload
// helper for the tests' message variants.

#include <QByteArray>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace pier::simtest {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// PIER_SIM_SEED=<n>: only n; PIER_SIM_RUNS=<n>: 1..n; otherwise 1..defaultRuns.
inline std::vector<uint64_t> seedsToRun(uint64_t defaultRuns) {
  const QByteArray one = qgetenv("PIER_SIM_SEED");
  if (!one.isEmpty()) return {one.toULongLong()};
  const QByteArray runs = qgetenv("PIER_SIM_RUNS");
  const uint64_t n = runs.isEmpty() ? defaultRuns : runs.toULongLong();
  std::vector<uint64_t> seeds;
  for (uint64_t i = 1; i <= n; ++i) seeds.push_back(i);
  return seeds;
}

// With PIER_SIM_TRACE=1, every event of the simulation goes to stderr.
template <typename Sim>
void traceIfAsked(Sim& s) {
  static const bool printTrace = qEnvironmentVariableIntValue("PIER_SIM_TRACE") != 0;
  if (!printTrace) return;
  s.setTraceSink(
      [](std::string_view line) { std::fprintf(stderr, "%.*s\n", int(line.size()), line.data()); });
}

inline bool anyFailureContains(const std::vector<std::string>& failures, std::string_view what) {
  for (const auto& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace pier::simtest
