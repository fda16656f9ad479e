#pragma once
// The replicated state of the ZAB simulation: a few keys, each a znode with (value, version)
// (setData bumps the version), and the ids of the client writes applied. Transactions are
// client writes encoded as text ("<opId> <key> <value>"); a snapshot is the state as text.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/ids.h"
#include "coordination/zab_packet.h"

namespace pier::simtest {

struct KvWrite {
  uint64_t opId = 0;
  std::string key;
  std::string value;
};
std::string encodeWrite(uint64_t opId, const std::string& key, const std::string& value);
std::optional<KvWrite> decodeWrite(const std::string& bytes);

struct KvState {
  struct Entry {
    std::string value;
    int32_t version = 0;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::map<std::string, Entry> keys;
  std::set<uint64_t> writes;
  Zxid zxid{0};
  friend bool operator==(const KvState&, const KvState&) = default;

  // Requires: a transaction made by encodeWrite.
  void apply(const coordination::ZabTxn& txn);
  std::string encode() const;
  static std::optional<KvState> decode(const std::string& bytes);
};

}  // namespace pier::simtest
