#include "daemon/pierctl/broker_session.h"

#include <chrono>

#include "runtime/runtime_error.h"

namespace pier::pierctl {

namespace {
constexpr auto kTimeout = std::chrono::seconds(30);
}  // namespace

BrokerSession::BrokerSession(const std::string& clientId)
    : m_network(m_loop), m_client(client::KafkaClient::create(m_network, clientId)) {}

BrokerSession::~BrokerSession() { m_client->close(); }

Status BrokerSession::connect(const std::string& bootstrap) {
  const std::string first = bootstrap.substr(0, bootstrap.find(','));
  PIER_ASSIGN_OR_RETURN(Endpoint at, Endpoint::parse(first));
  auto result = std::make_shared<std::optional<Status>>();  // may outlive a timed-out wait
  m_client->connect(at, [result](Status s) { *result = std::move(s); });
  PIER_RETURN_IF_ERROR(waitFor([&result] { return result->has_value(); }));
  return **result;
}

// In slices, so no clock is read here: the loop's runFor bounds each slice.
Status BrokerSession::waitFor(const std::function<bool()>& done) {
  constexpr auto kSlice = std::chrono::milliseconds(20);
  for (int64_t slices = 0; !done() && slices < kTimeout / kSlice; ++slices) m_loop.runFor(kSlice);
  return done() ? Status::ok() : Status(RuntimeError::TimedOut, "no answer from the broker within 30 s");
}

}  // namespace pier::pierctl
