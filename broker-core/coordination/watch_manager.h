#pragma once
// WatchManager: one of ZooKeeper's two watch tables (data watches or child watches) with the
// 3.6+ modes: standard (one-shot), persistent, and persistent-recursive (data table only: it
// fires for the path and every path below it). One mode per (watcher, path), the last set, as
// ZooKeeper 3.8's WatcherModeManager keeps it.
//
// Watchers are connection ids (`WatcherId`). Triggering never calls out: it returns the
// watchers to notify, and the caller turns them into events. Order of the returned watchers
// is ascending id (deterministic). Owned by the DataTree; single-threaded.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pier::coordination {

using WatcherId = int64_t;

enum class WatchMode : uint8_t { Standard = 1, Persistent = 2, PersistentRecursive = 4 };

class WatchManager {
 public:
  void add(const std::string& path, WatcherId watcher, WatchMode mode = WatchMode::Standard);
  // Watchers to notify of an event on `path`: every watcher on the path itself (standard ones
  // are removed) and persistent-recursive watchers on its ancestors; minus `suppress`.
  std::set<WatcherId> trigger(std::string_view path, const std::set<WatcherId>& suppress = {});
  // Removes `mode` for (path, watcher); true when it was there.
  bool remove(const std::string& path, WatcherId watcher, WatchMode mode);
  bool contains(const std::string& path, WatcherId watcher, WatchMode mode) const;
  // A closed connection's watches all go.
  void removeWatcher(WatcherId watcher);

  // For the wchs/wchc/wchp four-letter words and tests.
  std::size_t watchCount() const;
  std::size_t pathCount() const { return m_table.size(); }
  std::map<WatcherId, std::vector<std::string>> pathsByWatcher() const;
  std::map<std::string, std::vector<WatcherId>> watchersByPath() const;

 private:
  // path -> watcher -> mode bits
  std::map<std::string, std::map<WatcherId, uint8_t>, std::less<>> m_table;
  std::map<WatcherId, std::set<std::string>> m_byWatcher;
  std::size_t m_recursiveCount = 0;
};

}  // namespace pier::coordination
