#include "coordination/java_hash_set.h"

#include "base/java_string.h"

namespace pier::coordination {

namespace {

constexpr uint32_t kTreeifyThreshold = 8;
constexpr uint32_t kMinTreeifyCapacity = 64;

uint32_t spreadHash(std::string_view s) {
  const auto h = static_cast<uint32_t>(javaStringHashCode(s));
  return h ^ (h >> 16);
}

std::size_t threshold(uint32_t capacity) { return static_cast<std::size_t>(static_cast<float>(capacity) * 0.75f); }

}  // namespace

uint32_t javaTableSizeFor(uint32_t n) {
  uint32_t cap = 1;
  while (cap < n && cap < (1u << 30)) cap <<= 1;
  return cap;
}

JavaHashSet::JavaHashSet(uint32_t initialCapacity) : m_capacity(javaTableSizeFor(initialCapacity)) {}

JavaHashSet::JavaHashSet(const JavaHashSet& other)
    : m_capacity(other.m_capacity),
      m_nextSeq(other.m_nextSeq),
      m_tables(other.m_tables ? std::make_unique<Tables>(*other.m_tables) : nullptr) {}

JavaHashSet& JavaHashSet::operator=(const JavaHashSet& other) {
  if (this != &other) *this = JavaHashSet(other);
  return *this;
}

JavaHashSet::~JavaHashSet() = default;

std::size_t JavaHashSet::binSize(uint32_t bucket) const {
  auto first = m_tables->order.lower_bound(Key{bucket, 0});
  auto last = m_tables->order.lower_bound(Key{bucket + 1, 0});
  return static_cast<std::size_t>(std::distance(first, last));
}

bool JavaHashSet::insert(const std::string& value) {
  if (!m_tables) m_tables = std::make_unique<Tables>();
  if (m_tables->index.count(value) != 0) return false;
  const uint32_t spread = spreadHash(value);
  const Entry entry{spread, m_nextSeq++};
  m_tables->index.emplace(value, entry);
  const uint32_t bucket = bucketOf(spread);
  m_tables->order.emplace(Key{bucket, entry.seq}, value);
  // HashMap.putVal: a bin that reached 9 entries is treeified, which in a small table means a
  // resize instead; then the size check.
  if (binSize(bucket) > kTreeifyThreshold && m_capacity < kMinTreeifyCapacity) resize(m_capacity * 2);
  if (m_tables->index.size() > threshold(m_capacity)) resize(m_capacity * 2);
  return true;
}

bool JavaHashSet::erase(std::string_view value) {
  if (!m_tables) return false;
  auto it = m_tables->index.find(std::string(value));
  if (it == m_tables->index.end()) return false;
  m_tables->order.erase(Key{bucketOf(it->second.spread), it->second.seq});
  m_tables->index.erase(it);
  return true;
}

bool JavaHashSet::contains(std::string_view value) const {
  return m_tables && m_tables->index.count(std::string(value)) != 0;
}

std::vector<std::string> JavaHashSet::items() const {
  std::vector<std::string> out;
  if (!m_tables) return out;
  out.reserve(m_tables->order.size());
  for (const auto& [key, value] : m_tables->order) out.push_back(value);
  return out;
}

void JavaHashSet::resize(uint32_t capacity) {
  m_capacity = capacity;
  std::map<Key, std::string> order;
  for (auto& [key, value] : m_tables->order) {
    order.emplace(Key{bucketOf(m_tables->index.at(value).spread), key.second}, std::move(value));
  }
  m_tables->order = std::move(order);
}

JavaHashSet JavaHashSet::clone() const {
  // HashMap.putMapEntries into an empty map: capacity tableSizeFor(size / 0.75 + 1).
  const float wanted = static_cast<float>(size()) / 0.75f + 1.0f;
  JavaHashSet copy(size() == 0 ? 16 : javaTableSizeFor(static_cast<uint32_t>(wanted)));
  forEach([&copy](const std::string& value) { copy.insert(value); });
  return copy;
}

}  // namespace pier::coordination
