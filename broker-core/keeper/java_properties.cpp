#include "keeper/java_properties.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/base_error.h"

namespace pier::keeper {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

struct LogicalLine {
  std::string raw;  // continuations joined, escapes still in place
  int line = 0;
};

// One natural line: its text and the position after its terminator.
std::string_view naturalLine(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  const std::size_t end = std::min(text.find_first_of("\r\n", start), text.size());
  pos = end == text.size() ? end : end + 1;
  if (end < text.size() && text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  return text.substr(start, end - start);
}

std::string_view skipBlanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && isBlank(s[i])) ++i;
  return s.substr(i);
}

// An odd run of backslashes at the end means the line goes on.
bool continues(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[s.size() - 1 - n] == '\\') ++n;
  return n % 2 == 1;
}

std::vector<LogicalLine> logicalLines(std::string_view text) {
  std::vector<LogicalLine> out;
  std::size_t pos = 0;
  int lineNo = 0;
  while (pos < text.size()) {
    std::string_view line = skipBlanks(naturalLine(text, pos));
    ++lineNo;
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    LogicalLine logical{std::string(), lineNo};
    while (continues(line)) {
      logical.raw.append(line.substr(0, line.size() - 1));
      if (pos >= text.size()) {
        line = {};
        break;
      }
      line = skipBlanks(naturalLine(text, pos));
      ++lineNo;
    }
    logical.raw.append(line);
    out.push_back(std::move(logical));
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, uint32_t codeUnit) {
  if (codeUnit < 0x80) {
    out.push_back(char(codeUnit));
  } else if (codeUnit < 0x800) {
    out.push_back(char(0xC0 | (codeUnit >> 6)));
    out.push_back(char(0x80 | (codeUnit & 0x3F)));
  } else {
    out.push_back(char(0xE0 | (codeUnit >> 12)));
    out.push_back(char(0x80 | ((codeUnit >> 6) & 0x3F)));
    out.push_back(char(0x80 | (codeUnit & 0x3F)));
  }
}

Result<std::string> unescape(std::string_view s, int line) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      if (s[i] != '\\') out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    if (c == 'u') {
      uint32_t unit = 0;
      for (int k = 0; k < 4; ++k) {
        const int digit = i + 1 < s.size() ? hexValue(s[++i]) : -1;
        if (digit < 0) return Status(BaseError::InvalidArgument, fmt::format("line {}: Malformed \\uxxxx encoding.", line));
        unit = unit * 16 + uint32_t(digit);
      }
      appendUtf8(out, unit);
    } else {
      out.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 'f' ? '\f' : c);
    }
  }
  return out;
}

// Where the key ends and the value starts, as Properties.load() splits a logical line.
std::pair<std::size_t, std::size_t> splitKeyValue(std::string_view raw) {
  std::size_t keyEnd = raw.size();
  std::size_t valueStart = raw.size();
  bool hasSeparator = false;
  bool escaped = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (!escaped && (c == '=' || c == ':' || isBlank(c))) {
      keyEnd = i;
      valueStart = i + 1;
      hasSeparator = c != ' ' && c != '\t' && c != '\f';
      break;
    }
    escaped = c == '\\' ? !escaped : false;
  }
  while (valueStart < raw.size()) {
    const char c = raw[valueStart];
    if (!isBlank(c)) {
      if (hasSeparator || (c != '=' && c != ':')) break;
      hasSeparator = true;
    }
    ++valueStart;
  }
  return {keyEnd, valueStart};
}

}  // namespace

std::string_view javaTrim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ') ++begin;
  while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ') --end;
  return text.substr(begin, end - begin);
}

Result<std::vector<JavaProperty>> parseJavaPropertiesText(std::string_view text) {
  std::vector<JavaProperty> out;
  for (const LogicalLine& logical : logicalLines(text)) {
    const std::string_view raw = logical.raw;
    const auto [keyEnd, valueStart] = splitKeyValue(raw);
    PIER_ASSIGN_OR_RETURN(std::string key, unescape(raw.substr(0, keyEnd), logical.line));
    PIER_ASSIGN_OR_RETURN(std::string value, unescape(raw.substr(valueStart), logical.line));
    std::erase_if(out, [&](const JavaProperty& p) { return p.key == key; });
    out.push_back(JavaProperty{std::move(key), std::move(value), logical.line});
  }
  return out;
}

}  // namespace pier::keeper
