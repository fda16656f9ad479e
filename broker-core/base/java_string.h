#pragma once
// What Java does with a String, where Kafka and ZooKeeper let it reach the wire or the disk:
// its UTF-16 code units and String.hashCode (partition of a consumer group, iteration order of
// a java.util.HashSet of znode names). Stateless; thread-safe.

#include <cstdint>
#include <string_view>
#include <vector>

namespace pier {

// UTF-8 to the UTF-16 code units Java's String holds, as new String(bytes, UTF_8) makes them
// (JDK 17): each malformed sequence becomes one U+FFFD, as do UTF-8-encoded surrogates.
std::vector<uint16_t> javaUtf16Units(std::string_view utf8);
// Java's String.hashCode (s[0]*31^(n-1) + ... over UTF-16 units, int overflow).
int32_t javaStringHashCode(std::string_view utf8);

}  // namespace pier
