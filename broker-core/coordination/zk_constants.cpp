#include "coordination/zk_constants.h"

namespace pier::coordination {

bool isValidCreateMode(int32_t flags) { return flags >= 0 && flags <= 6; }
bool isEphemeral(CreateMode m) { return m == CreateMode::Ephemeral || m == CreateMode::EphemeralSequential; }
bool isSequential(CreateMode m) {
  return m == CreateMode::PersistentSequential || m == CreateMode::EphemeralSequential ||
         m == CreateMode::PersistentSequentialWithTtl;
}
bool isContainer(CreateMode m) { return m == CreateMode::Container; }
bool isTtl(CreateMode m) { return m == CreateMode::PersistentWithTtl || m == CreateMode::PersistentSequentialWithTtl; }

namespace {
constexpr uint64_t kExtendedMask = 0xff00000000000000ULL;
constexpr uint64_t kReservedBitsMask = 0x00ffff0000000000ULL;
constexpr uint64_t kValueMask = ~(kExtendedMask | kReservedBitsMask);
}  // namespace

int64_t ttlEphemeralOwner(int64_t ttlMs) {
  // EphemeralType.TTL: the extended mask, feature bits 0x0000 (TTL), the TTL in the low 40 bits.
  return static_cast<int64_t>(kExtendedMask | (static_cast<uint64_t>(ttlMs) & kValueMask));
}

EphemeralKind ephemeralKind(int64_t ephemeralOwner) {
  if (ephemeralOwner == kContainerEphemeralOwner) return EphemeralKind::Container;
  const auto owner = static_cast<uint64_t>(ephemeralOwner);
  if ((owner & kExtendedMask) == kExtendedMask && (owner & kReservedBitsMask) == 0) return EphemeralKind::Ttl;
  return ephemeralOwner == 0 ? EphemeralKind::Void : EphemeralKind::Normal;
}

int64_t ttlOf(int64_t ephemeralOwner) { return static_cast<int64_t>(static_cast<uint64_t>(ephemeralOwner) & kValueMask); }

}  // namespace pier::coordination
