#include "runtime/posix/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "runtime/runtime_error.h"

namespace pier {
namespace {

Status errnoStatus(const std::string& path) { return statusFromErrno(errno, path); }

// Appends go through pwrite at a tracked end rather than O_APPEND: on Linux, O_APPEND would
// also force writeAt() to the end.
// A buffered write of N bytes lets the page cache allocate folios of up to N bytes (ext4 large
// folios, Linux 6.x). On the 2 vCPU VMs of BASELINES.md, growing the page cache by large folios
// costs several times more CPU per byte once the guest's recently freed memory is used up:
// pier-broker appending 200 MB of 1 KiB-message produce requests (~330 KB per partition append)
// spent 0.10 s of CPU while warm and 0.45-0.52 s after the first ~400 MB; in 64 KiB pieces,
// 0.13-0.19 s for each of six 200 MB runs in a row (16 KiB: 0.21-0.32 s; 128 KiB and up:
// cold again after ~1 GB). The extra syscalls cost about 1 us per piece.
constexpr std::size_t kWritePieceBytes = 64 * 1024;

class PosixFile final : public File {
 public:
  PosixFile(int fd, std::string path, uint64_t sizeBytes)
      : m_fd(fd), m_path(std::move(path)), m_size(sizeBytes) {}
  ~PosixFile() override { ::close(m_fd); }

  Result<uint64_t> append(std::span<const uint8_t> bytes) override {
    uint64_t offset = m_size;
    PIER_RETURN_IF_ERROR(writeAt(offset, bytes));
    return offset;
  }

  Status writeAt(uint64_t offset, std::span<const uint8_t> bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const std::size_t piece = std::min(bytes.size() - done, kWritePieceBytes);
      ssize_t n = ::pwrite(m_fd, bytes.data() + done, piece, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return errnoStatus(m_path);
      }
      done += static_cast<std::size_t>(n);
    }
    m_size = std::max<uint64_t>(m_size, offset + bytes.size());
    return Status::ok();
  }

  Result<std::size_t> readAt(uint64_t offset, std::span<uint8_t> out) override {
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(m_fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return errnoStatus(m_path);
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

  Status sync() override {
    if (::fdatasync(m_fd) != 0) return errnoStatus(m_path);
    return Status::ok();
  }

  Result<uint64_t> size() override { return m_size; }

  // fallocate(FALLOC_FL_KEEP_SIZE): the blocks are allocated (unwritten) and the size stays, so
  // readers and crash recovery see only what was written. Writing into such blocks skips ext4's
  // delayed-allocation bookkeeping per page: 64 KiB pwrites into a fresh file cost ~35-50% less
  // CPU on the VMs of BASELINES.md (4.3 -> 5.9-6.5 GB/s per CPU-second).
  Status reserve(uint64_t offset, uint64_t length) override {
    if (length == 0) return Status::ok();
    if (::fallocate(m_fd, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(length)) == 0)
      return Status::ok();
    if (errno == EOPNOTSUPP || errno == ENOSYS) return Status::ok();
    return errnoStatus(m_path);
  }

  // ext4 (and XFS) free blocks reserved past the end even when the size does not change.
  Status truncate(uint64_t sizeBytes) override {
    if (::ftruncate(m_fd, static_cast<off_t>(sizeBytes)) != 0) return errnoStatus(m_path);
    m_size = sizeBytes;
    return Status::ok();
  }

  const std::string& path() const override { return m_path; }

 private:
  int m_fd;
  std::string m_path;
  uint64_t m_size;
};

}  // namespace

Result<std::unique_ptr<File>> PosixFileSystem::open(const std::string& path, OpenOptions options) {
  int flags = O_CLOEXEC | (options.readOnly ? O_RDONLY : O_RDWR);
  if (options.create) flags |= O_CREAT;
  if (options.create && options.exclusive) flags |= O_EXCL;
  if (options.truncate && !options.readOnly) flags |= O_TRUNC;
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return errnoStatus(path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = errnoStatus(path);
    ::close(fd);
    return s;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status(RuntimeError::IsADirectory, path + ": Is a directory");
  }
  return std::unique_ptr<File>(
      std::make_unique<PosixFile>(fd, path, static_cast<uint64_t>(st.st_size)));
}

Status PosixFileSystem::createDirectories(const std::string& path) {
  if (path.empty()) return Status::ok();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::ok();
    return Status(RuntimeError::NotADirectory, path + ": Not a directory");
  }
  std::string parent = parentPath(path);
  if (!parent.empty() && parent != path) PIER_RETURN_IF_ERROR(createDirectories(parent));
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return errnoStatus(path);
  return Status::ok();
}

Result<std::vector<std::string>> PosixFileSystem::list(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return errnoStatus(dir);
  std::vector<std::string> names;
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  int err = errno;
  ::closedir(d);
  if (err != 0) return statusFromErrno(err, dir);
  std::sort(names.begin(), names.end());
  return names;
}

Status PosixFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return errnoStatus(from + " -> " + to);
  return Status::ok();
}

Status PosixFileSystem::remove(const std::string& path) {
  if (::remove(path.c_str()) != 0) return errnoStatus(path);
  return Status::ok();
}

Status PosixFileSystem::syncDirectory(const std::string& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errnoStatus(dir);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return statusFromErrno(err, dir);
  return Status::ok();
}

Result<bool> PosixFileSystem::exists(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return errnoStatus(path);
}

Result<SpaceInfo> PosixFileSystem::space(const std::string& path) {
  struct statvfs s {};
  if (::statvfs(path.c_str(), &s) != 0) return errnoStatus(path);
  return SpaceInfo{static_cast<uint64_t>(s.f_blocks) * s.f_frsize,
                   static_cast<uint64_t>(s.f_bavail) * s.f_frsize};
}

}  // namespace pier
