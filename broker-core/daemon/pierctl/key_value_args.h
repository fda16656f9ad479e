#pragma once
// The `--property k=v` / `--producer-property k=v` arguments of Kafka's console tools, read as
// Kafka 3.8's CommandLineUtils.parseKeyValueArgs reads them: split at the first '=', "k" and
// "k=" give an empty value, a later argument for the same key wins. Boolean properties are true
// only for "true" in any case, spaces around it ignored (Java's
// `value.trim().equalsIgnoreCase("true")`); anything else is false, never an error.
//
// loadPropertiesFile reads a --consumer.config / --producer.config file as Kafka's
// Utils.loadProps does (java.util.Properties.load, keeper/java_properties.h).
//
// Pure functions but loadPropertiesFile, which reads one file; thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace pier::pierctl {

using Properties = std::map<std::string, std::string>;

Properties parseKeyValueArgs(const std::vector<std::string>& args);

bool isTrue(std::string_view value);

// Fails with "java.nio.file.NoSuchFileException: <path>" when the file cannot be read, and with
// the parser's message (naming the line) for a malformed \uXXXX escape.
Result<Properties> loadPropertiesFile(const std::string& path);

}  // namespace pier::pierctl
