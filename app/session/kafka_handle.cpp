#include "session/kafka_handle.h"

#include "session/message_producer.h"

#include <librdkafka/rdkafka.h>

#include <QCoreApplication>
#include <QLoggingCategory>

#include <array>

namespace pier {

namespace {

Q_LOGGING_CATEGORY(lcKafka, "pier.librdkafka")

// librdkafka's own log lines go to Qt's logging (category pier.librdkafka), not to stderr.
void forwardLog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* message) {
  if (level <= 3) {
    qCWarning(lcKafka, "%s: %s", facility, message);
  } else {
    qCDebug(lcKafka, "%s: %s", facility, message);
  }
}

bool setProperty(rd_kafka_conf_t* conf, const QString& key, const QString& value, QString* error) {
  std::array<char, 512> why{};
  if (rd_kafka_conf_set(conf, key.toUtf8().constData(), value.toUtf8().constData(), why.data(),
                        why.size()) == RD_KAFKA_CONF_OK) {
    return true;
  }
  *error = QCoreApplication::translate("pier::KafkaHandle", "Client property %1=%2: %3")
               .arg(key, value, QString::fromUtf8(why.data()));
  return false;
}

}  // namespace

std::unique_ptr<KafkaHandle> KafkaHandle::create(const ConnectionSettings& settings, QString* error, Kind kind) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  const QList<QPair<QString, QString>> defaults = {
      {QStringLiteral("client.id"), QStringLiteral("pier-console")},
      // The console asks for all topics itself; no background refresh of its own.
      {QStringLiteral("topic.metadata.refresh.interval.ms"), QStringLiteral("-1")},
      {QStringLiteral("socket.timeout.ms"), QStringLiteral("10000")},
      {QStringLiteral("reconnect.backoff.max.ms"), QStringLiteral("2000")},
  };
  const QList<QPair<QString, QString>> kindDefaults =
      kind == Kind::Consumer
          ? QList<QPair<QString, QString>>{{QStringLiteral("enable.auto.commit"), QStringLiteral("false")},
                                           {QStringLiteral("enable.partition.eof"), QStringLiteral("true")}}
          : QList<QPair<QString, QString>>{{QStringLiteral("message.timeout.ms"), QStringLiteral("10000")},
                                           {QStringLiteral("linger.ms"), QStringLiteral("5")}};
  bool ok = setProperty(conf, QStringLiteral("bootstrap.servers"), settings.bootstrap, error);
  for (const auto& [key, value] : defaults + kindDefaults) {
    ok = ok && setProperty(conf, key, value, error);
  }
  for (const auto& [key, value] : settings.properties) {
    ok = ok && setProperty(conf, key, value, error);
  }
  if (!ok) {
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_conf_set_log_cb(conf, forwardLog);
  if (kind == Kind::Producer) {
    rd_kafka_conf_set_dr_msg_cb(conf, onDeliveryReport);
  }
  std::array<char, 512> why{};
  rd_kafka_t* rk = rd_kafka_new(kind == Kind::Consumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER, conf,
                                why.data(), why.size());
  if (rk == nullptr) {  // on failure the configuration is still ours
    rd_kafka_conf_destroy(conf);
    *error = QString::fromUtf8(why.data());
    return nullptr;
  }
  return std::unique_ptr<KafkaHandle>(new KafkaHandle(rk));
}

KafkaHandle::~KafkaHandle() { rd_kafka_destroy(m_rk); }

}  // namespace pier
