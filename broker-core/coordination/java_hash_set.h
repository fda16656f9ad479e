#pragma once
// JavaHashSet: a set of strings that iterates in the order a java.util.HashSet<String> would.
//
// ZooKeeper hands out children lists, ephemeral paths and the order ephemerals are deleted in
// straight from HashSets, so clients see Java's iteration order; a compatible server must show
// the same. Java's HashMap iterates bucket by bucket (bucket = spread(hashCode) & (capacity-1)),
// each bucket in insertion order; the table doubles when size exceeds 0.75 * capacity and, while
// the capacity is below 64, also when one bucket would hold more than 8 entries. That is emulated
// here (tree bins, which need 9 colliding names in a table of 64 or more, are not).
//
// Value type (copies are deep); not thread-safe. An empty set allocates nothing: most znodes
// have no children, and the tables of an empty set would cost ~100 bytes each.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pier::coordination {

class JavaHashSet {
 public:
  // As new HashSet<>(initialCapacity): the table is sized to the next power of two.
  explicit JavaHashSet(uint32_t initialCapacity = 16);
  JavaHashSet(const JavaHashSet& other);
  JavaHashSet& operator=(const JavaHashSet& other);
  JavaHashSet(JavaHashSet&&) noexcept = default;
  JavaHashSet& operator=(JavaHashSet&&) noexcept = default;
  ~JavaHashSet();

  // False when already present (the order does not change).
  bool insert(const std::string& value);
  bool erase(std::string_view value);
  bool contains(std::string_view value) const;
  std::size_t size() const { return m_tables ? m_tables->index.size() : 0; }
  bool empty() const { return size() == 0; }

  // Java's iteration order.
  std::vector<std::string> items() const;
  template <typename F>
  void forEach(F&& f) const {
    if (!m_tables) return;
    for (const auto& [key, value] : m_tables->order) f(value);
  }
  // As HashSet.clone() / new HashSet<>(collection): a table sized for the current size, filled
  // in this set's iteration order.
  JavaHashSet clone() const;

 private:
  struct Entry {
    uint32_t spread = 0;
    uint64_t seq = 0;
  };
  using Key = std::pair<uint32_t, uint64_t>;  // (bucket, insertion sequence)

  uint32_t bucketOf(uint32_t spread) const { return spread & (m_capacity - 1); }
  std::size_t binSize(uint32_t bucket) const;
  void resize(uint32_t capacity);

  struct Tables {
    std::unordered_map<std::string, Entry> index;
    std::map<Key, std::string> order;
  };

  uint32_t m_capacity;
  uint64_t m_nextSeq = 0;
  std::unique_ptr<Tables> m_tables;  // nullptr until the first insert
};

// HashMap.tableSizeFor: the smallest power of two >= n (1 for n <= 1).
uint32_t javaTableSizeFor(uint32_t n);

}  // namespace pier::coordination
