#pragma once
// PIER_ASSERT: invariant checks that stay on in every build type, release included.
// A failed assert prints file, line, condition and message to stderr and aborts.
// Use it for invariants ("hw <= leo"), never for input validation: malformed bytes and bad
// configs are error values (see result.h).

namespace pier::detail {
[[noreturn]] void assertFailed(const char* file, int line, const char* condition,
                               const char* message) noexcept;
}  // namespace pier::detail

#define PIER_ASSERT(cond, message)                                                    \
  do {                                                                                \
    if (!(cond)) [[unlikely]] {                                                       \
      ::pier::detail::assertFailed(__FILE__, __LINE__, #cond, message);               \
    }                                                                                 \
  } while (false)

#define PIER_UNREACHABLE(message) ::pier::detail::assertFailed(__FILE__, __LINE__, "unreachable", message)
