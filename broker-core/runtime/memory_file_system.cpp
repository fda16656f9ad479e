#include "runtime/memory_file_system.h"

#include <algorithm>

#include "runtime/runtime_error.h"

namespace pier {

// One unsynced change, kept so a tearing crash can replay a prefix of them.
struct PendingChange {
  bool isTruncate = false;
  uint64_t offset = 0;  // write: where; truncate: the new size
  std::vector<uint8_t> bytes;
};

struct MemoryFileSystem::Inode {
  std::vector<uint8_t> data;
  std::vector<uint8_t> durable;
  std::vector<PendingChange> pending;
};

namespace {

void applyWrite(std::vector<uint8_t>& data, uint64_t offset, std::span<const uint8_t> bytes) {
  auto end = offset + bytes.size();
  if (data.size() < end) data.resize(end, 0);
  std::copy(bytes.begin(), bytes.end(), data.begin() + static_cast<std::ptrdiff_t>(offset));
}

void applyChange(std::vector<uint8_t>& data, const PendingChange& c) {
  if (c.isTruncate) {
    data.resize(c.offset, 0);
  } else {
    applyWrite(data, c.offset, c.bytes);
  }
}

}  // namespace

class MemoryFile final : public File {
 public:
  MemoryFile(MemoryFileSystem& fs, std::string path, std::shared_ptr<MemoryFileSystem::Inode> inode,
             uint64_t generation, bool readOnly)
      : m_fs(fs), m_path(std::move(path)), m_inode(std::move(inode)), m_generation(generation),
        m_readOnly(readOnly) {}

  Result<uint64_t> append(std::span<const uint8_t> bytes) override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkWritable());
    uint64_t offset = m_inode->data.size();
    PIER_RETURN_IF_ERROR(writeLocked(offset, bytes));
    return offset;
  }

  Status writeAt(uint64_t offset, std::span<const uint8_t> bytes) override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkWritable());
    return writeLocked(offset, bytes);
  }

  Result<std::size_t> readAt(uint64_t offset, std::span<uint8_t> out) override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkFresh());
    const auto& data = m_inode->data;
    if (offset >= data.size()) return std::size_t{0};
    std::size_t n = std::min<std::size_t>(out.size(), data.size() - offset);
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
    return n;
  }

  Status sync() override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkFresh());
    m_inode->durable = m_inode->data;
    m_inode->pending.clear();
    return Status::ok();
  }

  Result<uint64_t> size() override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkFresh());
    return static_cast<uint64_t>(m_inode->data.size());
  }

  Status truncate(uint64_t sizeBytes) override {
    std::lock_guard lock(m_fs.m_mutex);
    PIER_RETURN_IF_ERROR(checkWritable());
    if (sizeBytes > m_inode->data.size()) {
      PIER_RETURN_IF_ERROR(checkSpace(sizeBytes - m_inode->data.size()));
    }
    PendingChange c{true, sizeBytes, {}};
    applyChange(m_inode->data, c);
    m_inode->pending.push_back(std::move(c));
    return Status::ok();
  }

  const std::string& path() const override { return m_path; }

 private:
  Status checkFresh() const {
    if (m_generation != m_fs.m_generation) {
      return Status(RuntimeError::Stale, m_path + ": file handle from before a crash");
    }
    return Status::ok();
  }

  Status checkWritable() const {
    PIER_RETURN_IF_ERROR(checkFresh());
    if (m_readOnly) return Status(RuntimeError::PermissionDenied, m_path + ": opened read-only");
    return Status::ok();
  }

  Status checkSpace(uint64_t growthBytes) const {
    if (m_fs.m_capacity && m_fs.usedBytesLocked() + growthBytes > *m_fs.m_capacity) {
      return Status(RuntimeError::NoSpace, m_path + ": No space left on device");
    }
    return Status::ok();
  }

  Status writeLocked(uint64_t offset, std::span<const uint8_t> bytes) {
    uint64_t end = offset + bytes.size();
    if (end > m_inode->data.size()) PIER_RETURN_IF_ERROR(checkSpace(end - m_inode->data.size()));
    PendingChange c{false, offset, std::vector<uint8_t>(bytes.begin(), bytes.end())};
    applyChange(m_inode->data, c);
    m_inode->pending.push_back(std::move(c));
    return Status::ok();
  }

  MemoryFileSystem& m_fs;
  std::string m_path;
  std::shared_ptr<MemoryFileSystem::Inode> m_inode;
  uint64_t m_generation;
  bool m_readOnly;
};

MemoryFileSystem::MemoryFileSystem() { m_dirs.insert("/"); m_dirs.insert(""); }
MemoryFileSystem::~MemoryFileSystem() = default;

std::string MemoryFileSystem::normalize(const std::string& path) const {
  std::string p;
  for (char c : path) {
    if (c == '/' && !p.empty() && p.back() == '/') continue;
    p.push_back(c);
  }
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

Status MemoryFileSystem::checkParent(const std::string& path) const {
  std::string parent = parentPath(path);
  if (m_dirs.count(parent)) return Status::ok();
  if (m_files.count(parent)) return Status(RuntimeError::NotADirectory, parent + ": Not a directory");
  return Status(RuntimeError::NotFound, path + ": No such file or directory");
}

Result<std::unique_ptr<File>> MemoryFileSystem::open(const std::string& rawPath, OpenOptions options) {
  std::lock_guard lock(m_mutex);
  std::string path = normalize(rawPath);
  if (m_dirs.count(path)) return Status(RuntimeError::IsADirectory, path + ": Is a directory");
  PIER_RETURN_IF_ERROR(checkParent(path));
  auto it = m_files.find(path);
  if (it != m_files.end() && options.create && options.exclusive) {
    return Status(RuntimeError::AlreadyExists, path + ": File exists");
  }
  if (it == m_files.end()) {
    if (!options.create) return Status(RuntimeError::NotFound, path + ": No such file or directory");
    it = m_files.emplace(path, std::make_shared<Inode>()).first;
  }
  if (options.truncate && !options.readOnly && !it->second->data.empty()) {
    PendingChange c{true, 0, {}};
    applyChange(it->second->data, c);
    it->second->pending.push_back(std::move(c));
  }
  return std::unique_ptr<File>(
      std::make_unique<MemoryFile>(*this, path, it->second, m_generation, options.readOnly));
}

Status MemoryFileSystem::createDirectories(const std::string& rawPath) {
  std::lock_guard lock(m_mutex);
  std::string path = normalize(rawPath);
  std::vector<std::string> chain;
  for (std::string p = path; !m_dirs.count(p); p = parentPath(p)) {
    if (m_files.count(p)) return Status(RuntimeError::NotADirectory, p + ": Not a directory");
    chain.push_back(p);
  }
  m_dirs.insert(chain.begin(), chain.end());
  return Status::ok();
}

Result<std::vector<std::string>> MemoryFileSystem::list(const std::string& rawDir) {
  std::lock_guard lock(m_mutex);
  std::string dir = normalize(rawDir);
  if (!m_dirs.count(dir)) {
    if (m_files.count(dir)) return Status(RuntimeError::NotADirectory, dir + ": Not a directory");
    return Status(RuntimeError::NotFound, dir + ": No such file or directory");
  }
  std::vector<std::string> names;
  auto collect = [&](const std::string& p) {
    if (p != dir && parentPath(p) == dir) names.push_back(p.substr(p.rfind('/') + 1));
  };
  for (const auto& [p, inode] : m_files) collect(p);
  for (const auto& p : m_dirs) collect(p);
  std::sort(names.begin(), names.end());
  return names;
}

Status MemoryFileSystem::rename(const std::string& rawFrom, const std::string& rawTo) {
  std::lock_guard lock(m_mutex);
  std::string from = normalize(rawFrom);
  std::string to = normalize(rawTo);
  auto it = m_files.find(from);
  if (it == m_files.end()) {
    if (m_dirs.count(from)) return renameDirectoryLocked(from, to);
    return Status(RuntimeError::NotFound, from + ": No such file or directory");
  }
  if (m_dirs.count(to)) return Status(RuntimeError::IsADirectory, to + ": Is a directory");
  PIER_RETURN_IF_ERROR(checkParent(to));
  auto inode = it->second;
  m_files.erase(it);
  m_files[to] = std::move(inode);
  return Status::ok();
}

Status MemoryFileSystem::renameDirectoryLocked(const std::string& from, const std::string& to) {
  if (m_dirs.count(to) || m_files.count(to)) return Status(RuntimeError::AlreadyExists, to + ": File exists");
  PIER_RETURN_IF_ERROR(checkParent(to));
  if (to.size() > from.size() && to.compare(0, from.size() + 1, from + "/") == 0) {
    return Status(RuntimeError::InvalidArgument, from + ": cannot move a directory into itself");
  }
  // Everything at or under `from` moves, durable entries included: like directory creation,
  // a directory rename is durable at once (see the header).
  auto moved = [&](const std::string& p) -> std::optional<std::string> {
    if (p == from) return to;
    if (p.size() > from.size() && p.compare(0, from.size() + 1, from + "/") == 0) return to + p.substr(from.size());
    return std::nullopt;
  };
  auto moveKeys = [&](auto& map) {
    std::vector<std::pair<std::string, std::shared_ptr<Inode>>> taken;
    for (auto f = map.begin(); f != map.end();) {
      if (auto target = moved(f->first)) {
        taken.emplace_back(*target, f->second);
        f = map.erase(f);
      } else {
        ++f;
      }
    }
    for (auto& [path, inode] : taken) map[path] = inode;
  };
  moveKeys(m_files);
  moveKeys(m_durableFiles);
  std::set<std::string> dirs;
  for (const auto& d : m_dirs) dirs.insert(moved(d).value_or(d));
  m_dirs = std::move(dirs);
  return Status::ok();
}

Status MemoryFileSystem::remove(const std::string& rawPath) {
  std::lock_guard lock(m_mutex);
  std::string path = normalize(rawPath);
  if (m_files.erase(path)) return Status::ok();
  if (!m_dirs.count(path)) return Status(RuntimeError::NotFound, path + ": No such file or directory");
  auto isChild = [&](const std::string& p) { return p != path && parentPath(p) == path; };
  bool empty = std::none_of(m_files.begin(), m_files.end(), [&](const auto& f) { return isChild(f.first); }) &&
               std::none_of(m_dirs.begin(), m_dirs.end(), isChild);
  if (!empty) return Status(RuntimeError::DirectoryNotEmpty, path + ": Directory not empty");
  m_dirs.erase(path);
  return Status::ok();
}

Status MemoryFileSystem::syncDirectory(const std::string& rawDir) {
  std::lock_guard lock(m_mutex);
  std::string dir = normalize(rawDir);
  if (!m_dirs.count(dir)) return Status(RuntimeError::NotFound, dir + ": No such file or directory");
  // The directory's durable entries become exactly its current ones.
  std::erase_if(m_durableFiles, [&](const auto& f) { return parentPath(f.first) == dir; });
  for (const auto& [p, inode] : m_files) {
    if (parentPath(p) == dir) m_durableFiles[p] = inode;
  }
  return Status::ok();
}

Result<bool> MemoryFileSystem::exists(const std::string& rawPath) {
  std::lock_guard lock(m_mutex);
  std::string path = normalize(rawPath);
  return m_files.count(path) > 0 || m_dirs.count(path) > 0;
}

Result<SpaceInfo> MemoryFileSystem::space(const std::string&) {
  std::lock_guard lock(m_mutex);
  uint64_t capacity = m_capacity.value_or(uint64_t{1} << 40);
  uint64_t used = usedBytesLocked();
  return SpaceInfo{capacity, capacity > used ? capacity - used : 0};
}

uint64_t MemoryFileSystem::usedBytesLocked() const {
  uint64_t used = 0;
  for (const auto& [p, inode] : m_files) used += inode->data.size();
  return used;
}

void MemoryFileSystem::crash() {
  std::lock_guard lock(m_mutex);
  crashLocked(nullptr);
}

void MemoryFileSystem::crashTearing(Prng& prng) {
  std::lock_guard lock(m_mutex);
  crashLocked(&prng);
}

void MemoryFileSystem::crashLocked(Prng* prng) {
  m_files = m_durableFiles;
  for (auto& [p, inode] : m_files) {
    std::vector<uint8_t> survived = inode->durable;
    if (prng && !inode->pending.empty()) {
      // A prefix of the unsynced changes reached the disk; the next one only in part.
      std::size_t kept = static_cast<std::size_t>(prng->below(inode->pending.size() + 1));
      for (std::size_t i = 0; i < kept; ++i) applyChange(survived, inode->pending[i]);
      if (kept < inode->pending.size() && !inode->pending[kept].isTruncate) {
        const PendingChange& torn = inode->pending[kept];
        std::size_t part = static_cast<std::size_t>(prng->below(torn.bytes.size() + 1));
        applyWrite(survived, torn.offset, std::span(torn.bytes).first(part));
      }
    }
    inode->data = survived;
    inode->durable = std::move(survived);
    inode->pending.clear();
  }
  ++m_generation;
}

Status MemoryFileSystem::flipBit(const std::string& rawPath, uint64_t bitIndex) {
  std::lock_guard lock(m_mutex);
  std::string path = normalize(rawPath);
  auto it = m_files.find(path);
  if (it == m_files.end()) return Status(RuntimeError::NotFound, path + ": No such file or directory");
  Inode& inode = *it->second;
  uint64_t byte = bitIndex / 8;
  if (byte >= inode.data.size()) {
    return Status(RuntimeError::InvalidArgument, path + ": bit " + std::to_string(bitIndex) +
                                                     " is past the end of the file");
  }
  auto mask = static_cast<uint8_t>(1u << (bitIndex % 8));
  inode.data[byte] ^= mask;
  if (byte < inode.durable.size()) inode.durable[byte] ^= mask;
  return Status::ok();
}

void MemoryFileSystem::setCapacity(std::optional<uint64_t> capacityBytes) {
  std::lock_guard lock(m_mutex);
  m_capacity = capacityBytes;
}

uint64_t MemoryFileSystem::unsyncedBytes() const {
  std::lock_guard lock(m_mutex);
  uint64_t n = 0;
  for (const auto& [p, inode] : m_files) {
    for (const auto& c : inode->pending) n += c.bytes.size();
  }
  return n;
}

}  // namespace pier
