#pragma once
// How `pierctl console-consumer` prints a record: Kafka 3.8's DefaultMessageFormatter
// (org.apache.kafka.tools.consumer.DefaultMessageFormatter), configured by --property:
//
//   [<timestampType>:<timestamp><key.separator>][Partition:<p><key.separator>]
//   [Offset:<o><key.separator>][h1:v1<headers.separator>h2:v2<key.separator>]
//   [<key><key.separator>]<value><line.separator>
//
//   print.timestamp print.partition print.offset print.headers print.key (false) print.value
//   (true); key.separator (\t), line.separator (\n), headers.separator (,), null.literal (null)
//
// "CreateTime:1700000000000", "LogAppendTime:...", "NO_TIMESTAMP" for magic 0 messages;
// "NO_HEADERS" for a record without headers; a null key, value or header value prints as
// null.literal. Keys, values and header values are written as their bytes (Kafka's default
// ByteArrayDeserializer); the --property key.deserializer / value.deserializer /
// headers.deserializer classes are not supported.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "daemon/pierctl/key_value_args.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record.h"

namespace pier::pierctl {

// One record as the consumer hands it to the formatter (Kafka's ConsumerRecord).
struct ConsumedRecord {
  PartitionIndex partition{0};
  Offset offset{0};
  std::optional<protocol::records::TimestampType>
      timestampType;  // none: NO_TIMESTAMP_TYPE (magic 0)
  int64_t timestampMs = protocol::records::kNoTimestamp;
  std::optional<std::vector<uint8_t>> key;
  std::optional<std::vector<uint8_t>> value;
  std::vector<protocol::records::RecordHeader> headers;
  friend bool operator==(const ConsumedRecord&, const ConsumedRecord&) = default;
};

struct FormatterConfig {
  bool printTimestamp = false;
  bool printKey = false;
  bool printValue = true;
  bool printPartition = false;
  bool printOffset = false;
  bool printHeaders = false;
  std::string keySeparator = "\t";
  std::string lineSeparator = "\n";
  std::string headersSeparator = ",";
  std::string nullLiteral = "null";
};

// The formatter's properties; others are ignored, as Kafka's formatter ignores them.
FormatterConfig formatterConfig(const Properties& props);

// The bytes DefaultMessageFormatter.writeTo writes for `record`.
std::string formatRecord(const FormatterConfig& config, const ConsumedRecord& record);

}  // namespace pier::pierctl
