#pragma once
// A pier-broker child process for bench_broker and bench_groups: started on a loopback port the
// OS picks, with its data and its stderr log in a folder; the log is read until the "started"
// line gives the port.
// Stopped with SIGTERM (only this child is ever signalled).

#include <sys/types.h>

#include <string>
#include <vector>

namespace pier::bench {

class BrokerChild {
 public:
  BrokerChild(std::string binary, std::string dir) : m_binary(std::move(binary)), m_dir(std::move(dir)) {}
  ~BrokerChild();
  // Writes the config and starts the broker; false (with error()) when it did not come up.
  // extraConfigLines ("key=value") are appended to server.properties.
  bool start(int numPartitions, const std::vector<std::string>& extraConfigLines = {});
  void stop();
  int port() const { return m_port; }
  pid_t pid() const { return m_pid; }
  const std::string& error() const { return m_error; }
  // VmRSS of the child, bytes.
  uint64_t residentBytes() const;

 private:
  std::string m_binary;
  std::string m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
  std::string m_error;
};

}  // namespace pier::bench
