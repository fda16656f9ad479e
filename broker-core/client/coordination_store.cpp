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
    case CoordinationError::NoAuth: return "NoAuth";
    case CoordinationError::ConnectionLoss: return "ConnectionLoss";
    case CoordinationError::SessionExpired: return "SessionExpired";
    case CoordinationError::Io: return "Io";
  }
  return "Unknown";
}

namespace {

std::string parentPath(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

// Deepest first: over a network store a path whose parents exist costs one round trip.
Status ensurePath(CoordinationStore& store, const std::string& path) {
  if (path.empty() || path == "/") return Status::ok();
  auto created = store.create(path, "", CreateMode::Persistent);
  if (created || created.status().is(CoordinationError::NodeExists)) return Status::ok();
  if (!created.status().is(CoordinationError::NoNode)) return created.status();
  PIER_RETURN_IF_ERROR(ensurePath(store, parentPath(path)));
  created = store.create(path, "", CreateMode::Persistent);
  return created || created.status().is(CoordinationError::NodeExists) ? Status::ok() : created.status();
}

Status putPersistent(CoordinationStore& store, const std::string& path, std::string_view data) {
  auto set = store.set(path, data);
  if (set) return Status::ok();
  if (!set.status().is(CoordinationError::NoNode)) return set.status();
  auto created = store.create(path, data, CreateMode::Persistent);
  if (created) return Status::ok();
  if (!created.status().is(CoordinationError::NoNode)) return created.status();
  PIER_RETURN_IF_ERROR(ensurePath(store, parentPath(path)));
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
