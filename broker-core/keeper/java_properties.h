#pragma once
// parseJavaPropertiesText(): java.util.Properties.load() for zoo.cfg, which ZooKeeper reads with
// it before looking at any key.
//
// What load() does and this does too: lines end at \n, \r or \r\n; leading blanks (space, tab,
// form feed) are skipped; a line whose first non-blank is '#' or '!' is a comment; a line ending
// in an odd number of backslashes continues on the next one, whose leading blanks are dropped
// (a continuation line is never a comment); the key ends at the first unescaped '=', ':' or
// blank, then blanks and one '=' or ':' are skipped; escapes \t \n \r \f \uXXXX and "\c" -> "c"
// in keys and values; a later duplicate key wins. Unlike load(InputStream), which decodes
// ISO-8859-1, bytes pass through unchanged (a UTF-8 dataDir stays UTF-8) and \uXXXX becomes
// UTF-8. A malformed \uXXXX is an error, as in Java ("Malformed \uxxxx encoding.").
//
// Entries keep file order (of each key's last occurrence) so errors name the first bad line.
// Pure; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace pier::keeper {

struct JavaProperty {
  std::string key;
  std::string value;  // untrimmed, as load() returns it
  int line = 0;       // 1-based line the entry starts on
};

// Errors use BaseError::InvalidArgument with the line number.
Result<std::vector<JavaProperty>> parseJavaPropertiesText(std::string_view text);

// String.trim(): drops every leading and trailing char <= ' '.
std::string_view javaTrim(std::string_view text);

}  // namespace pier::keeper
