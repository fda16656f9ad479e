#pragma once
// Shared by keeper_config.cpp (per-key setters) and keeper_config_quorum.cpp (server.N lines and
// the checks made once every key is read). Not part of the keeper module's interface.
//
// ParseState: one parse in progress; a value type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keeper/keeper_config.h"

namespace pier::keeper::config_internal {

struct ParseState {
  KeeperConfig config;
  std::vector<std::string> warnings;
  int32_t minSessionTimeoutMs = -1;  // -1: not set (ZooKeeper's own marker)
  int32_t maxSessionTimeoutMs = -1;
  int32_t secureClientPort = 0;
  bool metricsWarned = false;

  void warn(std::string line) { warnings.push_back(std::move(line)); }
};

// KeeperConfigError::InvalidConfig: "<key>=<value>: <why>".
Status invalid(std::string_view key, std::string_view value, std::string_view why);
// Integer.parseInt's syntax (optional sign, decimal digits) within [minimum, maximum].
Result<int64_t> integer(std::string_view key, std::string_view value, int64_t minimum, int64_t maximum);
// "true"/"false" in any case, as QuorumPeerConfig.parseBoolean.
Result<bool> boolean(std::string_view key, std::string_view value);

// One server.N line into state.config.servers.
Status addServer(ParseState& state, std::string_view key, std::string_view value);
// Defaults that depend on other keys, the mode, myid and the ensemble checks.
Status finish(ParseState& state, std::optional<std::string_view> myidFile);

}  // namespace pier::keeper::config_internal
