#pragma once
// The `--property k=v` / `--producer-property k=v` arguments of Kafka's console tools, read as
// Kafka 3.8's CommandLineUtils.parseKeyValueArgs reads them: split at the first '=', "k" and
// "k=" give an empty value, a later argument for the same key wins. Boolean properties are true
// only for "true" in any case, spaces around it ignored (Java's
// `value.trim().equalsIgnoreCase("true")`); anything else is false, never an error.
//
// Pure functions; thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pier::pierctl {

using Properties = std::map<std::string, std::string>;

Properties parseKeyValueArgs(const std::vector<std::string>& args);

bool isTrue(std::string_view value);

}  // namespace pier::pierctl
