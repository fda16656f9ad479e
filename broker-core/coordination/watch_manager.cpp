#include "coordination/watch_manager.h"

namespace pier::coordination {

namespace {

uint8_t bit(WatchMode m) { return static_cast<uint8_t>(m); }

// "/a/b/c" -> "/a/b", "/a" -> "/", "/" -> stop.
bool toParent(std::string_view& path) {
  if (path == "/" || path.empty()) return false;
  const auto slash = path.rfind('/');
  path = slash == 0 ? std::string_view("/") : path.substr(0, slash);
  return true;
}

}  // namespace

void WatchManager::add(const std::string& path, WatcherId watcher, WatchMode mode) {
  // ZooKeeper 3.8 keeps one mode per (watcher, path): the last one set wins, so a one-shot
  // watch set on a path watched persistently turns that watch into a one-shot one.
  uint8_t& bits = m_table[path][watcher];
  const bool wasRecursive = (bits & bit(WatchMode::PersistentRecursive)) != 0;
  if (wasRecursive && mode != WatchMode::PersistentRecursive) --m_recursiveCount;
  if (!wasRecursive && mode == WatchMode::PersistentRecursive) ++m_recursiveCount;
  bits = bit(mode);
  m_byWatcher[watcher].insert(path);
}

std::set<WatcherId> WatchManager::trigger(std::string_view path, const std::set<WatcherId>& suppress) {
  std::set<WatcherId> fired;
  auto exact = m_table.find(path);
  if (exact != m_table.end()) {
    for (auto it = exact->second.begin(); it != exact->second.end();) {
      fired.insert(it->first);
      it->second &= static_cast<uint8_t>(~bit(WatchMode::Standard));
      if (it->second == 0) {
        m_byWatcher[it->first].erase(exact->first);
        it = exact->second.erase(it);
      } else {
        ++it;
      }
    }
    if (exact->second.empty()) m_table.erase(exact);
  }
  std::string_view parent = path;
  while (m_recursiveCount > 0 && toParent(parent)) {
    auto at = m_table.find(parent);
    if (at == m_table.end()) continue;
    for (const auto& [watcher, bits] : at->second) {
      if ((bits & bit(WatchMode::PersistentRecursive)) != 0) fired.insert(watcher);
    }
  }
  for (WatcherId w : suppress) fired.erase(w);
  return fired;
}

bool WatchManager::remove(const std::string& path, WatcherId watcher, WatchMode mode) {
  auto at = m_table.find(path);
  if (at == m_table.end()) return false;
  auto w = at->second.find(watcher);
  if (w == at->second.end() || (w->second & bit(mode)) == 0) return false;
  w->second &= static_cast<uint8_t>(~bit(mode));
  if (mode == WatchMode::PersistentRecursive) --m_recursiveCount;
  if (w->second == 0) {
    at->second.erase(w);
    m_byWatcher[watcher].erase(path);
    if (at->second.empty()) m_table.erase(at);
  }
  return true;
}

bool WatchManager::contains(const std::string& path, WatcherId watcher, WatchMode mode) const {
  auto at = m_table.find(path);
  if (at == m_table.end()) return false;
  auto w = at->second.find(watcher);
  return w != at->second.end() && (w->second & bit(mode)) != 0;
}

void WatchManager::removeWatcher(WatcherId watcher) {
  auto paths = m_byWatcher.find(watcher);
  if (paths == m_byWatcher.end()) return;
  for (const auto& path : paths->second) {
    auto at = m_table.find(path);
    if (at == m_table.end()) continue;
    auto w = at->second.find(watcher);
    if (w != at->second.end()) {
      if ((w->second & bit(WatchMode::PersistentRecursive)) != 0) --m_recursiveCount;
      at->second.erase(w);
    }
    if (at->second.empty()) m_table.erase(at);
  }
  m_byWatcher.erase(paths);
}

std::size_t WatchManager::watchCount() const {
  std::size_t n = 0;
  for (const auto& [path, watchers] : m_table) n += watchers.size();
  return n;
}

std::map<WatcherId, std::vector<std::string>> WatchManager::pathsByWatcher() const {
  std::map<WatcherId, std::vector<std::string>> out;
  for (const auto& [path, watchers] : m_table) {
    for (const auto& [watcher, bits] : watchers) out[watcher].push_back(path);
  }
  return out;
}

std::map<std::string, std::vector<WatcherId>> WatchManager::watchersByPath() const {
  std::map<std::string, std::vector<WatcherId>> out;
  for (const auto& [path, watchers] : m_table) {
    for (const auto& [watcher, bits] : watchers) out[path].push_back(watcher);
  }
  return out;
}

}  // namespace pier::coordination
