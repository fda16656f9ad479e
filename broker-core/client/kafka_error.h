#pragma once
// What a client makes of a Kafka error code a broker answered: ClientError::BrokerError with a
// message naming the request and the code as Kafka's Errors enum spells it, and the text Kafka's
// Java admin client shows for it (exception class and default message), which pierctl prints
// where kafka-consumer-groups.sh prints a Java exception.
//
// Only the codes a group, offsets, produce or fetch call can meet are named; any other is
// "UNKNOWN(<code>)".
// Thread-safety: functions over their arguments; the table is constant.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace pier::client {

enum class ClientError {
  BrokerError,       // the broker answered a Kafka error code (named in the message)
  UnexpectedAnswer,  // a well-formed response that does not answer what was asked
};

std::string_view describe(ClientError e);

// An error that ended a connection (refused, reset, closed by the broker, timed out: the
// runtime's errors, as KafkaClient fails its calls with them): the request may be sent again on
// a new connection. Not a broker's error code, nor an answer that did not decode.
bool isConnectionLoss(const Status& status);

// "NON_EMPTY_GROUP", or "UNKNOWN(123)" for a code not in the table.
std::string kafkaErrorName(int16_t code);

// "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty." (Java's
// Throwable.toString() of the exception Kafka's admin client raises for `code`).
std::string kafkaExceptionText(int16_t code);
// The same exception with the broker's own message (Produce v8+ and others answer one, and
// Kafka's clients show it in place of the default).
std::string kafkaExceptionText(int16_t code, std::string_view message);

// Errors.java's default message for `code` ("The group is not empty."), the exception's
// getMessage() in Kafka's tools.
std::string kafkaErrorMessage(int16_t code);

// ClientError::BrokerError, "<request>: <NAME> (<code>): <default message>".
Status brokerError(std::string_view request, int16_t code);

}  // namespace pier::client

PIER_ERROR_DOMAIN(pier::client::ClientError, "client");
