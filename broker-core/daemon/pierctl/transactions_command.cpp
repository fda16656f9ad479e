#include "daemon/pierctl/transactions_command.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "client/kafka_error.h"
#include "daemon/pierctl/broker_session.h"
#include "protocol/kafka/generated/describe_producers_request.h"
#include "protocol/kafka/generated/describe_producers_response.h"

namespace pier::pierctl {

using namespace protocol::kafka;

namespace {

// TransactionsCommand.prettyPrintTable: every column padded to its widest cell, each followed by
// a tab (the last too).
void printTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += fmt::format("{:<{}}\t", row[i], widths[i]);
    out << line << "\n";
  }
}

}  // namespace

int runDescribeProducers(const TransactionsArgs& args, std::ostream& out, std::ostream& err) {
  const std::string partitionName = fmt::format("{}-{}", args.topic, args.partition);
  auto failed = [&](const std::string& message) {
    err << "Failed to describe producers for partition " << partitionName << " on leader: " << message
        << ". Enable debug logging for additional detail.\n";
    return 1;
  };
  BrokerSession session;
  if (Status connected = session.connect(args.bootstrapServer); !connected) return failed(connected.message());
  DescribeProducersRequest req;
  auto& topic = req.topics.emplace_back();
  topic.name = args.topic;
  topic.partitionIndexes = {args.partition};
  auto resp = session.call<DescribeProducersRequest, DescribeProducersResponse>(req, 0);
  if (!resp) return failed(resp.status().message());
  if (resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) {
    return failed("the broker's answer does not name the partition");
  }
  const auto& p = resp->topics[0].partitions[0];
  if (p.errorCode != 0) {
    // The exception's getMessage(): the broker's message, else Kafka's default for the code.
    return failed(p.errorMessage && !p.errorMessage->empty() ? *p.errorMessage : client::kafkaErrorMessage(p.errorCode));
  }
  std::vector<std::vector<std::string>> rows{{"ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
                                              "LastTimestamp", "CurrentTransactionStartOffset"}};
  for (const auto& s : p.activeProducers) {
    rows.push_back({std::to_string(s.producerId.value()), std::to_string(s.producerEpoch),
                    std::to_string(s.coordinatorEpoch), std::to_string(s.lastSequence), std::to_string(s.lastTimestamp),
                    s.currentTxnStartOffset >= 0 ? std::to_string(s.currentTxnStartOffset) : "None"});
  }
  printTable(rows, out);
  return 0;
}

}  // namespace pier::pierctl
