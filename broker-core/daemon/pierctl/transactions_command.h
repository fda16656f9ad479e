#pragma once
// `pierctl transactions`, shaped like kafka-transactions.sh; one command so far:
//
//   pierctl transactions --bootstrap-server 127.0.0.1:9092 describe-producers --topic t --partition 0
//
// DescribeProducers to the broker, printed as Kafka's tool prints it (each column padded to its
// widest value, then a tab):
//   ProducerId	ProducerEpoch	LatestCoordinatorEpoch	LastSequence	LastTimestamp	CurrentTransactionStartOffset
//   4000      	0            	-1                    	41          	1700000000123	None
// Errors: "Failed to describe producers for partition t-0 on leader: <message>. Enable debug
// logging for additional detail." on stderr, exit 1. Kafka's --broker-id (a given replica) is
// not offered: a single-node broker is the leader of every partition it has.

#include <cstdint>
#include <ostream>
#include <string>

namespace pier::pierctl {

struct TransactionsArgs {
  std::string bootstrapServer;
  std::string topic;
  int32_t partition = -1;
};

int runDescribeProducers(const TransactionsArgs& args, std::ostream& out, std::ostream& err);

}  // namespace pier::pierctl
