// The small helpers keeper_status.h declares: ZooKeeper's names for states and operations and
// its latency average.
#include "keeper/keeper_status.h"

#include <cmath>
#include <map>

namespace pier::keeper {

std::string_view serverStateName(ServerMode mode) {
  switch (mode) {
    case ServerMode::Standalone: return "standalone";
    case ServerMode::Leader: return "leader";
    case ServerMode::Follower: return "follower";
    case ServerMode::Observer: return "observer";
    case ServerMode::ReadOnly: return "read-only";
  }
  return "unknown";
}

double averageLatencyMs(int64_t totalMs, int64_t count) {
  if (count <= 0) return 0;
  const double avg = double(totalMs) / double(count);
  return std::floor(avg * 10000.0 + 0.5) / 10000.0;
}

std::string_view lastOperationName(int32_t opCode) {
  static const std::map<int32_t, std::string_view> kNames = {
      {11, "PING"}, {-10, "SESS"}, {14, "MULT"}, {22, "MLTR"},   {1, "CREA"},   {15, "CREA"},  {21, "CREA"},
      {19, "CREA"}, {2, "DELE"},   {20, "DELE"}, {5, "SETD"},    {16, "RECO"},  {7, "SETA"},   {-11, "CLOS"},
      {9, "SYNC"},  {13, "CHEC"},  {3, "EXIS"},  {4, "GETD"},    {101, "SETW"}, {105, "STW2"}, {106, "ADDW"},
      {6, "GETA"},  {8, "GETC"},   {12, "GETC"}, {104, "GETACN"}, {17, "CHKW"}, {18, "REMW"},  {107, "HOMI"},
      {103, "GETE"}};
  auto it = kNames.find(opCode);
  return it == kNames.end() ? std::string_view("NA") : it->second;
}

}  // namespace pier::keeper
