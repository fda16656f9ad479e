#include "runtime/network.h"

#include <charconv>

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
  unsigned port = 0;
  auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (portText.empty() || ec != std::errc() || end != portText.data() + portText.size() ||
      port > 65535) {
    return bad("port is not a number from 0 to 65535");
  }
  return Endpoint{std::string(host), static_cast<uint16_t>(port)};
}

}  // namespace pier
