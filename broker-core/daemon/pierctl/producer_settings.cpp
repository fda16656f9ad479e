#include "daemon/pierctl/producer_settings.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/base_error.h"
#include "base/parse_number.h"
#include "daemon/pierctl/key_value_args.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

Status configException(std::string message) {
  return Status(BaseError::InvalidArgument, std::move(message));
}

Result<int16_t> parseAcks(const std::string& text) {
  if (text == "all" || text == "-1") return int16_t(-1);
  if (text == "0") return int16_t(0);
  if (text == "1") return int16_t(1);
  return configException(fmt::format(
      "Invalid value {} for configuration acks: String must be one of: all, -1, 0, 1", text));
}

Result<records::Compression> parseCodec(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text.empty() || text == "gzip")
    return records::Compression::Gzip;  // Kafka's default for a bare option
  if (text == "none") return records::Compression::None;
  if (text == "snappy") return records::Compression::Snappy;
  if (text == "lz4") return records::Compression::Lz4;
  if (text == "zstd") return records::Compression::Zstd;
  return configException(
      fmt::format("Invalid value {} for configuration compression.type: String must be one of: "
                  "none, gzip, snappy, lz4, zstd",
                  text));
}

Result<int32_t> parseSize(const std::string& key, const std::string& text, int32_t atLeast) {
  const auto value = parseDecimal<int32_t>(text);
  if (!value) {
    return configException(
        fmt::format("Invalid value {} for configuration {}: Not a number of type INT", text, key));
  }
  if (*value < atLeast) {
    return configException(fmt::format(
        "Invalid value {} for configuration {}: Value must be at least {}", text, key, atLeast));
  }
  return *value;
}

// Producer properties Pier reads; the rest are warned about and ignored.
Status applyProducerProperty(ProducerSettings& s, const std::string& key, const std::string& value,
                             std::ostream& warnings) {
  if (key == "acks") {
    PIER_ASSIGN_OR_RETURN(s.acks, parseAcks(value));
  } else if (key == "batch.size") {
    PIER_ASSIGN_OR_RETURN(s.batchSizeBytes, parseSize(key, value, 0));
  } else if (key == "request.timeout.ms") {
    PIER_ASSIGN_OR_RETURN(s.requestTimeoutMs, parseSize(key, value, 0));
  } else if (key == "max.request.size") {
    PIER_ASSIGN_OR_RETURN(s.maxRequestSizeBytes, parseSize(key, value, 0));
  } else if (key == "client.id") {
    s.clientId = value;
  } else if (key == "compression.type") {
    warnings << "WARN The producer property 'compression.type' is replaced by --compression-codec "
                "(none when not given), as kafka-console-producer.sh replaces it.\n";
  } else {
    warnings << fmt::format(
        "WARN pierctl console-producer does not use the producer property '{}'; ignored.\n", key);
  }
  return Status::ok();
}

}  // namespace

Result<ProducerSettings> producerSettings(const ConsoleProducerArgs& args, std::ostream& warnings) {
  ProducerSettings s;
  for (const auto& [key, value] : parseKeyValueArgs(args.producerProperties)) {
    PIER_RETURN_IF_ERROR(applyProducerProperty(s, key, value, warnings));
  }
  if (s.clientId.empty()) s.clientId = "console-producer";
  if (args.requestRequiredAcks) {
    PIER_ASSIGN_OR_RETURN(s.acks, parseAcks(*args.requestRequiredAcks));
  }
  if (args.batchSize) {
    PIER_ASSIGN_OR_RETURN(s.batchSizeBytes,
                          parseSize("batch.size", std::to_string(*args.batchSize), 0));
  }
  if (args.maxPartitionMemoryBytes) {
    PIER_ASSIGN_OR_RETURN(
        s.batchSizeBytes,
        parseSize("batch.size", std::to_string(*args.maxPartitionMemoryBytes), 0));
  }
  if (args.requestTimeoutMs) {
    PIER_ASSIGN_OR_RETURN(s.requestTimeoutMs, parseSize("request.timeout.ms",
                                                        std::to_string(*args.requestTimeoutMs), 0));
  }
  s.compression = records::Compression::None;
  if (args.compressionCodec) {
    PIER_ASSIGN_OR_RETURN(s.compression, parseCodec(*args.compressionCodec));
  }
  return s;
}

}  // namespace pier::pierctl
