#pragma once
// How `pierctl console-producer` turns a line of standard input into a record: Kafka 3.8's
// LineMessageReader (org.apache.kafka.tools.LineMessageReader), configured by --property.
//
//   parse.key=true                      "key<key.separator>value"
//   parse.headers=true                  "h1:v1,h2:v2<headers.delimiter>value"
//   both                                "h1:v1,h2:v2<headers.delimiter>key<key.separator>value"
//   key.separator (\t)  headers.delimiter (\t)  headers.separator (,)  headers.key.separator (:)
//   ignore.error        a line without a separator is taken as well as it can be, not refused
//   null.marker         a key, value, header list or header value equal to it is null
//
// Errors carry the text of Kafka's KafkaException ("No key separator found on line number 2:
// 'abc'"). One difference: Kafka compiles headers.separator as a Java regular expression; here
// it is a plain string (the same for the default "," and any separator without regex syntax).
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "daemon/pierctl/key_value_args.h"
#include "protocol/records/record.h"

namespace pier::pierctl {

struct LineReaderConfig {
  bool parseKey = false;
  std::string keySeparator = "\t";
  bool parseHeaders = false;
  std::string headersDelimiter = "\t";
  std::string headersSeparator = ",";
  std::string headersKeySeparator = ":";
  bool ignoreError = false;
  std::optional<std::string> nullMarker;
};

// A record as the console producer reads it, before a partition is chosen.
struct ProducerRecord {
  std::optional<std::vector<uint8_t>> key;
  std::optional<std::vector<uint8_t>> value;
  std::vector<protocol::records::RecordHeader> headers;
  friend bool operator==(const ProducerRecord&, const ProducerRecord&) = default;
};

// The reader's properties (unknown keys are ignored, as Kafka ignores them). Fails with
// Kafka's message when two separators, or a separator and the null marker, are equal.
Result<LineReaderConfig> lineReaderConfig(const Properties& props);

// One line (without its line terminator); `lineNumber` counts from 1 and names the line in
// errors.
Result<ProducerRecord> parseLine(const LineReaderConfig& config, std::string_view line,
                                 int64_t lineNumber);

}  // namespace pier::pierctl
