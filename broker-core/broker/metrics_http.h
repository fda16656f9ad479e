#pragma once
// MetricsHttpServer: the smallest HTTP/1.1 responder that serves Prometheus: GET /metrics
// answers 200 with the text exposition (version 0.0.4), any other path 404, any other method
// 405; one request per connection (Connection: close). A request head over 8 KiB or a
// malformed request line is answered 400. Listens on `pier.metrics.listener`.
//
// Owned by the Broker, used on its loop; not thread-safe.

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "runtime/network.h"

namespace pier::broker {

class MetricsHttpServer {
 public:
  MetricsHttpServer(Network& network, std::function<std::string()> render)
      : m_network(network), m_render(std::move(render)) {}

  Status listen(const Endpoint& at);
  void close();
  Endpoint endpoint() const;

 private:
  void serve(std::shared_ptr<Connection> conn);

  Network& m_network;
  std::function<std::string()> m_render;
  std::unique_ptr<Listener> m_listener;
};

// The HTTP response for one request head (exposed for tests).
std::string metricsHttpResponse(std::string_view requestHead, const std::function<std::string()>& render);

}  // namespace pier::broker
