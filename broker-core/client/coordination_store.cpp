#include "client/coordination_store.h"

namespace pier::client {

std::string_view describe(CoordinationError e) {
  switch (e) {
    case CoordinationError::NoNode: return "NoNode";
    case CoordinationError::NodeExists: return "NodeExists";
    case CoordinationError::BadVersion: return "BadVersion";
    case CoordinationError::NotEmpty: return "NotEmpty";
    case CoordinationError::BadArguments: return "BadArguments";
    case CoordinationError::NoChildrenForEphemerals: return "NoChildrenForEphemerals";
    case CoordinationError::Io: return "Io";
  }
  return "Unknown";
}

Status ensurePath(CoordinationStore& store, const std::string& path) {
  std::size_t at = 1;
  while (at <= path.size()) {
    std::size_t slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    const std::string prefix = path.substr(0, slash);
    auto created = store.create(prefix, "", CreateMode::Persistent);
    if (!created && !created.status().is(CoordinationError::NodeExists)) return created.status();
    at = slash + 1;
  }
  return Status::ok();
}

Status putPersistent(CoordinationStore& store, const std::string& path, std::string_view data) {
  auto set = store.set(path, data);
  if (set) return Status::ok();
  if (!set.status().is(CoordinationError::NoNode)) return set.status();
  const std::size_t slash = path.rfind('/');
  if (slash > 0) PIER_RETURN_IF_ERROR(ensurePath(store, path.substr(0, slash)));
  return store.create(path, data, CreateMode::Persistent).status();
}

Status removeRecursive(CoordinationStore& store, const std::string& path) {
  auto kids = store.children(path);
  if (!kids) return kids.status().is(CoordinationError::NoNode) ? Status::ok() : kids.status();
  for (const std::string& kid : *kids) PIER_RETURN_IF_ERROR(removeRecursive(store, path + "/" + kid));
  Status removed = store.remove(path);
  return removed.is(CoordinationError::NoNode) ? Status::ok() : removed;
}

}  // namespace pier::client
