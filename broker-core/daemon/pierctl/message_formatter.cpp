#include "daemon/pierctl/message_formatter.h"

namespace pier::pierctl {

namespace {

void appendBytes(std::string& out, const std::optional<std::vector<uint8_t>>& bytes,
                 const std::string& nullLiteral) {
  if (bytes) {
    out.append(bytes->begin(), bytes->end());
  } else {
    out += nullLiteral;
  }
}

// Kafka writes key.separator after a column when any column follows it, line.separator
// otherwise.
void separator(std::string& out, const FormatterConfig& c, bool columnFollows) {
  out += columnFollows ? c.keySeparator : c.lineSeparator;
}

std::string timestampText(const ConsumedRecord& r) {
  if (!r.timestampType) return "NO_TIMESTAMP";
  const char* type = *r.timestampType == protocol::records::TimestampType::LogAppendTime
                         ? "LogAppendTime"
                         : "CreateTime";
  return std::string(type) + ":" + std::to_string(r.timestampMs);
}

void appendHeaders(std::string& out, const FormatterConfig& c, const ConsumedRecord& r) {
  if (r.headers.empty()) {
    out += "NO_HEADERS";
    return;
  }
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    if (i > 0) out += c.headersSeparator;
    out += r.headers[i].key + ":";
    appendBytes(out, r.headers[i].value, c.nullLiteral);
  }
}

}  // namespace

FormatterConfig formatterConfig(const Properties& props) {
  FormatterConfig c;
  auto flag = [&](const char* key, bool& into) {
    if (auto it = props.find(key); it != props.end()) into = isTrue(it->second);
  };
  auto text = [&](const char* key, std::string& into) {
    if (auto it = props.find(key); it != props.end()) into = it->second;
  };
  flag("print.timestamp", c.printTimestamp);
  flag("print.key", c.printKey);
  flag("print.offset", c.printOffset);
  flag("print.partition", c.printPartition);
  flag("print.headers", c.printHeaders);
  flag("print.value", c.printValue);
  text("key.separator", c.keySeparator);
  text("line.separator", c.lineSeparator);
  text("headers.separator", c.headersSeparator);
  text("null.literal", c.nullLiteral);
  return c;
}

std::string formatRecord(const FormatterConfig& c, const ConsumedRecord& r) {
  std::string out;
  if (c.printTimestamp) {
    out += timestampText(r);
    separator(out, c,
              c.printPartition || c.printOffset || c.printHeaders || c.printKey || c.printValue);
  }
  if (c.printPartition) {
    out += "Partition:" + std::to_string(r.partition.value());
    separator(out, c, c.printOffset || c.printHeaders || c.printKey || c.printValue);
  }
  if (c.printOffset) {
    out += "Offset:" + std::to_string(r.offset.value());
    separator(out, c, c.printHeaders || c.printKey || c.printValue);
  }
  if (c.printHeaders) {
    appendHeaders(out, c, r);
    separator(out, c, c.printKey || c.printValue);
  }
  if (c.printKey) {
    appendBytes(out, r.key, c.nullLiteral);
    separator(out, c, c.printValue);
  }
  if (c.printValue) {
    appendBytes(out, r.value, c.nullLiteral);
    out += c.lineSeparator;
  }
  return out;
}

}  // namespace pier::pierctl
