#include "broker_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

extern char** environ;

namespace pier::bench {

BrokerChild::~BrokerChild() { stop(); }

bool BrokerChild::start(int numPartitions, const std::vector<std::string>& extraConfigLines) {
  const std::string config = m_dir + "/server.properties";
  {
    std::ofstream out(config);
    out << "broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:0\nlog.dirs=" << m_dir
        << "/logs\nnum.partitions=" << numPartitions << "\n";
    for (const std::string& line : extraConfigLines) out << line << "\n";
  }
  // stderr goes to a file, read back for the "started" line: a pipe nobody drains would block
  // the broker once its logging filled it.
  const std::string logPath = m_dir + "/pier-broker.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string binary = m_binary;
  std::string configArg = config;
  char* argv[] = {binary.data(), configArg.data(), nullptr};
  const int rc = posix_spawn(&m_pid, binary.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    m_error = "posix_spawn failed";
    m_pid = -1;
    return false;
  }
  std::string seen;
  const std::regex started("listener=127\\.0\\.0\\.1:(\\d+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream log(logPath);
    seen.assign(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>());
    std::smatch match;
    if (std::regex_search(seen, match, started)) {
      m_port = std::stoi(match[1].str());
      return true;
    }
    usleep(2000);
  }
  m_error = "pier-broker did not start: " + seen;
  return false;
}

void BrokerChild::stop() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGTERM);
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_pid = -1;
}

uint64_t BrokerChild::residentBytes() const {
  std::ifstream status("/proc/" + std::to_string(m_pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      uint64_t kib = 0;
      fields >> kib;
      return kib * 1024;
    }
  }
  return 0;
}

}  // namespace pier::bench
