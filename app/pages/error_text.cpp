#include "pages/error_text.h"

namespace pier {

QString ErrorText::hint(const QString& name) {
  if (name == u"_TRANSPORT" || name == u"_ALL_BROKERS_DOWN" || name == u"_RESOLVE") {
    return tr("Check that the brokers are running and that the bootstrap servers are right.");
  }
  if (name == u"_TIMED_OUT" || name == u"REQUEST_TIMED_OUT") {
    return tr("The cluster did not answer in time; it may be overloaded or unreachable.");
  }
  if (name == u"TOPIC_ALREADY_EXISTS") {
    return tr("Choose another name, or delete the existing topic first.");
  }
  if (name == u"INVALID_REPLICATION_FACTOR") {
    return tr("The replication factor cannot be larger than the number of live brokers.");
  }
  if (name == u"INVALID_PARTITIONS") {
    return tr("A topic needs at least one partition, and partitions can only be added, never removed.");
  }
  if (name == u"TOPIC_EXCEPTION" || name == u"INVALID_TOPIC_EXCEPTION") {
    return tr("Topic names use only letters, digits, '.', '_' and '-', and are at most 249 characters long.");
  }
  if (name == u"TOPIC_DELETION_DISABLED") {
    return tr("The brokers run with delete.topic.enable=false.");
  }
  if (name == u"INVALID_CONFIG") {
    return tr("One of the topic settings has a value the broker does not accept.");
  }
  if (name == u"UNKNOWN_TOPIC_OR_PART") {
    return tr("The topic no longer exists; it may have been deleted meanwhile.");
  }
  if (name == u"POLICY_VIOLATION") {
    return tr("The cluster's create-topic policy refused the request.");
  }
  if (name.contains(u"AUTHORIZATION_FAILED")) {
    return tr("The client's principal lacks the ACL this operation needs.");
  }
  return {};
}

QString ErrorText::describe(const QString& whatFailed, const KafkaError& error) {
  QString text = tr("%1: %2: %3").arg(whatFailed, error.name, error.message);
  if (const QString advice = hint(error.name); !advice.isEmpty()) {
    text += u' ' + advice;
  }
  return text;
}

}  // namespace pier
