#include "broker/metrics_http.h"

#include <fmt/format.h>

namespace pier::broker {

namespace {

constexpr std::size_t kHeadBytesMax = 8192;

std::string httpResponse(int code, std::string_view reason, std::string_view contentType, std::string_view body) {
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", code,
                     reason, contentType, body.size(), body);
}

struct HttpSession {
  std::shared_ptr<Connection> conn;
  std::string head;
  std::vector<uint8_t> buffer = std::vector<uint8_t>(2048);
};

}  // namespace

std::string metricsHttpResponse(std::string_view head, const std::function<std::string()>& render) {
  const std::size_t lineEnd = head.find("\r\n");
  const std::string_view line = head.substr(0, lineEnd);
  const std::size_t firstSpace = line.find(' ');
  const std::size_t secondSpace = firstSpace == std::string_view::npos ? firstSpace : line.find(' ', firstSpace + 1);
  if (secondSpace == std::string_view::npos || line.substr(secondSpace + 1).rfind("HTTP/1.", 0) != 0) {
    return httpResponse(400, "Bad Request", "text/plain", "bad request line\n");
  }
  const std::string_view method = line.substr(0, firstSpace);
  std::string_view target = line.substr(firstSpace + 1, secondSpace - firstSpace - 1);
  target = target.substr(0, target.find('?'));
  if (method != "GET" && method != "HEAD") return httpResponse(405, "Method Not Allowed", "text/plain", "GET only\n");
  if (target != "/metrics") return httpResponse(404, "Not Found", "text/plain", "try /metrics\n");
  return httpResponse(200, "OK", "text/plain; version=0.0.4; charset=utf-8", method == "HEAD" ? "" : render());
}

Status MetricsHttpServer::listen(const Endpoint& at) {
  PIER_ASSIGN_OR_RETURN(m_listener, m_network.listen(at, [this](Result<std::shared_ptr<Connection>> conn) {
                          if (conn) serve(std::move(*conn));
                        }));
  return Status::ok();
}

void MetricsHttpServer::close() {
  if (m_listener) m_listener->close();
}

Endpoint MetricsHttpServer::endpoint() const { return m_listener ? m_listener->localEndpoint() : Endpoint{}; }

void MetricsHttpServer::serve(std::shared_ptr<Connection> conn) {
  auto session = std::make_shared<HttpSession>();
  session->conn = std::move(conn);
  auto readMore = std::make_shared<std::function<void()>>();
  *readMore = [this, session, readMore] {
    session->conn->read(session->buffer, [this, session, readMore](Result<std::size_t> n) {
      if (!n) {
        session->conn->close();
        *readMore = nullptr;
        return;
      }
      session->head.append(reinterpret_cast<const char*>(session->buffer.data()), *n);
      const bool complete = session->head.find("\r\n\r\n") != std::string::npos;
      if (!complete && session->head.size() < kHeadBytesMax) {
        (*readMore)();
        return;
      }
      const std::string response = complete ? metricsHttpResponse(session->head, m_render)
                                             : httpResponse(400, "Bad Request", "text/plain", "request head too large\n");
      session->conn->write(std::vector<uint8_t>(response.begin(), response.end()),
                           [session](Status) { session->conn->close(); });
      *readMore = nullptr;  // break the self-reference once the request is read
    });
  };
  (*readMore)();
}

}  // namespace pier::broker
