#pragma once
// Authentication and ACL checks as ZooKeeper's default providers do them: world (anyone),
// auth (the requester's authenticated ids), digest (user:base64(sha1(user:password))) and ip
// (IPv4 address with an optional /bits mask; the connection is authenticated as its remote
// address). Super users ("super" scheme ids) pass every check.
// Stateless functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coordination/acl_cache.h"
#include "coordination/zk_constants.h"
#include "protocol/zookeeper/generated/jute_data.h"

namespace pier::coordination {

// The ids a connection is authenticated as (ip:<address> first, then each addAuth).
using AuthIds = std::vector<protocol::zookeeper::Id>;

// A connection's ids in the order ZooKeeper keeps them: its authInfo is a ConcurrentHashMap key
// set, so requests, "auth" ACL expansion and whoAmI see the ids in that map's iteration order
// (Id.hashCode as jute generates it), not in the order they were added.
AuthIds authInfoOrder(const AuthIds& insertionOrder);

// DigestAuthenticationProvider.generateDigest: "user:password" -> "user:<base64 sha1>".
std::string digestOf(std::string_view userColonPassword);

// addAuth: the id a scheme's credentials authenticate as; std::nullopt for an unknown scheme
// or bad credentials (the server answers AUTHFAILED and closes the connection). The ip scheme
// authenticates as the connection's own address, whatever the credentials say.
std::optional<protocol::zookeeper::Id> authenticate(std::string_view scheme, std::string_view credentials,
                                                    std::string_view remoteAddress);

// ZooKeeperServer.checkACL: Ok, or NoAuth.
ZkError checkAcl(const AclList& acl, int32_t perm, const AuthIds& ids);

// PrepRequestProcessor.fixupACL: duplicates removed, "auth" expanded to the requester's
// authenticated ids; InvalidAcl for an empty list, an unknown scheme or a malformed id.
struct FixedAcl {
  ZkError error = ZkError::Ok;
  AclList acl;
};
FixedAcl fixupAcl(const AclList& requested, const AuthIds& ids);

// ClientInfo for whoAmI: (scheme, user) per authenticated id.
std::vector<protocol::zookeeper::ClientInfo> clientInfos(const AuthIds& ids);

// getACL without ADMIN permission: digest ids show "user:x".
AclList maskDigests(const AclList& acl);

}  // namespace pier::coordination
