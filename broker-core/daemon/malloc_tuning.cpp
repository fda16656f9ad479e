#include "daemon/malloc_tuning.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <string_view>

namespace pier {

namespace {
// Set in the re-executed process: never a second exec, whatever ld.so made of GLIBC_TUNABLES
// (glibc 2.36 rewrites the variable in place while parsing it).
constexpr const char* kReexecMarker = "PIER_MALLOC_TUNED";
}  // namespace

void reexecWithMallocTunables(char** argv, const char* programName) {
  if (::getenv(kReexecMarker) != nullptr) {
    ::unsetenv(kReexecMarker);
    return;
  }
  const char* current = ::getenv("GLIBC_TUNABLES");
  const std::string tunables = current ? current : "";
  if (tunables.find("glibc.malloc.tcache_count") != std::string::npos) return;
  char exe[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  const std::string_view path(exe, static_cast<std::size_t>(n));
  const std::string_view name = path.substr(path.rfind('/') + 1);
  if (name != programName) return;
  const std::string setting = "glibc.malloc.tcache_count=" + std::to_string(kMallocThreadCacheCount);
  const std::string value = tunables.empty() ? setting : tunables + ":" + setting;
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0 || ::setenv(kReexecMarker, "1", 1) != 0) return;
  ::execv(exe, argv);
  ::unsetenv(kReexecMarker);
  // exec failed: carry on as we are, without the setting (and without leaving it for children).
  if (current) {
    ::setenv("GLIBC_TUNABLES", current, 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
}

}  // namespace pier
