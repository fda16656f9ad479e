#include "daemon/pierctl/console_producer.h"

#include <poll.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "base/prng.h"
#include "client/kafka_error.h"
#include "daemon/pierctl/broker_session.h"
#include "daemon/pierctl/default_partitioner.h"
#include "daemon/pierctl/line_message_reader.h"
#include "daemon/pierctl/record_accumulator.h"
#include "daemon/pierctl/topic_metadata.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/records/record_batch.h"
#include "runtime/runtime_error.h"

namespace pier::pierctl {

using namespace protocol::kafka;
namespace records = protocol::records;

namespace {

constexpr int16_t kProduceVersion = 9;
constexpr std::size_t kMaxInFlight = 5;

std::string describeBytes(int64_t n) {
  return n < 0 ? "null" : fmt::format("{} bytes", n);
}

// The exception a Java client raises when a request got no answer.
std::string transportException(const Status& why) {
  if (why.is(RuntimeError::TimedOut))
    return "org.apache.kafka.common.errors.TimeoutException: " + why.message();
  return "org.apache.kafka.common.errors.NetworkException: The server disconnected before a "
         "response was received.";
}

// What the answers update. Shared with the response callbacks, which may still run when the
// session closes after the run gave up waiting.
struct SendState {
  std::ostream* err = nullptr;
  std::string topic;
  bool sync = false;
  std::size_t inFlight = 0;
  int64_t failedRecords = 0;

  void fail(const RecordSummary& record, const std::string& exception) {
    ++failedRecords;
    if (sync) {
      *err << "java.util.concurrent.ExecutionException: " << exception << "\n";
      return;
    }
    *err << fmt::format(
        "ERROR Error when sending message to topic {} with key: {}, value: {} with error: "
        "(org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\n{}\n",
        topic, describeBytes(record.keyBytes), describeBytes(record.valueBytes), exception);
  }
  void failAll(const std::vector<RecordSummary>& batch, const std::string& exception) {
    for (const RecordSummary& r : batch) fail(r, exception);
  }
};

// The records of one Produce request, per partition, for the error lines.
using SentBatches = std::vector<std::pair<int32_t, std::vector<RecordSummary>>>;

void onProduceAnswer(SendState& state, const SentBatches& sent,
                     const Result<ProduceResponse>& resp) {
  --state.inFlight;
  for (const auto& [partition, summaries] : sent) {
    if (!resp) {
      state.failAll(summaries, transportException(resp.status()));
      continue;
    }
    const ProduceResponse::PartitionProduceResponse* answer = nullptr;
    for (const auto& t : resp->responses) {
      for (const auto& p : t.partitionResponses) {
        if (t.name == state.topic && p.index == partition) answer = &p;
      }
    }
    if (!answer) {
      state.failAll(
          summaries,
          "org.apache.kafka.common.errors.UnknownServerException: no answer for partition " +
              std::to_string(partition));
    } else if (answer->errorCode != 0) {
      const std::string message =
          answer->errorMessage.value_or(client::kafkaErrorMessage(answer->errorCode));
      state.failAll(summaries, client::kafkaExceptionText(answer->errorCode, message));
    }
  }
}

// One producer's partitioning, batching and in-flight requests over a connected session.
class ProducerRun {
 public:
  // `prng` picks the first sticky partition.
  ProducerRun(BrokerSession& session, const std::string& topic, const ProducerSettings& settings,
              bool sync, int32_t partitionCount, Prng& prng, std::ostream& err)
      : m_session(session),
        m_settings(settings),
        m_partitionCount(partitionCount),
        m_sticky(partitionCount,
                 static_cast<int32_t>(prng.below(static_cast<uint64_t>(partitionCount))),
                 settings.batchSizeBytes),
        m_accumulator(sync ? 0 : static_cast<std::size_t>(settings.batchSizeBytes)),
        m_state(std::make_shared<SendState>()) {
    m_state->err = &err;
    m_state->topic = topic;
    m_state->sync = sync;
  }

  void send(ProducerRecord record) {
    const std::size_t size = singleRecordBatchBytes(record);
    if (size > static_cast<std::size_t>(m_settings.maxRequestSizeBytes)) {
      m_state->fail(RecordSummary{lengthOf(record.key), lengthOf(record.value)},
                    fmt::format("org.apache.kafka.common.errors.RecordTooLargeException: The "
                                "message is {} bytes when serialized which is larger than {}, "
                                "which is the value of the max.request.size configuration.",
                                size, m_settings.maxRequestSizeBytes));
      return;
    }
    const PartitionIndex partition = record.key ? partitionForKey(*record.key, m_partitionCount)
                                                : m_sticky.partitionFor(static_cast<int64_t>(size));
    sendBatches(m_accumulator.append(partition, std::move(record), m_session.clock().wallMs()));
    if (m_state->sync) flush();
  }

  // Sends every open batch and waits for every answer.
  void flush() {
    sendBatches(m_accumulator.drain());
    awaitInFlight(0);
  }

  int64_t failedRecords() const { return m_state->failedRecords; }

 private:
  static int64_t lengthOf(const std::optional<std::vector<uint8_t>>& b) {
    return b ? int64_t(b->size()) : -1;
  }

  void sendBatches(std::vector<ProducerBatch> batches) {
    if (batches.empty()) return;
    awaitInFlight(kMaxInFlight - 1);
    ProduceRequest req;
    req.acks = m_settings.acks;
    req.timeoutMs = m_settings.requestTimeoutMs;
    ProduceRequest::TopicProduceData& topic = req.topicData.emplace_back();
    topic.name = m_state->topic;
    SentBatches sent;
    for (ProducerBatch& batch : batches) {
      auto bytes = encode(batch);
      if (!bytes) {
        m_state->failAll(batch.summaries,
                         "org.apache.kafka.common.KafkaException: " + bytes.status().message());
        continue;
      }
      ProduceRequest::PartitionProduceData& data = topic.partitionData.emplace_back();
      data.index = batch.partition.value();
      data.records = std::move(*bytes);
      sent.emplace_back(batch.partition.value(), std::move(batch.summaries));
    }
    if (sent.empty()) return;
    ++m_state->inFlight;
    auto state = m_state;
    if (m_settings.acks == 0) {
      m_session.client().sendOneWay(req, kProduceVersion, [state, sent](Status written) {
        if (written) {
          --state->inFlight;  // acks=0: written is all a producer learns
        } else {
          onProduceAnswer(*state, sent, written);
        }
      });
      return;
    }
    m_session.client().call<ProduceRequest, ProduceResponse>(
        req, kProduceVersion,
        [state, sent](Result<ProduceResponse> resp) { onProduceAnswer(*state, sent, resp); });
  }

  Result<std::vector<uint8_t>> encode(const ProducerBatch& batch) const {
    records::BatchHeader header =
        records::headerForRecords(Offset(0), batch.baseTimestampMs, batch.records);
    records::EncodeOptions options;
    options.compression = m_settings.compression;
    return records::encodeBatch(header, batch.records, options);
  }

  void awaitInFlight(std::size_t atMost) {
    auto state = m_state;
    if (m_session.waitUntil([state, atMost] { return state->inFlight <= atMost; })) return;
    // No answer in time: closing fails every waiting call, which reports its records.
    m_session.client().close();
    if (!m_session.waitUntil([state] { return state->inFlight == 0; })) state->inFlight = 0;
  }

  BrokerSession& m_session;
  ProducerSettings m_settings;
  int32_t m_partitionCount;
  StickyPartitioner m_sticky;
  RecordAccumulator m_accumulator;
  std::shared_ptr<SendState> m_state;
};

// Whether a line (or the end of input) can be read without waiting: standard input is polled;
// other streams (tests) are ready while they hold buffered characters.
bool inputReady(std::istream& in) {
  if (in.rdbuf()->in_avail() > 0) return true;
  if (&in != &std::cin) return false;
  pollfd p{STDIN_FILENO, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

bool interactive(std::istream& in) {
  return &in == &std::cin && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
}

// Reads and sends lines until the end of input, a refused line or (with --sync) a failed record;
// false when a line was refused.
bool produceLines(ProducerRun& run, const LineReaderConfig& reader, bool sync, std::istream& in,
                  std::ostream& out, std::ostream& err) {
  const bool prompt = interactive(in);
  std::string line;
  for (int64_t lineNumber = 1;; ++lineNumber) {
    if (!inputReady(in)) run.flush();
    if (prompt) out << '>' << std::flush;
    if (!std::getline(in, line)) return true;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();  // BufferedReader.readLine drops "\r\n"
    auto record = parseLine(reader, line, lineNumber);
    if (!record) {
      err << "org.apache.kafka.common.KafkaException: " << record.status().message() << "\n";
      return false;
    }
    run.send(std::move(*record));
    if (sync && run.failedRecords() > 0) return true;
  }
}

}  // namespace

int runConsoleProducer(const ConsoleProducerArgs& args, std::istream& in, std::ostream& out,
                       std::ostream& err) {
  auto settings = producerSettings(args, err);
  if (!settings) {
    err << "org.apache.kafka.common.config.ConfigException: " << settings.status().message()
        << "\n";
    return 1;
  }
  auto reader = lineReaderConfig(parseKeyValueArgs(args.properties));
  if (!reader) {
    err << "org.apache.kafka.common.KafkaException: " << reader.status().message() << "\n";
    return 1;
  }
  BrokerSession session(settings->clientId);
  if (Status connected = session.connect(args.bootstrapServer); !connected) {
    err << fmt::format(
        "WARN [Producer clientId={}] Connection to node -1 ({}) could not be established. Node may "
        "not be available. (org.apache.kafka.clients.NetworkClient)\n{}\n",
        settings->clientId, args.bootstrapServer, connected.toString());
    return 1;
  }
  auto partitions = topicPartitionCount(session, args.topic);
  if (!partitions) {
    err << "ERROR Cannot send to topic " << args.topic << ": " << partitions.status().message()
        << "\n";
    return 1;
  }
  // Each run starts its null-key records on another partition, as Kafka's random first choice.
  Prng prng(static_cast<uint64_t>(session.clock().now().time_since_epoch().count()) ^
            static_cast<uint64_t>(session.clock().wallMs()));
  ProducerRun run(session, args.topic, *settings, args.sync, *partitions, prng, err);
  const bool allLinesRead = produceLines(run, *reader, args.sync, in, out, err);
  run.flush();
  return allLinesRead && run.failedRecords() == 0 ? 0 : 1;
}

}  // namespace pier::pierctl
