#include "daemon/pierctl/key_value_args.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "base/base_error.h"
#include "keeper/java_properties.h"

namespace pier::pierctl {

Properties parseKeyValueArgs(const std::vector<std::string>& args) {
  Properties props;
  for (const std::string& arg : args) {
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      props[arg] = "";
    } else {
      props[arg.substr(0, eq)] = arg.substr(eq + 1);
    }
  }
  return props;
}

bool isTrue(std::string_view value) {
  // Java's String.trim() drops every character up to and including space.
  while (!value.empty() && static_cast<unsigned char>(value.front()) <= ' ') value.remove_prefix(1);
  while (!value.empty() && static_cast<unsigned char>(value.back()) <= ' ') value.remove_suffix(1);
  constexpr std::string_view kTrue = "true";
  return value.size() == kTrue.size() &&
         std::equal(value.begin(), value.end(), kTrue.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

Result<Properties> loadPropertiesFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return Status(BaseError::InvalidArgument, "java.nio.file.NoSuchFileException: " + path);
  std::stringstream text;
  text << file.rdbuf();
  PIER_ASSIGN_OR_RETURN(auto entries, keeper::parseJavaPropertiesText(text.str()));
  Properties props;
  for (auto& entry : entries) props[entry.key] = std::move(entry.value);
  return props;
}

}  // namespace pier::pierctl
