#include "daemon/pierctl/broker_session.h"

#include <chrono>

#include "runtime/runtime_error.h"

namespace pier::pierctl {

namespace {
constexpr auto kTimeout = std::chrono::seconds(30);
}  // namespace

BrokerSession::BrokerSession(const std::string& clientId)
    : m_network(m_loop),
      m_clientId(clientId),
      m_client(client::KafkaClient::create(m_network, clientId)) {}

BrokerSession::~BrokerSession() {
  for (auto& [at, other] : m_others) other->close();
  m_client->close();
}

Status BrokerSession::connect(const std::string& bootstrap) {
  const std::string first = bootstrap.substr(0, bootstrap.find(','));
  PIER_ASSIGN_OR_RETURN(Endpoint at, Endpoint::parse(first));
  PIER_RETURN_IF_ERROR(connectClient(*m_client, at));
  m_connectedTo = at;
  return Status::ok();
}

Status BrokerSession::connectClient(client::KafkaClient& client, const Endpoint& at) {
  auto result = std::make_shared<std::optional<Status>>();  // may outlive a timed-out wait
  client.connect(at, [result](Status s) { *result = std::move(s); });
  PIER_RETURN_IF_ERROR(waitFor([&result] { return result->has_value(); }));
  return **result;
}

Status BrokerSession::reconnect() {
  if (m_connectedTo && !m_client->connected()) PIER_RETURN_IF_ERROR(connectClient(*m_client, *m_connectedTo));
  for (auto& [at, other] : m_others) {
    if (!other->connected()) PIER_RETURN_IF_ERROR(connectClient(*other, at));
  }
  return Status::ok();
}

Result<client::KafkaClient*> BrokerSession::clientFor(const Endpoint& at) {
  if (m_connectedTo && *m_connectedTo == at) return m_client.get();
  for (auto& [where, other] : m_others) {
    if (where == at) return other.get();
  }
  auto other = client::KafkaClient::create(m_network, m_clientId);
  PIER_RETURN_IF_ERROR(connectClient(*other, at));
  m_others.emplace_back(at, other);
  return other.get();
}

// In slices, so no clock is read here: the loop's runFor bounds each slice.
Status BrokerSession::waitFor(const std::function<bool()>& done) {
  constexpr auto kSlice = std::chrono::milliseconds(20);
  for (int64_t slices = 0; !done() && slices < kTimeout / kSlice; ++slices) m_loop.runFor(kSlice);
  return done() ? Status::ok() : Status(RuntimeError::TimedOut, "no answer from the broker within 30 s");
}

}  // namespace pier::pierctl
