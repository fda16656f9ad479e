#include "runtime/network.h"


#include "base/parse_number.h"
#include "runtime/runtime_error.h"

namespace pier {

std::string Endpoint::toString() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Endpoint> Endpoint::parse(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status(RuntimeError::InvalidArgument,
                  "endpoint '" + std::string(text) + "': " + why + " (expected host:port)");
  };
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view portText = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad("IPv6 addresses need brackets");
  }
  auto port = parseDecimal<unsigned>(portText);
  if (!port || *port > 65535) return bad("port is not a number from 0 to 65535");
  return Endpoint{std::string(host), static_cast<uint16_t>(*port)};
}

}  // namespace pier
