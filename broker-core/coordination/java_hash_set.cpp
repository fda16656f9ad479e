#include "coordination/java_hash_set.h"

#include <utility>

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
      m_size(other.m_size),
      m_s(other.m_s ? std::make_unique<Storage>(*other.m_s) : nullptr) {}

JavaHashSet::JavaHashSet(JavaHashSet&& other) noexcept
    : m_capacity(other.m_capacity), m_size(std::exchange(other.m_size, 0)), m_s(std::move(other.m_s)) {}

JavaHashSet& JavaHashSet::operator=(JavaHashSet&& other) noexcept {
  m_capacity = other.m_capacity;
  m_size = std::exchange(other.m_size, 0);
  m_s = std::move(other.m_s);
  return *this;
}

JavaHashSet& JavaHashSet::operator=(const JavaHashSet& other) {
  if (this != &other) *this = JavaHashSet(other);
  return *this;
}

JavaHashSet::~JavaHashSet() = default;

uint32_t JavaHashSet::find(std::string_view value, uint32_t spread) const {
  if (!m_s) return kNone;
  for (uint32_t i = m_s->table[bucketOf(spread)]; i != kNone; i = m_s->entries[i].next) {
    if (m_s->entries[i].spread == spread && m_s->entries[i].value == value) return i;
  }
  return kNone;
}

bool JavaHashSet::insert(const std::string& value) {
  const uint32_t spread = spreadHash(value);
  if (!m_s) {
    m_s = std::make_unique<Storage>();
    m_s->table.assign(m_capacity, kNone);
  }
  // HashMap.putVal: one walk of the bin finds the name, or the tail a new entry is appended to;
  // a bin that reached 9 entries is treeified, which in a small table means a resize instead;
  // then the size check.
  std::vector<Entry>& entries = m_s->entries;
  const uint32_t bucket = bucketOf(spread);
  uint32_t tail = kNone;
  uint32_t binSize = 1;
  for (uint32_t i = m_s->table[bucket]; i != kNone; i = entries[i].next) {
    if (entries[i].spread == spread && entries[i].value == value) return false;
    tail = i;
    ++binSize;
  }
  uint32_t index;
  if (!m_s->free.empty()) {
    index = m_s->free.back();
    m_s->free.pop_back();
    entries[index] = Entry{value, spread, kNone};
  } else {
    index = static_cast<uint32_t>(entries.size());
    entries.push_back(Entry{value, spread, kNone});
  }
  (tail == kNone ? m_s->table[bucket] : entries[tail].next) = index;
  ++m_size;
  if (binSize > kTreeifyThreshold && m_capacity < kMinTreeifyCapacity) resize(m_capacity * 2);
  if (m_size > threshold(m_capacity)) resize(m_capacity * 2);
  return true;
}

bool JavaHashSet::erase(std::string_view value) {
  if (!m_s) return false;
  const uint32_t spread = spreadHash(value);
  for (uint32_t* link = &m_s->table[bucketOf(spread)]; *link != kNone; link = &m_s->entries[*link].next) {
    Entry& e = m_s->entries[*link];
    if (e.spread != spread || e.value != value) continue;
    const uint32_t index = *link;
    *link = e.next;
    e = Entry{};  // frees the name now
    m_s->free.push_back(index);
    // An emptied set gives its memory back (a znode whose children all went); the capacity,
    // which decides the order of what comes next, stays as HashMap's table does.
    if (--m_size == 0) m_s.reset();
    return true;
  }
  return false;
}

bool JavaHashSet::contains(std::string_view value) const { return find(value, spreadHash(value)) != kNone; }

JavaHashSet::Cursor JavaHashSet::cursor() const {
  Cursor c;
  c.bucket = 0;
  c.entry = m_s ? m_s->table[0] : kNone;
  return c;
}

const std::string* JavaHashSet::next(Cursor& c) const {
  while (c.entry == kNone) {
    if (!m_s || c.bucket + 1 >= m_capacity) {
      c.bucket = m_capacity;
      return nullptr;
    }
    c.entry = m_s->table[++c.bucket];
  }
  const Entry& e = m_s->entries[c.entry];
  c.entry = e.next;
  return &e.value;
}

std::vector<std::string> JavaHashSet::items() const {
  std::vector<std::string> out;
  out.reserve(m_size);
  forEach([&out](const std::string& v) { out.push_back(v); });
  return out;
}

void JavaHashSet::resize(uint32_t capacity) {
  // HashMap.resize: each chain splits into a low and a high chain, both keeping their order.
  std::vector<uint32_t> table(capacity, kNone);
  std::vector<uint32_t*> tails(capacity);
  for (uint32_t b = 0; b < capacity; ++b) tails[b] = &table[b];
  std::vector<Entry>& entries = m_s->entries;
  for (uint32_t old = 0; old < m_capacity; ++old) {
    for (uint32_t i = m_s->table[old]; i != kNone;) {
      const uint32_t following = entries[i].next;
      const uint32_t bucket = entries[i].spread & (capacity - 1);
      entries[i].next = kNone;
      *tails[bucket] = i;
      tails[bucket] = &entries[i].next;
      i = following;
    }
  }
  m_capacity = capacity;
  m_s->table = std::move(table);
}

JavaHashSet JavaHashSet::clone() const {
  // HashMap.putMapEntries into an empty map: capacity tableSizeFor(size / 0.75 + 1).
  const float wanted = static_cast<float>(size()) / 0.75f + 1.0f;
  JavaHashSet copy(size() == 0 ? 16 : javaTableSizeFor(static_cast<uint32_t>(wanted)));
  forEach([&copy](const std::string& value) { copy.insert(value); });
  return copy;
}

}  // namespace pier::coordination
