#pragma once
// The ZooKeeper C client's log for bench_keeper. The client logs to stderr by default; the bench
// sends it to a temp file instead (zoo_set_log_stream, process-wide), so that ZooKeeper's dropped
// sessions during startup do not flood the output, and reads back what the client said during
// each server's load. Owned by the bench's main thread (one per process); the C client's threads
// write the file meanwhile. The file is removed by the destructor.

#include <stdlib.h>
#include <zookeeper/zookeeper.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace pier::bench {

class ClientLog {
 public:
  ClientLog() {
    char path[] = "/tmp/pier-bench-keeper-client-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return;
    m_path = path;
    m_file = fdopen(fd, "w+");
    if (m_file) zoo_set_log_stream(m_file);
  }
  ~ClientLog() {
    zoo_set_log_stream(nullptr);
    if (m_file) std::fclose(m_file);
    if (!m_path.empty()) std::filesystem::remove(m_path);
  }
  // Where errorsSince() can start: the file's size now.
  long mark() const {
    if (!m_file) return 0;
    std::fflush(m_file);
    return std::ftell(m_file);
  }
  // The client's ZOO_ERROR lines from `from` on, at most `max`.
  std::vector<std::string> errorsSince(long from, std::size_t max) const {
    std::vector<std::string> out;
    std::ifstream in(m_path);
    in.seekg(from);
    std::string line;
    while (std::getline(in, line) && out.size() < max) {
      if (line.find("ZOO_ERROR") != std::string::npos) out.push_back(line);
    }
    return out;
  }

 private:
  std::string m_path;
  FILE* m_file = nullptr;
};

}  // namespace pier::bench
