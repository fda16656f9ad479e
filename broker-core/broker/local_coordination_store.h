#pragma once
// LocalCoordinationStore: a CoordinationStore inside the broker process, for a one-process
// broker (zookeeper.connect empty): the znode tree in memory, saved as one JSON file
// (`pier-metadata.json` in the first log directory, written atomically) by persist(). Changes
// are durable once persist() returns; callers persist at the end of each operation they
// acknowledge (a topic created, a config altered), so one operation costs one file write
// however many znodes it touches. Ephemeral nodes belong to this process's session and are not
// saved (they vanish with the process, as with a ZooKeeper session).
//
// Thread-safety: none; one owner on the broker's loop.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "client/coordination_store.h"
#include "runtime/file_system.h"

namespace pier::broker {

class LocalCoordinationStore final : public client::CoordinationStore {
 public:
  // `nowMs` stamps ctime/mtime. Loads `path` when it exists (CorruptCheckpoint-like Io error
  // naming the file when it does not parse).
  static Result<std::unique_ptr<LocalCoordinationStore>> open(FileSystem& fs, std::string path,
                                                              std::function<int64_t()> nowMs, int64_t sessionId);

  Result<std::string> create(const std::string& path, std::string_view data, client::CreateMode mode) override;
  Result<std::optional<client::Znode>> get(const std::string& path) override;
  Result<client::ZnodeStat> set(const std::string& path, std::string_view data, int32_t expectedVersion) override;
  Result<std::vector<std::string>> children(const std::string& path) override;
  Status remove(const std::string& path, int32_t expectedVersion) override;

  Status persist() override;

 private:
  struct Node {
    std::string data;
    client::ZnodeStat stat;
    int64_t sequence = 0;  // next sequential-child number
  };

  LocalCoordinationStore(FileSystem& fs, std::string path, std::function<int64_t()> nowMs, int64_t sessionId);
  Status load();
  static bool validPath(const std::string& path);
  static std::string parentOf(const std::string& path);
  std::vector<std::string> childPaths(const std::string& path) const;

  FileSystem& m_fs;
  std::string m_path;
  std::function<int64_t()> m_nowMs;
  int64_t m_sessionId;
  std::map<std::string, Node> m_nodes;  // "/" always present
  int64_t m_zxid = 0;
  bool m_dirty = false;
};

}  // namespace pier::broker
