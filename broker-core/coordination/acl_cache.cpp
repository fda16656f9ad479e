#include "coordination/acl_cache.h"

#include <tuple>

#include "coordination/zk_constants.h"

namespace pier::coordination {

namespace pz = protocol::zookeeper;

AclList openAclUnsafe() { return {pz::ACL{perms::kAll, pz::Id{"world", "anyone"}}}; }
AclList readAclUnsafe() { return {pz::ACL{perms::kRead, pz::Id{"world", "anyone"}}}; }

int64_t AclCache::use(const AclList& acls) {
  auto it = m_byList.find(acls);
  int64_t id = 0;
  if (it != m_byList.end()) {
    id = it->second;
  } else {
    id = ++m_lastId;
    m_byList.emplace(acls, id);
    m_byId.emplace(id, acls);
  }
  addUse(id);
  return id;
}

void AclCache::addUse(int64_t id) {
  if (id == kOpenAclId) return;
  ++m_uses[id];
}

void AclCache::release(int64_t id) {
  if (id == kOpenAclId) return;
  auto it = m_uses.find(id);
  if (it == m_uses.end()) return;
  if (--it->second > 0) return;
  m_uses.erase(it);
  auto node = m_byId.find(id);
  if (node != m_byId.end()) {
    m_byList.erase(node->second);
    m_byId.erase(node);
  }
}

std::optional<AclList> AclCache::lookup(int64_t id) const {
  if (id == kOpenAclId) return openAclUnsafe();
  auto it = m_byId.find(id);
  if (it == m_byId.end()) return std::nullopt;
  return it->second;
}

void AclCache::load(std::map<int64_t, AclList> table) {
  m_byId = std::move(table);
  m_byList.clear();
  m_uses.clear();
  m_lastId = 0;
  for (const auto& [id, list] : m_byId) {
    m_byList.emplace(list, id);
    if (id > m_lastId) m_lastId = id;
  }
}

void AclCache::purgeUnused() {
  for (auto it = m_byId.begin(); it != m_byId.end();) {
    if (m_uses.count(it->first) == 0) {
      m_byList.erase(it->second);
      it = m_byId.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pier::coordination

namespace pier::protocol::zookeeper {

bool operator<(const ACL& a, const ACL& b) {
  return std::tie(a.perms, a.id.scheme, a.id.id) < std::tie(b.perms, b.id.scheme, b.id.id);
}

}  // namespace pier::protocol::zookeeper
