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
  auto result = std::make_shared<std::optional<Status>>();  // may outlive a timed-out wait
  m_client->connect(at, [result](Status s) { *result = std::move(s); });
  PIER_RETURN_IF_ERROR(waitFor([&result] { return result->has_value(); }));
  if (result->value().isOk()) m_connectedTo = at;
  return **result;
}

Result<client::KafkaClient*> BrokerSession::clientFor(const Endpoint& at) {
  if (m_connectedTo && *m_connectedTo == at) return m_client.get();
  for (auto& [where, other] : m_others) {
    if (where == at) return other.get();
  }
  auto other = client::KafkaClient::create(m_network, m_clientId);
  auto result = std::make_shared<std::optional<Status>>();
  other->connect(at, [result](Status s) { *result = std::move(s); });
  PIER_RETURN_IF_ERROR(waitFor([&result] { return result->has_value(); }));
  PIER_RETURN_IF_ERROR(**result);
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
