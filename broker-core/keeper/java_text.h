#pragma once
// How Java prints the values ZooKeeper's four-letter words show, so Pier's replies read the same
// to the scripts that parse them:
//   javaDouble(1.9) -> "1.9", javaDouble(0) -> "0.0", javaDouble(1e7) -> "1.0E7" (Double.toString)
//   javaHex(-1) -> "ffffffffffffffff" (Long.toHexString)
//   javaDateUtc(0) -> "Thu Jan 01 00:00:00 UTC 1970" (Date.toString in a UTC JVM)
// Pure; thread-safe.

#include <cstdint>
#include <string>

namespace pier::keeper {

std::string javaDouble(double value);
std::string javaHex(int64_t value);
std::string javaDateUtc(int64_t epochMs);

}  // namespace pier::keeper
