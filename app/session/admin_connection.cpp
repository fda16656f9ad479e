#include "session/admin_connection.h"

#include "client/kafka_error.h"

#include <QCoreApplication>

namespace pier {

KafkaError requestErrorOf(const Status& status) {
  const QString message = QString::fromStdString(status.message());
  if (status.is(SocketError::TimedOut)) {
    return {QStringLiteral("_TIMED_OUT"), message};
  }
  if (status.inDomain<client::ClientError>()) {
    return {QStringLiteral("_BAD_MSG"), message};
  }
  return {QStringLiteral("_TRANSPORT"), message};
}

KafkaError requirePlaintext(const ConnectionSettings& settings, const QString& what) {
  for (const auto& [key, value] : settings.properties) {
    if (key == u"security.protocol" && value.compare(u"plaintext", Qt::CaseInsensitive) != 0) {
      return {QStringLiteral("_NOT_IMPLEMENTED"),
              QCoreApplication::translate("pier::AdminConnection", "%1 works over plaintext connections only.")
                  .arg(what)};
    }
  }
  return {};
}

QString firstBootstrapServer(const QString& bootstrap) { return bootstrap.section(u',', 0, 0).trimmed(); }

AdminConnection::AdminConnection(SocketNetwork& network)
    : m_network(network), m_client(client::KafkaClient::create(network, "pier-console")) {}

AdminConnection::~AdminConnection() { m_client->close(); }

void AdminConnection::connect(const QString& hostPort, std::function<void(KafkaError)> then) {
  auto at = Endpoint::parse(hostPort.toStdString());
  if (!at) {
    then({QStringLiteral("_INVALID_ARG"), QString::fromStdString(at.status().message())});
    return;
  }
  m_client->connect(*at, [then = std::move(then)](const Status& s) { then(s ? KafkaError{} : requestErrorOf(s)); });
}

KafkaError AdminConnection::open(const QString& hostPort, int timeoutMs) {
  auto connected = std::make_shared<std::optional<KafkaError>>();  // a late answer may outlive this frame
  connect(hostPort, [connected](KafkaError e) { *connected = std::move(e); });
  if (connected->has_value()) {
    return **connected;  // refused before any I/O (a bad address)
  }
  Status waited = m_network.runUntil([&connected] { return connected->has_value(); }, timeoutMs);
  return waited ? **connected : requestErrorOf(waited);
}

}  // namespace pier
