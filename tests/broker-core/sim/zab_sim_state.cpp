#include "zab_sim_state.h"

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::simtest {

std::string encodeWrite(uint64_t opId, const std::string& key, const std::string& value) {
  return fmt::format("{} {} {}", opId, key, value);
}

std::optional<KvWrite> decodeWrite(const std::string& bytes) {
  const auto a = bytes.find(' ');
  const auto b = a == std::string::npos ? a : bytes.find(' ', a + 1);
  if (b == std::string::npos) return std::nullopt;
  KvWrite w;
  w.opId = std::stoull(bytes.substr(0, a));
  w.key = bytes.substr(a + 1, b - a - 1);
  w.value = bytes.substr(b + 1);
  return w;
}

void KvState::apply(const coordination::ZabTxn& txn) {
  const auto w = decodeWrite(txn.bytes);
  PIER_ASSERT(w.has_value(), "sim transactions are writes");
  auto it = keys.find(w->key);
  if (it == keys.end())
    keys[w->key] = Entry{w->value, 0};
  else
    it->second = Entry{w->value, it->second.version + 1};
  writes.insert(w->opId);
  zxid = txn.zxid;
}

std::string KvState::encode() const {
  std::string out = fmt::format("{}\n", zxid.value());
  for (const auto& [k, e] : keys) out += fmt::format("k {} {} {}\n", k, e.version, e.value);
  for (uint64_t w : writes) out += fmt::format("w {}\n", w);
  return out;
}

std::optional<KvState> KvState::decode(const std::string& bytes) {
  KvState s;
  std::size_t pos = 0;
  bool first = true;
  while (pos < bytes.size()) {
    const auto end = bytes.find('\n', pos);
    if (end == std::string::npos) return std::nullopt;
    const std::string line = bytes.substr(pos, end - pos);
    pos = end + 1;
    if (first) {
      s.zxid = Zxid(std::stoll(line));
      first = false;
    } else if (line.rfind("k ", 0) == 0) {
      const auto a = line.find(' ', 2);
      const auto b = line.find(' ', a + 1);
      s.keys[line.substr(2, a - 2)] =
          Entry{line.substr(b + 1), static_cast<int32_t>(std::stol(line.substr(a + 1, b - a - 1)))};
    } else if (line.rfind("w ", 0) == 0) {
      s.writes.insert(std::stoull(line.substr(2)));
    } else {
      return std::nullopt;
    }
  }
  if (first) return std::nullopt;
  return s;
}

}  // namespace pier::simtest
