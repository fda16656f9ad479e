#include "storage/meta_properties.h"

#include <fmt/format.h>

#include "base/parse_number.h"
#include "storage/atomic_file.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      switch (s[i]) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        default: out += s[i];
      }
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '=' || c == ':' || c == '#' || c == '!' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parseJavaProperties(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    std::size_t sep = std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
      } else if (line[i] == '=' || line[i] == ':') {
        sep = i;
        break;
      }
    }
    std::string_view key = trim(line.substr(0, sep));
    std::string_view value = sep == std::string_view::npos ? std::string_view() : trim(line.substr(sep + 1));
    out[unescape(key)] = unescape(value);
  }
  return out;
}

Result<std::optional<MetaProperties>> readMetaProperties(FileSystem& fs, const std::string& dir) {
  using Out = std::optional<MetaProperties>;
  const std::string path = joinPath(dir, std::string(kMetaProperties));
  PIER_ASSIGN_OR_RETURN(auto text, readSmallFile(fs, path, 1u << 20));
  if (!text) return Out();
  auto props = parseJavaProperties(*text);
  MetaProperties meta;
  auto version = props.count("version") ? parseDecimal<int>(props["version"]) : std::nullopt;
  if (!version) {
    return Result<Out>(StorageError::CorruptCheckpoint, fmt::format("{}: version is missing or not a number", path));
  }
  meta.version = *version;
  auto brokerId = props.count("broker.id") ? parseDecimal<int32_t>(props["broker.id"]) : std::nullopt;
  if (!brokerId && props.count("node.id")) brokerId = parseDecimal<int32_t>(props["node.id"]);
  if (!brokerId) {
    return Result<Out>(StorageError::CorruptCheckpoint, fmt::format("{}: broker.id is missing or not a number", path));
  }
  meta.brokerId = NodeId(*brokerId);
  if (props.count("cluster.id")) meta.clusterId = props["cluster.id"];
  return Out(meta);
}

Status writeMetaProperties(FileSystem& fs, const std::string& dir, const MetaProperties& meta, int64_t nowMs) {
  std::string text = "#\n#" + javaDateString(nowMs) + "\n";
  text += fmt::format("broker.id={}\n", meta.brokerId.value());
  if (!meta.clusterId.empty()) text += "cluster.id=" + escape(meta.clusterId) + "\n";
  text += fmt::format("version={}\n", meta.version);
  return writeFileAtomically(fs, joinPath(dir, std::string(kMetaProperties)), text);
}

std::string javaDateString(int64_t epochMs) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t seconds = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t secondOfDay = seconds - days * 86400;
  const int weekday = static_cast<int>(((days % 7) + 7) % 7);
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t dayOfEra = days - era * 146097;
  const int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const int64_t mp = (5 * dayOfYear + 2) / 153;
  const int64_t day = dayOfYear - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{} {} {:02d} {:02d}:{:02d}:{:02d} UTC {}", kDays[weekday], kMonths[month - 1], day,
                     secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60, year);
}

}  // namespace pier::storage
