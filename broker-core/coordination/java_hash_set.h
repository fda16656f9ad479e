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
// Built as HashMap is (a table of bucket chains, new entries at a chain's tail, a resize splitting
// each chain in order), so the order comes out of the structure itself. Value type (copies are
// deep); not thread-safe. An empty set allocates nothing: most znodes have no children.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pier::coordination {

class JavaHashSet {
 public:
  // As new HashSet<>(initialCapacity): the table is sized to the next power of two.
  explicit JavaHashSet(uint32_t initialCapacity = 16);
  JavaHashSet(const JavaHashSet& other);
  JavaHashSet& operator=(const JavaHashSet& other);
  JavaHashSet(JavaHashSet&& other) noexcept;  // `other` is left empty
  JavaHashSet& operator=(JavaHashSet&& other) noexcept;
  ~JavaHashSet();

  // False when already present (the order does not change).
  bool insert(const std::string& value);
  bool erase(std::string_view value);
  bool contains(std::string_view value) const;
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }

  // Java's iteration order.
  std::vector<std::string> items() const;
  template <typename F>
  void forEach(F&& f) const {
    Cursor c = cursor();
    while (const std::string* v = next(c)) f(*v);
  }
  // Where an iteration stands, for walks that cannot be one forEach call (a tree walked with an
  // explicit stack). Valid while the set is not modified.
  struct Cursor {
    uint32_t bucket = 0;
    uint32_t entry = kNone;
  };
  Cursor cursor() const;
  const std::string* next(Cursor& c) const;  // nullptr at the end

  // As HashSet.clone() / new HashSet<>(collection): a table sized for the current size, filled
  // in this set's iteration order.
  JavaHashSet clone() const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  // HashMap.Node: the value, its spread hash and the next entry of its bucket. Entries live in
  // one vector (freed ones are reused), so a child costs about 40 bytes plus its table slot.
  struct Entry {
    std::string value;
    uint32_t spread = 0;
    uint32_t next = kNone;
  };

  uint32_t bucketOf(uint32_t spread) const { return spread & (m_capacity - 1); }
  uint32_t find(std::string_view value, uint32_t spread) const;
  void resize(uint32_t capacity);

  struct Storage {
    std::vector<uint32_t> table;  // first entry of each bucket
    std::vector<Entry> entries;
    std::vector<uint32_t> free;   // entries erased, to reuse
  };

  uint32_t m_capacity;
  uint32_t m_size = 0;
  std::unique_ptr<Storage> m_s;  // nullptr while empty: a leaf znode's set is 16 bytes
};

// HashMap.tableSizeFor: the smallest power of two >= n (1 for n <= 1).
uint32_t javaTableSizeFor(uint32_t n);

}  // namespace pier::coordination
