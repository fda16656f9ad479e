#pragma once
// `pierctl topics`, shaped like kafka-topics.sh: --create / --list / --describe / --delete /
// --alter --partitions against a broker (--bootstrap-server), through client::KafkaClient.
//
//   pierctl topics --bootstrap-server 127.0.0.1:9092 --create --topic t --partitions 3 [--config k=v ...]
//   pierctl topics --bootstrap-server 127.0.0.1:9092 --describe [--topic t]
//
// --describe prints, as kafka-topics.sh does:
//   Topic: t	TopicId: <id>	PartitionCount: 3	ReplicationFactor: 1	Configs: retention.ms=1000
//   	Topic: t	Partition: 0	Leader: 0	Replicas: 0	Isr: 0
// Errors: "Error while executing topic command : <broker's message>" on stderr, exit 1.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace pier::pierctl {

struct TopicsArgs {
  std::string bootstrapServer;
  bool create = false;
  bool list = false;
  bool describe = false;
  bool remove = false;  // --delete
  bool alter = false;
  bool ifNotExists = false;
  std::string topic;
  int32_t partitions = -1;
  int16_t replicationFactor = -1;
  std::vector<std::string> configs;  // key=value
};

int runTopics(const TopicsArgs& args, std::ostream& out, std::ostream& err);

}  // namespace pier::pierctl
