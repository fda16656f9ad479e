#include "storage_bench_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "base/big_endian.h"
#include "base/byte_writer.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_batch.h"
#include "runtime/runtime_error.h"

namespace pier::bench {
namespace {

namespace records = protocol::records;

// An open descriptor, closed on destruction.
class Fd {
 public:
  Fd(const std::string& path, int flags)
      : m_fd(::open(path.c_str(), flags | O_CLOEXEC, 0644)), m_path(path) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  Status error() const { return statusFromErrno(errno, m_path); }

 private:
  int m_fd;
  std::string m_path;
};

Status writeAll(const Fd& fd, std::span<const uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fd.error();
    done += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

Result<std::size_t> preadSome(const Fd& fd, std::span<uint8_t> out, uint64_t position) {
  while (true) {
    ssize_t n = ::pread(fd.get(), out.data(), out.size(), static_cast<off_t>(position));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fd.error();
    return static_cast<std::size_t>(n);
  }
}

double microsecondsSince(Clock::time_point start) {
  return secondsSince(start) * 1e6;
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = prefix + "XXXXXX";
  if (::mkdtemp(pattern.data()) != nullptr) m_path = pattern;
}

TempDir::~TempDir() {
  if (m_path.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

int openDescriptorCount() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the descriptor opendir() holds
}

uint64_t residentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    uint64_t kib = 0;
    fields >> kib;
    return kib * 1024;
  }
  return 0;
}

Percentiles percentiles(std::vector<double> samplesUs) {
  if (samplesUs.empty()) return {};
  std::sort(samplesUs.begin(), samplesUs.end());
  auto at = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(samplesUs.size()));
    return samplesUs[std::min(i, samplesUs.size() - 1)];
  };
  return {at(0.50), at(0.99)};
}

std::vector<uint8_t> makeBatch(Prng& prng, int recordCount, std::size_t valueBytes,
                               int64_t baseTimestampMs) {
  std::vector<records::Record> rs;
  for (int i = 0; i < recordCount; ++i) {
    records::Record r;
    r.offsetDelta = i;
    r.timestampDelta = i;
    std::string key = "key-" + std::to_string(i);
    r.key = std::vector<uint8_t>(key.begin(), key.end());
    r.value = prng.bytes(valueBytes);
    rs.push_back(std::move(r));
  }
  auto header = records::headerForRecords(Offset(0), baseTimestampMs, rs);
  return records::encodeBatch(header, rs, {records::Compression::None, {}}).valueOr({});
}

void setBatchTimestamps(std::span<uint8_t> batch, int64_t baseTimestampMs) {
  records::BatchHeader h = records::decodeBatchHeader(batch).valueOr({});
  h.maxTimestamp = baseTimestampMs + (h.maxTimestamp - h.baseTimestamp);
  h.baseTimestamp = baseTimestampMs;
  Writer w(records::kBatchHeaderBytes);
  records::encodeBatchHeader(w, h);
  auto bytes = w.take();
  std::copy(bytes.begin(), bytes.end(), batch.begin());
  storeBigEndian<uint32_t>(batch.data() + records::kCrcOffset, records::computeBatchCrc(batch));
}

Result<LoopResult> rawSequentialWrite(const std::string& path, std::span<const uint8_t> chunk,
                                      int64_t chunkCount) {
  Fd fd(path, O_WRONLY | O_CREAT | O_TRUNC);
  if (fd.get() < 0) return fd.error();
  LoopResult out;
  const auto start = Clock::now();
  for (; out.count < chunkCount; ++out.count) PIER_RETURN_IF_ERROR(writeAll(fd, chunk));
  if (::fsync(fd.get()) != 0) return fd.error();
  out.seconds = secondsSince(start);
  out.bytes = static_cast<uint64_t>(out.count) * chunk.size();
  return out;
}

Result<LoopResult> rawAppendSyncLoop(const std::string& path, std::span<const uint8_t> chunk,
                                     int64_t countMax, double secondsMax) {
  Fd fd(path, O_WRONLY | O_CREAT | O_TRUNC);
  if (fd.get() < 0) return fd.error();
  LoopResult out;
  const auto start = Clock::now();
  while (out.count < countMax && secondsSince(start) < secondsMax) {
    const auto opStart = Clock::now();
    PIER_RETURN_IF_ERROR(writeAll(fd, chunk));
    if (::fdatasync(fd.get()) != 0) return fd.error();
    out.latenciesUs.push_back(microsecondsSince(opStart));
    ++out.count;
  }
  out.seconds = secondsSince(start);
  out.bytes = static_cast<uint64_t>(out.count) * chunk.size();
  return out;
}

Result<LoopResult> rawSequentialRead(const std::vector<std::string>& paths,
                                     std::size_t chunkBytes) {
  std::vector<uint8_t> buf(chunkBytes);
  LoopResult out;
  const auto start = Clock::now();
  for (const auto& path : paths) {
    Fd fd(path, O_RDONLY);
    if (fd.get() < 0) return fd.error();
    uint64_t position = 0;
    while (true) {
      PIER_ASSIGN_OR_RETURN(std::size_t n, preadSome(fd, buf, position));
      if (n == 0) break;
      position += n;
      ++out.count;
    }
    out.bytes += position;
  }
  out.seconds = secondsSince(start);
  return out;
}

Result<LoopResult> rawRandomReads(const std::vector<std::string>& paths, std::size_t readBytes,
                                  Prng& prng, int64_t samplesMax, double secondsMax) {
  // Opened once, as the storage's FileCache keeps its handles: only the pread is timed.
  std::vector<std::unique_ptr<Fd>> fds;
  std::vector<uint64_t> sizes;
  for (const auto& path : paths) {
    fds.push_back(std::make_unique<Fd>(path, O_RDONLY));
    if (fds.back()->get() < 0) return fds.back()->error();
    sizes.push_back(std::filesystem::file_size(path));
  }
  std::vector<uint8_t> buf(readBytes);
  LoopResult out;
  const auto start = Clock::now();
  while (!fds.empty() && out.count < samplesMax && secondsSince(start) < secondsMax) {
    const auto i = static_cast<std::size_t>(prng.below(fds.size()));
    const uint64_t position = sizes[i] > readBytes ? prng.below(sizes[i] - readBytes) : 0;
    const auto opStart = Clock::now();
    PIER_ASSIGN_OR_RETURN(std::size_t n, preadSome(*fds[i], buf, position));
    out.latenciesUs.push_back(microsecondsSince(opStart));
    out.bytes += n;
    ++out.count;
  }
  out.seconds = secondsSince(start);
  return out;
}

Status dropFromPageCache(const std::string& path) {
  Fd fd(path, O_RDONLY);
  if (fd.get() < 0) return fd.error();
  const int err = ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
  return err == 0 ? Status::ok() : statusFromErrno(err, path);
}

std::vector<std::string> filesEndingWith(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pier::bench
