#pragma once
// AclCache: ZooKeeper's ReferenceCountedACLCache. Nodes hold a long that names their ACL list;
// equal lists share one id. Ids count up from 1; -1 is the open ACL (world:anyone, all
// permissions) used for nodes created without a list (the root and /zookeeper). Snapshots store
// the table, so ids survive restarts and match ZooKeeper's files.
//
// Owned by the DataTree; single-threaded.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "protocol/zookeeper/generated/jute_data.h"

namespace pier::coordination {

using AclList = std::vector<protocol::zookeeper::ACL>;

inline constexpr int64_t kOpenAclId = -1;
// ZooDefs.Ids.OPEN_ACL_UNSAFE and READ_ACL_UNSAFE.
AclList openAclUnsafe();
AclList readAclUnsafe();

class AclCache {
 public:
  // The id of `acls`, adding it (and one use) when new; each call adds one use.
  int64_t use(const AclList& acls);
  // Drops one use; the list goes when no node uses it.
  void release(int64_t id);
  // std::nullopt for an unknown id.
  std::optional<AclList> lookup(int64_t id) const;

  // Snapshot form: every id and its list, ascending.
  const std::map<int64_t, AclList>& table() const { return m_byId; }
  // Replaces the table (snapshot load); uses are recounted by the tree with addUse().
  void load(std::map<int64_t, AclList> table);
  void addUse(int64_t id);
  // Drops lists no node uses (after a load, as ZooKeeper's purgeUnused).
  void purgeUnused();
  std::size_t size() const { return m_byId.size(); }

 private:
  int64_t m_lastId = 0;
  std::map<int64_t, AclList> m_byId;
  std::map<AclList, int64_t> m_byList;
  std::map<int64_t, int64_t> m_uses;
};

}  // namespace pier::coordination

namespace pier::protocol::zookeeper {
// An order on ACL entries, so lists can key the cache (found by ADL from std containers).
bool operator<(const ACL& a, const ACL& b);
}  // namespace pier::protocol::zookeeper
