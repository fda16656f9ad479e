#include "base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace pier::detail {

void assertFailed(const char* file, int line, const char* condition, const char* message) noexcept {
  // stdio rather than the logger: the logger may be the thing that is broken.
  std::fprintf(stderr, "PIER_ASSERT failed at %s:%d: %s (%s)\n", file, line, message, condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace pier::detail
