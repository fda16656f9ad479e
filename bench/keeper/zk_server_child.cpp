#include "zk_server_child.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace pier::bench {

namespace {

int boundLoopbackSocket() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

// The servers bind these ports themselves; if someone else took one in between, the server exits
// and the bench says so (it never probes a stranger long: readiness also checks that our PID is
// alive). All are held at once so that the kernel hands out distinct ones.
std::vector<int> freeLoopbackPorts(std::size_t count) {
  std::vector<int> fds, ports;
  for (std::size_t i = 0; i < count; ++i) {
    const int fd = boundLoopbackSocket();
    if (fd < 0) break;
    fds.push_back(fd);
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      ports.push_back(ntohs(addr.sin_port));
  }
  for (const int fd : fds) ::close(fd);
  if (ports.size() != count) ports.clear();
  return ports;
}

std::vector<std::string> ZooKeeperInstall::jvmFlags() const {
  // The JVM's defaults (G1, tiered JIT) apart from the heap cap; no AdminServer (it would bind
  // 8080) and no JMX log4j bean. zkServer.sh would add -Xmx1000m and JMX.
  return {"-Xmx" + std::to_string(heapMaxMb) + "m", "-Dzookeeper.admin.enableServer=false",
          "-Dzookeeper.jmx.log4j.disable=true"};
}

std::string ZooKeeperInstall::classPath() const {
  // zookeeper.jar's manifest Class-Path brings jute, netty, slf4j-api...; slf4j-simple is the
  // log binding (to stderr, i.e. server.log).
  return jarDir + "/zookeeper.jar:" + jarDir + "/slf4j-simple.jar";
}

std::string ZooKeeperInstall::missing() const {
  std::string out;
  for (const std::string& path : {java, jarDir + "/zookeeper.jar", jarDir + "/slf4j-simple.jar"}) {
    if (!std::filesystem::exists(path)) out += (out.empty() ? "" : ", ") + path;
  }
  if (out.empty()) return out;
  return "ZooKeeper 3.8 not found (missing " + out +
         "); install the Debian packages zookeeper and default-jre-headless "
         "(scripts/install-deps.sh)";
}

ZkServerChild::ZkServerChild(ServerKind kind, std::string binary, ZooKeeperInstall zk,
                             QuorumSeat seat)
    : m_kind(kind), m_binary(std::move(binary)), m_zk(std::move(zk)), m_seat(std::move(seat)) {}

ZkServerChild::~ZkServerChild() {
  stop();
  if (!m_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }
}

bool ZkServerChild::writeZooCfg(const std::string& cfgPath) {
  std::error_code ec;
  std::filesystem::create_directories(m_dir + "/data", ec);
  std::filesystem::create_directories(m_dir + "/datalog", ec);
  std::ofstream out(cfgPath);
  // ZooKeeper's defaults otherwise: forceSync=yes (fsync before answering a write),
  // snapCount=100000, preAllocSize=64 MiB.
  out << "tickTime=2000\n"
      << "dataDir=" << m_dir << "/data\n"
      << "dataLogDir=" << m_dir << "/datalog\n"
      << "clientPort=" << m_port << "\n"
      << "clientPortAddress=127.0.0.1\n"
      << "maxClientCnxns=0\n"
      << "admin.enableServer=false\n"
      << "autopurge.purgeInterval=0\n";
  if (m_seat.myid == 0) {
    out << "4lw.commands.whitelist=srvr\n";
    return static_cast<bool>(out.flush());
  }
  // An ensemble member: ZooKeeper's usual limits (in ticks), every server.N line, and myid.
  out << "4lw.commands.whitelist=*\n"
      << "initLimit=10\n"
      << "syncLimit=5\n";
  for (const std::string& line : m_seat.serverLines) out << line << "\n";
  std::ofstream myid(m_dir + "/data/myid");
  myid << m_seat.myid << "\n";
  return static_cast<bool>(out.flush()) && static_cast<bool>(myid.flush());
}

std::vector<std::string> ZkServerChild::command(const std::string& cfgPath) const {
  if (m_kind == ServerKind::PierKeeper) return {m_binary, cfgPath};
  std::vector<std::string> argv{m_zk.java};
  for (const std::string& flag : m_zk.jvmFlags()) argv.push_back(flag);
  const char* mainClass = m_seat.myid == 0 ? "org.apache.zookeeper.server.ZooKeeperServerMain"
                                           : "org.apache.zookeeper.server.quorum.QuorumPeerMain";
  argv.insert(argv.end(), {"-cp", m_zk.classPath(), mainClass, cfgPath});
  return argv;
}

bool ZkServerChild::start() {
  char dirTemplate[] = "/tmp/pier-bench-keeper-XXXXXX";
  if (!mkdtemp(dirTemplate)) {
    m_error = "cannot make a temp folder";
    return false;
  }
  m_dir = dirTemplate;
  if (m_seat.myid != 0) {
    m_port = m_seat.clientPort;
  } else if (const std::vector<int> ports = freeLoopbackPorts(1); !ports.empty()) {
    m_port = ports.front();
  }
  const std::string cfgPath = m_dir + "/zoo.cfg";
  if (m_port == 0 || !writeZooCfg(cfgPath)) {
    m_error = "cannot pick a port or write " + cfgPath;
    return false;
  }
  std::vector<std::string> args = command(cfgPath);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Output to a file, never a pipe: nobody drains a pipe while the load runs.
  const std::string logPath = m_dir + "/server.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  m_spawnedAt = Clock::now();
  const int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    m_pid = -1;
    m_error = "cannot start " + args[0] + ": " + std::strerror(rc);
    return false;
  }
  return true;
}

bool ZkServerChild::running() {
  if (m_pid <= 0) return false;
  int status = 0;
  if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
    m_pid = -1;
    return false;
  }
  return true;
}

void ZkServerChild::stop() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(m_pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  m_pid = -1;
}

void ZkServerChild::kill9() {
  if (m_pid > 0) kill(m_pid, SIGKILL);
}

uint64_t ZkServerChild::statusKib(const char* key) const {
  if (m_pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(m_pid) + "/status");
  std::string line;
  const std::string prefix = key;
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoull(line.substr(prefix.size()));
  }
  return 0;
}

std::string ZkServerChild::logTail(int lines) const {
  std::ifstream log(m_dir + "/server.log");
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(log, line)) {
    tail.push_back(line);
    if (tail.size() > static_cast<std::size_t>(lines)) tail.pop_front();
  }
  std::string out;
  for (const std::string& l : tail) out += "  " + l + "\n";
  return out;
}

uint64_t ZkServerChild::logBytes() const {
  std::error_code ec;
  const auto size = std::filesystem::file_size(m_dir + "/server.log", ec);
  return ec ? 0 : size;
}

std::vector<std::string> ZkServerChild::logLines(const std::vector<std::string>& needles,
                                                 std::size_t max, uint64_t from) const {
  std::ifstream log(m_dir + "/server.log");
  log.seekg(static_cast<std::streamoff>(from));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(log, line) && out.size() < max) {
    for (const std::string& n : needles) {
      if (line.find(n) != std::string::npos) {
        out.push_back(line);
        break;
      }
    }
  }
  return out;
}

}  // namespace pier::bench
