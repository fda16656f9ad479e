#include "daemon/pierctl/consumer_options.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/base_error.h"
#include "base/parse_number.h"

namespace pier::pierctl {

namespace {

Status usage(std::string message) {
  return Status(BaseError::InvalidArgument, std::move(message));
}

Result<StartSpec> parseOffset(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "earliest") return StartSpec{StartSpec::Kind::Earliest, 0};
  if (lower == "latest") return StartSpec{StartSpec::Kind::Latest, 0};
  // Java's Long.parseLong takes a leading '+'.
  const std::string_view digits =
      !text.empty() && text[0] == '+' ? std::string_view(text).substr(1) : text;
  const auto offset = parseDecimal<int64_t>(digits);
  if (!offset || *offset < 0) {
    return usage(
        fmt::format("The provided offset value '{}' is incorrect. Valid values are 'earliest', "
                    "'latest', or a non-negative long.",
                    text));
  }
  return StartSpec{StartSpec::Kind::Offset, *offset};
}

}  // namespace

Result<StartSpec> consumerStart(const ConsoleConsumerArgs& args) {
  if (args.partition) {
    if (args.fromBeginning && args.offset)
      return usage("Options from-beginning and offset cannot be specified together.");
  } else if (args.offset) {
    return usage("The partition is required when offset is specified.");
  }
  if (args.group && args.partition)
    return usage("Options group and partition cannot be specified together.");
  if (args.offset) return parseOffset(*args.offset);
  return StartSpec{args.fromBeginning ? StartSpec::Kind::Earliest : StartSpec::Kind::Latest, 0};
}

}  // namespace pier::pierctl
