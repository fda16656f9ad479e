// pier-broker server.properties [--override key=value ...] [--log-file PATH] [--version]
//
// A single-node Kafka-compatible broker. Reads Kafka's server.properties (bad value: the key and
// the value are named and the process exits 1; unknown key: a warning), recovers its log
// directories, listens, and runs until SIGTERM or SIGINT, which shut it down cleanly (waiting
// fetches answered, logs flushed, checkpoints and the clean-shutdown marker written). SIGHUP
// reopens the --log-file (for logrotate). Signals are taken by a sigwait thread and handed to the
// broker's loop. With zookeeper.connect set, the cluster metadata lives in ZooKeeper (pier-keeper
// or Apache ZooKeeper); the client's session I/O runs on a thread of its own (asioLoopThreadFactory).

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/log.h"
#include "broker/broker.h"
#include "broker/broker_config.h"
#include "broker/broker_error.h"
#include "daemon/daemon_signals.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_loop_thread.h"
#include "runtime/asio/asio_network.h"
#include "runtime/posix/posix_file_system.h"
#include "runtime/posix/system_clock.h"

using namespace pier;

namespace {

constexpr const char* kVersion = "pier-broker 0.1.0 (Kafka 3.8 protocol)";

struct Args {
  std::string configPath;
  std::vector<std::string> overrides;
  std::string logFile;
};

// Parses the command line; returns the exit code when the process should stop now.
std::optional<int> parseArgs(int argc, char** argv, Args& args) {
  CLI::App app("pier-broker: a Kafka-compatible broker", "pier-broker");
  app.set_version_flag("--version", kVersion);
  app.add_option("config", args.configPath, "server.properties")->required();
  app.add_option("--override", args.overrides, "key=value, applied over the file");
  app.add_option("--log-file", args.logFile, "log here instead of stderr; SIGHUP reopens it");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  return std::nullopt;
}

Result<broker::ParsedConfig> loadConfig(const Args& args) {
  std::ifstream in(args.configPath);
  if (!in) return Status(broker::BrokerError::InvalidConfig, "cannot read " + args.configPath);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const std::string& o : args.overrides) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos) {
      return Status(broker::BrokerError::InvalidConfig, "--override " + o + ": expected key=value");
    }
    overrides.emplace_back(o.substr(0, eq), o.substr(eq + 1));
  }
  return broker::parseServerProperties(text.str(), overrides);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (auto code = parseArgs(argc, argv, args)) return *code;
  if (!args.logFile.empty()) {
    Status logging = log::logToFile(args.logFile);
    if (!logging) {
      std::fprintf(stderr, "pier-broker: %s\n", logging.toString().c_str());
      return 1;
    }
  }
  auto parsed = loadConfig(args);
  if (!parsed) {
    std::fprintf(stderr, "pier-broker: %s\n", parsed.status().message().c_str());
    return 1;
  }
  for (const std::string& warning : parsed->warnings) PIER_LOG_WARN(warning);
  const sigset_t signals = blockDaemonSignals();
  AsioLoop loop;
  AsioNetwork network(loop);
  PosixFileSystem fs;
  SystemClock clock;
  const uint64_t seed = static_cast<uint64_t>(clock.wallMs()) ^ (static_cast<uint64_t>(getpid()) << 32);
  broker::Broker broker(loop, network, fs, parsed->config, seed, asioLoopThreadFactory());
  Status started = broker.start();
  if (!started) {
    std::fprintf(stderr, "pier-broker: %s\n", started.message().c_str());
    return 1;
  }
  std::thread signalThread = startSignalThread(loop, signals, [&loop, &broker] {
    Status done = broker.shutdown();
    if (!done) PIER_LOG_ERROR("unclean shutdown", {"why", done});
    loop.stop();
  });
  loop.run();
  signalThread.join();
  return 0;
}
