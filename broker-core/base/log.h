#pragma once
// Logging facade: levels and key=value fields, so log lines can be grepped and parsed.
//
//   PIER_LOG_INFO("segment rolled", {"topic", topic}, {"partition", 3}, {"baseOffset", off});
//   -> 2026-11-22T10:00:00.123 info segment rolled topic=orders partition=3 baseOffset=42
//
// Values with spaces, quotes, '=' or control characters are quoted and escaped. The level check
// happens before any formatting. Output goes to stderr by default, or to a file that reopen()
// reopens (for log rotation on SIGHUP). spdlog underneath; nothing outside base sees it.
//
// Thread-safe: any thread may log; configuration calls are serialised internally.

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/result.h"

namespace pier::log {

enum class Level { Trace, Debug, Info, Warn, Error, Critical, Off };

std::string_view levelName(Level level);
// Accepts trace, debug, info, warn (warning), error, critical, off; any case.
Result<Level> parseLevel(std::string_view text);

struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  template <typename T>
    requires std::is_arithmetic_v<T>
  Field(std::string_view k, T v) : key(k), value(std::to_string(v)) {}
  template <typename T>
    requires requires(T t) { { t.value() } -> std::integral; }
  Field(std::string_view k, T id) : key(k), value(std::to_string(id.value())) {}
  Field(std::string_view k, const Status& s) : key(k), value(s.toString()) {}

  std::string_view key;
  std::string value;
};

bool enabled(Level level);
void setLevel(Level level);
Level level();

void write(Level level, std::string_view message, std::initializer_list<Field> fields);

// "message key=value key2=\"two words\"" (no timestamp, no level).
std::string formatLine(std::string_view message, std::initializer_list<Field> fields);

void logToStderr();
// Appends to `path`, creating it (and missing parent directories). The error names the path
// and the OS reason.
Status logToFile(const std::string& path);
// Reopens the current log file (after logrotate moved it). No-op when logging to stderr.
Status reopen();

// Tests: also hand every emitted line (without timestamp) to `capture`; nullptr stops it.
void setCapture(std::function<void(Level, std::string_view)> capture);

}  // namespace pier::log

#define PIER_LOG_AT(lvl, message, ...)                                                \
  do {                                                                                \
    if (::pier::log::enabled(lvl)) {                                                  \
      ::pier::log::write(lvl, message, {__VA_ARGS__});                                \
    }                                                                                 \
  } while (false)

#define PIER_LOG_TRACE(message, ...) PIER_LOG_AT(::pier::log::Level::Trace, message, __VA_ARGS__)
#define PIER_LOG_DEBUG(message, ...) PIER_LOG_AT(::pier::log::Level::Debug, message, __VA_ARGS__)
#define PIER_LOG_INFO(message, ...) PIER_LOG_AT(::pier::log::Level::Info, message, __VA_ARGS__)
#define PIER_LOG_WARN(message, ...) PIER_LOG_AT(::pier::log::Level::Warn, message, __VA_ARGS__)
#define PIER_LOG_ERROR(message, ...) PIER_LOG_AT(::pier::log::Level::Error, message, __VA_ARGS__)
