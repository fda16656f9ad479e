#pragma once
// Checksums used on the wire and on disk.
//
// crc32c: Castagnoli polynomial (0x1EDC6F41), as Kafka record batches v2 use. Uses the SSE4.2
// crc32 instruction when the CPU has it (checked once at start-up), otherwise a portable
// slicing-by-8 table implementation. Both give identical results.
// crc32: the IEEE polynomial (zlib's), as Kafka's legacy message sets v0/v1 use.
//
// Extending: crc32c(b, crc32c(a)) == crc32c(a ++ b). Thread-safe.

#include <cstdint>
#include <span>

namespace pier {

uint32_t crc32c(std::span<const uint8_t> bytes, uint32_t crc = 0);
uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc = 0);

// The two CRC32C implementations, exposed for tests and benchmarks.
uint32_t crc32cPortable(std::span<const uint8_t> bytes, uint32_t crc = 0);
uint32_t crc32cHardware(std::span<const uint8_t> bytes, uint32_t crc = 0);  // Requires: crc32cHardwareAvailable()
bool crc32cHardwareAvailable();

}  // namespace pier
