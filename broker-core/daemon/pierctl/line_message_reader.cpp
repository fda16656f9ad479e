#include "daemon/pierctl/line_message_reader.h"

#include <fmt/format.h>

#include "base/base_error.h"

namespace pier::pierctl {

namespace {

Status kafkaException(std::string message) {
  return Status(BaseError::InvalidArgument, std::move(message));
}

std::vector<uint8_t> bytesOf(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// Kafka's checks, in its order: the first clash found is the one reported.
Status checkSeparators(const LineReaderConfig& c) {
  if (c.headersDelimiter == c.headersSeparator)
    return kafkaException("headers.delimiter and headers.separator may not be equal");
  if (c.headersDelimiter == c.headersKeySeparator)
    return kafkaException("headers.delimiter and headers.key.separator may not be equal");
  if (c.headersSeparator == c.headersKeySeparator)
    return kafkaException("headers.separator and headers.key.separator may not be equal");
  if (!c.nullMarker) return Status::ok();
  if (c.keySeparator == *c.nullMarker)
    return kafkaException("null.marker and key.separator may not be equal");
  if (c.headersSeparator == *c.nullMarker)
    return kafkaException("null.marker and headers.separator may not be equal");
  if (c.headersDelimiter == *c.nullMarker)
    return kafkaException("null.marker and headers.delimiter may not be equal");
  if (c.headersKeySeparator == *c.nullMarker)
    return kafkaException("null.marker and headers.key.separator may not be equal");
  return Status::ok();
}

// The text from `start` up to `demarcation` (Kafka's parse()): none when not enabled, or when
// the demarcation is missing and errors are ignored.
Result<std::optional<std::string_view>> field(const LineReaderConfig& c, bool enabled,
                                              std::string_view line, std::size_t start,
                                              const std::string& demarcation, std::string_view name,
                                              int64_t lineNumber) {
  if (!enabled) return std::optional<std::string_view>();
  const std::size_t index = line.find(demarcation, start);
  if (index == std::string_view::npos) {
    if (c.ignoreError) return std::optional<std::string_view>();
    return kafkaException(
        fmt::format("No {} found on line number {}: '{}'", name, lineNumber, line));
  }
  return std::optional<std::string_view>(line.substr(start, index - start));
}

// Java's String.split: a text without the separator is itself, trailing empty parts are
// dropped, and an empty text is one empty part.
std::vector<std::string_view> javaSplit(std::string_view text, std::string_view separator) {
  if (text.empty() || separator.empty()) return {text};
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string_view::npos;
       at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + separator.size();
  }
  parts.push_back(text.substr(start));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

Result<std::vector<protocol::records::RecordHeader>> splitHeaders(const LineReaderConfig& c,
                                                                  std::string_view headers,
                                                                  int64_t lineNumber) {
  std::vector<protocol::records::RecordHeader> out;
  for (std::string_view pair : javaSplit(headers, c.headersSeparator)) {
    const std::size_t i = pair.find(c.headersKeySeparator);
    if (i == std::string_view::npos) {
      if (!c.ignoreError) {
        return kafkaException(fmt::format(
            "No header key separator found in pair '{}' on line number {}", pair, lineNumber));
      }
      out.push_back({std::string(pair), std::nullopt});
      continue;
    }
    const std::string_view key = pair.substr(0, i);
    if (c.nullMarker && key == *c.nullMarker) {
      return kafkaException(fmt::format(
          "Header keys should not be equal to the null marker '{}' as they can't be null",
          *c.nullMarker));
    }
    const std::string_view value = pair.substr(i + c.headersKeySeparator.size());
    out.push_back({std::string(key), c.nullMarker && value == *c.nullMarker
                                         ? std::nullopt
                                         : std::optional<std::vector<uint8_t>>(bytesOf(value))});
  }
  return out;
}

}  // namespace

Result<LineReaderConfig> lineReaderConfig(const Properties& props) {
  LineReaderConfig c;
  auto has = [&](const char* key) { return props.find(key) != props.end(); };
  if (has("parse.key")) c.parseKey = isTrue(props.at("parse.key"));
  if (has("key.separator")) c.keySeparator = props.at("key.separator");
  if (has("parse.headers")) c.parseHeaders = isTrue(props.at("parse.headers"));
  if (has("headers.delimiter")) c.headersDelimiter = props.at("headers.delimiter");
  if (has("headers.separator")) c.headersSeparator = props.at("headers.separator");
  if (has("headers.key.separator")) c.headersKeySeparator = props.at("headers.key.separator");
  if (has("ignore.error")) c.ignoreError = isTrue(props.at("ignore.error"));
  if (has("null.marker")) c.nullMarker = props.at("null.marker");
  PIER_RETURN_IF_ERROR(checkSeparators(c));
  return c;
}

Result<ProducerRecord> parseLine(const LineReaderConfig& c, std::string_view line,
                                 int64_t lineNumber) {
  PIER_ASSIGN_OR_RETURN(auto headers, field(c, c.parseHeaders, line, 0, c.headersDelimiter,
                                            "headers delimiter", lineNumber));
  const std::size_t headerOffset = headers ? headers->size() + c.headersDelimiter.size() : 0;
  PIER_ASSIGN_OR_RETURN(auto key, field(c, c.parseKey, line, headerOffset, c.keySeparator,
                                        "key separator", lineNumber));
  const std::size_t keyOffset = key ? key->size() + c.keySeparator.size() : 0;
  const std::string_view value = line.substr(headerOffset + keyOffset);

  ProducerRecord record;
  if (key && !(c.nullMarker && *key == *c.nullMarker)) record.key = bytesOf(*key);
  if (!(c.nullMarker && value == *c.nullMarker)) record.value = bytesOf(value);
  if (headers && !(c.nullMarker && *headers == *c.nullMarker)) {
    PIER_ASSIGN_OR_RETURN(record.headers, splitHeaders(c, *headers, lineNumber));
  }
  return record;
}

}  // namespace pier::pierctl
