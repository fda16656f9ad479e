#include "base/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <memory>
#include <mutex>

#include "base/base_error.h"

namespace pier::log {
namespace {

std::shared_ptr<spdlog::logger> makeLogger(spdlog::sink_ptr sink);

struct State {
  State() : logger(makeLogger(std::make_shared<spdlog::sinks::stderr_sink_mt>())) {}
  std::mutex mutex;
  std::shared_ptr<spdlog::logger> logger;
  std::string filePath;  // empty: stderr
  std::function<void(Level, std::string_view)> capture;
};

std::atomic<Level> g_level{Level::Info};

std::shared_ptr<spdlog::logger> makeLogger(spdlog::sink_ptr sink) {
  auto logger = std::make_shared<spdlog::logger>("pier", std::move(sink));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
  logger->set_level(spdlog::level::trace);  // filtering happens in the facade
  logger->flush_on(spdlog::level::warn);
  return logger;
}

State& state() {
  static State s;
  return s;
}

spdlog::level::level_enum toSpd(Level level) {
  switch (level) {
    case Level::Trace: return spdlog::level::trace;
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warn: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
    case Level::Critical: return spdlog::level::critical;
    case Level::Off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

bool needsQuotes(std::string_view v) {
  if (v.empty()) return true;
  return std::any_of(v.begin(), v.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return c == ' ' || c == '"' || c == '=' || c == '\\' || u < 0x20 || u == 0x7f;
  });
}

void appendValue(std::string& out, std::string_view v) {
  if (!needsQuotes(v)) {
    out.append(v);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (u < 0x20 || u == 0x7f) {
      out.append("\\x").push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

std::string_view levelName(Level level) {
  switch (level) {
    case Level::Trace: return "trace";
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
    case Level::Critical: return "critical";
    case Level::Off: return "off";
  }
  return "info";
}

Result<Level> parseLevel(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "warning") return Level::Warn;
  for (Level l : {Level::Trace, Level::Debug, Level::Info, Level::Warn, Level::Error,
                  Level::Critical, Level::Off}) {
    if (levelName(l) == lower) return l;
  }
  return Status(BaseError::InvalidArgument,
                "unknown log level '" + std::string(text) +
                    "' (use trace, debug, info, warn, error, critical or off)");
}

bool enabled(Level level) { return level != Level::Off && level >= g_level.load(std::memory_order_relaxed); }
void setLevel(Level level) { g_level.store(level, std::memory_order_relaxed); }
Level level() { return g_level.load(std::memory_order_relaxed); }

std::string formatLine(std::string_view message, std::initializer_list<Field> fields) {
  std::string line(message);
  for (const Field& f : fields) {
    line.push_back(' ');
    line.append(f.key).push_back('=');
    appendValue(line, f.value);
  }
  return line;
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string line = formatLine(message, fields);
  State& s = state();
  std::shared_ptr<spdlog::logger> logger;
  {
    std::lock_guard lock(s.mutex);
    logger = s.logger;
    if (s.capture) s.capture(level, line);
  }
  logger->log(toSpd(level), "{} {}", levelName(level), line);
}

void logToStderr() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.logger = makeLogger(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  s.filePath.clear();
}

Status logToFile(const std::string& path) {
  std::shared_ptr<spdlog::logger> logger;
  try {
    logger = makeLogger(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false));
  } catch (const spdlog::spdlog_ex& e) {
    return Status(BaseError::InvalidArgument, "cannot open log file " + path + ": " + e.what());
  }
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.logger->flush();
  s.logger = std::move(logger);
  s.filePath = path;
  return Status::ok();
}

Status reopen() {
  std::string path;
  {
    State& s = state();
    std::lock_guard lock(s.mutex);
    path = s.filePath;
  }
  return path.empty() ? Status::ok() : logToFile(path);
}

void setCapture(std::function<void(Level, std::string_view)> capture) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.capture = std::move(capture);
}

}  // namespace pier::log
