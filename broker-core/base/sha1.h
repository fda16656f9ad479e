#pragma once
// SHA-1 (FIPS 180-4), for the one place ZooKeeper needs it: digest credentials
// ("user:" + base64(sha1("user:password"))). Not for security decisions of our own.
// Small on purpose: linking a crypto library for this alone would add more resident memory than
// pier-keeper's whole heap at idle. Stateless; thread-safe.

#include <array>
#include <cstdint>
#include <span>

namespace pier {

std::array<uint8_t, 20> sha1(std::span<const uint8_t> bytes);

}  // namespace pier
