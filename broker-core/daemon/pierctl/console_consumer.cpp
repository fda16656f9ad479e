#include "daemon/pierctl/console_consumer.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <map>

#include <fmt/format.h>

#include "client/group_admin.h"
#include "client/group_membership.h"
#include "protocol/kafka_error_codes.h"
#include "client/kafka_error.h"
#include "daemon/pierctl/broker_session.h"
#include "daemon/pierctl/consumer_settings.h"
#include "daemon/pierctl/fetched_records.h"
#include "daemon/pierctl/message_formatter.h"
#include "daemon/pierctl/topic_metadata.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"

namespace pier::pierctl {

using namespace protocol::kafka;

namespace {

constexpr int16_t kFetchVersion = 12;
constexpr int32_t kFetchMaxWaitMs = 500;              // Kafka's fetch.max.wait.ms
constexpr int32_t kFetchMaxBytes = 52428800;          // fetch.max.bytes
constexpr int32_t kPartitionFetchMaxBytes = 1048576;  // max.partition.fetch.bytes
constexpr int64_t kIdleWaitMs = 100;  // between polls while no partition is assigned
constexpr int64_t kReconnectBackoffMs = 50;       // Kafka's reconnect.backoff.ms
constexpr int64_t kReconnectBackoffMaxMs = 1000;  // reconnect.backoff.max.ms
constexpr std::string_view kTerminating = "Error processing message, terminating consumer process:";
constexpr std::string_view kSkipping = "Error processing message, skipping this message:";

// Set by SIGINT/SIGTERM: a signal handler can only reach a global. Read between fetches.
volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void requestStop(int) {
  g_stopRequested = 1;
}

// SIGINT and SIGTERM end the run between fetches (Kafka's shutdown hook: wake the consumer,
// commit, print the count) for as long as this lives; the previous handlers come back after.
class StopOnSignal {
 public:
  StopOnSignal() {
    g_stopRequested = 0;
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_previousInt);
    sigaction(SIGTERM, &action, &m_previousTerm);
  }
  ~StopOnSignal() {
    sigaction(SIGINT, &m_previousInt, nullptr);
    sigaction(SIGTERM, &m_previousTerm, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  bool requested() const { return g_stopRequested != 0; }

 private:
  struct sigaction m_previousInt {};
  struct sigaction m_previousTerm {};
};

// Kafka's log line and the exception under it, without log4j's timestamp.
void logError(std::ostream& err, std::string_view what, const std::string& exception) {
  err << "ERROR " << what << "  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n"
      << exception << "\n";
}

enum class RunEnd { MaxMessages, Timeout, Stopped, Failed };

// One consumer: the assigned partitions, their positions, the fetch loop and the commits.
class ConsumerRun {
 public:
  ConsumerRun(BrokerSession& session, const ConsoleConsumerArgs& args,
              const ConsumerSettings& settings, StartSpec start, FormatterConfig format,
              std::ostream& out, std::ostream& err)
      : m_session(session),
        m_args(args),
        m_settings(settings),
        m_start(start),
        m_format(std::move(format)),
        m_out(out),
        m_err(err) {}

  // Without a group: the partitions and their start. With one: joins it (the partitions come
  // from the group's leader, later).
  Status assign();
  RunEnd consume(const StopOnSignal& stop);
  // Commits every position for a group with enable.auto.commit (nothing otherwise); errors are
  // printed. False for an error that is not the group's life (a rebalance).
  bool commit();
  // Leaves the group (LeaveGroup for a dynamic member), waiting for the answer.
  void leave();
  int64_t messageCount() const { return m_count; }

 private:
  int64_t nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               m_session.clock().now().time_since_epoch())
        .count();
  }
  bool done() const { return m_args.maxMessages && m_count >= *m_args.maxMessages; }
  TopicPartition tp(PartitionIndex p) const { return TopicPartition{m_args.topic, p}; }
  Status seek(const std::vector<PartitionIndex>& partitions, StartSpec spec);
  Result<FetchResponse> fetch(int32_t maxWaitMs);
  void take(const FetchResponse::PartitionData& data);
  void takeRecords(PartitionIndex p, Offset& position, std::span<const uint8_t> blob);
  // --timeout-ms passed since `sinceMs` without a message: true, once Kafka's TimeoutException
  // is logged.
  bool timedOut(int64_t sinceMs) {
    if (!m_args.timeoutMs || *m_args.timeoutMs < 0 || nowMs() - sinceMs <= *m_args.timeoutMs) return false;
    logError(m_err, kTerminating, "org.apache.kafka.common.errors.TimeoutException");
    return true;
  }
  Status join();
  // A connection this run uses (the broker's, the group coordinator's) was lost.
  bool connectionLost() const {
    return !m_session.client().connected() || (m_coordinator && !m_coordinator->connected());
  }
  // Connects again (see the definition); nullopt once connected, else how the run ends.
  std::optional<RunEnd> reconnect(const StopOnSignal& stop, int64_t lastRecordMs);
  // Applies what the group asked since the last call: revoked partitions are committed and
  // dropped, newly assigned ones start at their committed offset or auto.offset.reset; the
  // others keep their positions (a cooperative rebalance).
  bool followGroup();
  Status startAssigned(const std::vector<TopicPartition>& assigned);
  bool commit(const client::CommittedOffsets& offsets);
  std::string consumerTag() const {
    return fmt::format("[Consumer clientId={}, groupId={}]", m_settings.clientId,
                       m_settings.groupId.value_or(""));
  }

  BrokerSession& m_session;
  const ConsoleConsumerArgs& m_args;
  const ConsumerSettings& m_settings;
  client::KafkaClient* m_coordinator = nullptr;
  std::unique_ptr<client::GroupMembership> m_member;
  StartSpec m_start;
  FormatterConfig m_format;
  std::ostream& m_out;
  std::ostream& m_err;
  std::map<PartitionIndex, Offset> m_positions;
  std::size_t m_rotation = 0;
  int64_t m_count = 0;
  std::optional<RunEnd> m_end;  // set by take() when the run must end
};

Status ConsumerRun::assign() {
  PIER_ASSIGN_OR_RETURN(int32_t count, topicPartitionCount(m_session, m_args.topic));
  std::vector<PartitionIndex> partitions;
  if (m_args.partition) {
    if (*m_args.partition < 0 || *m_args.partition >= count)
      return client::brokerError("Fetch " + m_args.topic, kafka_error::kUnknownTopicOrPartition);
    partitions.push_back(PartitionIndex(*m_args.partition));
  } else {
    for (int32_t p = 0; p < count; ++p) partitions.push_back(PartitionIndex(p));
  }
  if (m_settings.groupId) return join();
  return seek(partitions, m_start);
}

Status ConsumerRun::join() {
  const std::string& group = *m_settings.groupId;
  PIER_ASSIGN_OR_RETURN(client::Coordinator found,
                        m_session.await<client::Coordinator>([&](auto done) {
                          client::findGroupCoordinator(m_session.client(), group, std::move(done));
                        }));
  PIER_ASSIGN_OR_RETURN(
      m_coordinator, m_session.clientFor(Endpoint{found.host, static_cast<uint16_t>(found.port)}));
  client::GroupMemberConfig config;
  config.groupId = group;
  config.groupInstanceId = m_settings.groupInstanceId;
  config.topics = {m_args.topic};
  config.assignors = m_settings.assignors;
  config.sessionTimeoutMs = m_settings.sessionTimeoutMs;
  config.rebalanceTimeoutMs = m_settings.maxPollIntervalMs;
  config.heartbeatIntervalMs = m_settings.heartbeatIntervalMs;
  config.retryBackoffMs = m_settings.retryBackoffMs;
  m_member = std::make_unique<client::GroupMembership>(*m_coordinator, m_session.client(),
                                                       std::move(config));
  m_member->start(nowMs());
  return Status::ok();
}

bool ConsumerRun::followGroup() {
  client::MemberEvents events = m_member->poll(nowMs());
  if (events.failed) {
    logError(m_err, kTerminating, events.failed->message());
    return false;
  }
  if (events.revoke) {
    client::CommittedOffsets revoked;
    for (const TopicPartition& p : events.revoke->partitions) {
      auto it = m_positions.find(p.partition);
      if (it != m_positions.end() && p.topic == m_args.topic) revoked[p] = it->second;
      m_positions.erase(p.partition);
    }
    // Commit before giving the partitions up (all of them when eager, those moving elsewhere when
    // cooperative), unless they were lost already.
    if (!events.revoke->lost && m_settings.enableAutoCommit && !revoked.empty()) commit(revoked);
    m_member->revoked(nowMs());
  }
  if (events.assigned) {
    if (Status s = startAssigned(*events.assigned); !s) {
      logError(m_err, kTerminating, s.message());
      return false;
    }
  }
  return true;
}

Status ConsumerRun::startAssigned(const std::vector<TopicPartition>& assigned) {
  if (assigned.empty()) return Status::ok();
  PIER_ASSIGN_OR_RETURN(auto committed, m_session.await<client::CommittedOffsets>([&](auto done) {
    client::fetchCommittedOffsets(*m_coordinator, *m_settings.groupId, std::move(done));
  }));
  std::vector<PartitionIndex> uncommitted;
  std::string undefined;
  for (const TopicPartition& p : assigned) {
    if (p.topic != m_args.topic) continue;
    auto it = committed.find(p);
    if (it != committed.end()) {
      m_positions[p.partition] = it->second;
    } else {
      uncommitted.push_back(p.partition);
      undefined +=
          fmt::format("{}{}-{}", undefined.empty() ? "" : ", ", p.topic, p.partition.value());
    }
  }
  if (!uncommitted.empty() && m_settings.autoOffsetReset == "none") {
    return Status(client::ClientError::UnexpectedAnswer,
                  "org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined "
                  "offset with no reset policy for partitions: [" +
                      undefined + "]");
  }
  const auto kind = m_settings.autoOffsetReset == "earliest" ? StartSpec::Kind::Earliest
                                                             : StartSpec::Kind::Latest;
  return seek(uncommitted, StartSpec{kind, 0});
}

Status ConsumerRun::seek(const std::vector<PartitionIndex>& partitions, StartSpec spec) {
  if (partitions.empty()) return Status::ok();
  if (spec.kind == StartSpec::Kind::Offset) {
    for (PartitionIndex p : partitions) m_positions[p] = Offset(spec.offset);
    return Status::ok();
  }
  std::vector<TopicPartition> asked;
  for (PartitionIndex p : partitions) asked.push_back(tp(p));
  const int64_t timestamp = spec.kind == StartSpec::Kind::Earliest ? client::kEarliestTimestamp
                                                                   : client::kLatestTimestamp;
  PIER_ASSIGN_OR_RETURN(auto offsets, m_session.await<client::LogOffsets>([&](auto done) {
    client::listOffsets(m_session.client(), asked, timestamp, std::move(done));
  }));
  for (PartitionIndex p : partitions) {
    auto it = offsets.find(tp(p));
    if (it == offsets.end() || !it->second)
      return client::brokerError("ListOffsets " + m_args.topic, kafka_error::kUnknownTopicOrPartition);
    m_positions[p] = *it->second;
  }
  return Status::ok();
}

Result<FetchResponse> ConsumerRun::fetch(int32_t maxWaitMs) {
  FetchRequest req;
  req.replicaId = NodeId(-1);
  req.maxWaitMs = maxWaitMs;
  req.minBytes = 1;
  req.maxBytes = kFetchMaxBytes;
  FetchRequest::FetchTopic& topic = req.topics.emplace_back();
  topic.topic = m_args.topic;
  // A different partition first each time: the broker fills partitions in request order.
  std::vector<std::pair<PartitionIndex, Offset>> order(m_positions.begin(), m_positions.end());
  if (!order.empty()) {
    const auto first = static_cast<std::ptrdiff_t>(m_rotation++ % order.size());
    std::rotate(order.begin(), order.begin() + first, order.end());
  }
  for (const auto& [p, position] : order) {
    FetchRequest::FetchPartition& fp = topic.partitions.emplace_back();
    fp.partition = p.value();
    fp.fetchOffset = position.value();
    fp.partitionMaxBytes = kPartitionFetchMaxBytes;
  }
  return m_session.call<FetchRequest, FetchResponse>(req, kFetchVersion);
}

void ConsumerRun::take(const FetchResponse::PartitionData& data) {
  const PartitionIndex p(data.partitionIndex);
  auto position = m_positions.find(p);
  if (position == m_positions.end()) return;
  if (data.errorCode == kafka_error::kOffsetOutOfRange) {
    // Kafka's auto.offset.reset: earliest with --from-beginning, latest otherwise.
    StartSpec reset{m_settings.autoOffsetReset == "earliest" ? StartSpec::Kind::Earliest
                                                             : StartSpec::Kind::Latest,
                    0};
    if (Status s = seek({p}, reset); !s) {
      logError(m_err, kTerminating, s.message());
      m_end = RunEnd::Failed;
    }
    return;
  }
  if (data.errorCode != 0) {
    logError(m_err, kTerminating, client::kafkaExceptionText(data.errorCode));
    m_end = RunEnd::Failed;
    return;
  }
  if (data.records && !data.records->empty()) takeRecords(p, position->second, *data.records);
}

void ConsumerRun::takeRecords(PartitionIndex p, Offset& position, std::span<const uint8_t> blob) {
  FetchedRecords fetched = decodeFetchedRecords(p, position, blob);
  for (const ConsumedRecord& record : fetched.records) {
    if (done()) {
      m_end = RunEnd::MaxMessages;
      return;
    }
    m_out << formatRecord(m_format, record);
    ++m_count;
    position = Offset(record.offset.value() + 1);
  }
  position = std::max(position, fetched.nextOffset);
  if (fetched.error.isOk()) return;
  const std::string exception = fmt::format(
      "org.apache.kafka.common.KafkaException: Received exception when fetching the next record "
      "from {}-{}. If needed, please seek past the record to continue consumption.\nCaused by: "
      "org.apache.kafka.common.errors.CorruptRecordException: {}",
      m_args.topic, p.value(), fetched.error.message());
  if (m_args.skipMessageOnError && fetched.skipTo) {
    logError(m_err, kSkipping, exception);
    position = *fetched.skipTo;
    return;
  }
  logError(m_err, kTerminating, exception);
  m_end = RunEnd::Failed;
}

// The broker went away (restarted, say): connects again as Kafka's NetworkClient does, after
// reconnect.backoff.ms doubling up to reconnect.backoff.max.ms, with its warning for each failed
// attempt, until the broker answers, --timeout-ms passes without a message, or the run is
// stopped. The positions are kept, and a group member carries on over the new connection: the
// requests it lost are sent again, and a broker that no longer knows the member answers
// UNKNOWN_MEMBER_ID, so it joins again and starts from the group's committed offsets.
std::optional<RunEnd> ConsumerRun::reconnect(const StopOnSignal& stop, int64_t lastRecordMs) {
  const std::optional<Endpoint>& broker = m_session.bootstrapEndpoint();
  int64_t backoffMs = kReconnectBackoffMs;
  while (true) {
    const int64_t until = nowMs() + backoffMs;
    (void)m_session.waitUntil([&] { return nowMs() >= until || stop.requested(); });
    if (stop.requested()) return RunEnd::Stopped;
    Status connected = m_session.reconnect();
    if (connected) return std::nullopt;
    m_err << fmt::format(
        "WARN {} Connection to node -1 ({}) could not be established. Node may not be available. "
        "(org.apache.kafka.clients.NetworkClient)\n",
        consumerTag(), broker ? broker->toString() : m_args.bootstrapServer);
    if (timedOut(lastRecordMs)) return RunEnd::Timeout;
    backoffMs = std::min(backoffMs * 2, kReconnectBackoffMaxMs);
  }
}

RunEnd ConsumerRun::consume(const StopOnSignal& stop) {
  int64_t lastRecordMs = nowMs();
  int64_t lastCommitMs = lastRecordMs;
  while (!m_end) {
    if (done()) return RunEnd::MaxMessages;
    if (stop.requested()) return RunEnd::Stopped;
    if (connectionLost()) {
      if (std::optional<RunEnd> end = reconnect(stop, lastRecordMs)) return *end;
    }
    if (m_member && !followGroup()) return RunEnd::Failed;
    if (m_member && m_positions.empty()) {
      // Joining, or a member without partitions: keep the group's requests going.
      const int64_t until = nowMs() + kIdleWaitMs;
      (void)m_session.waitUntil([&] { return nowMs() >= until || stop.requested(); });
      if (timedOut(lastRecordMs)) return RunEnd::Timeout;
      continue;
    }
    int64_t waitMs = kFetchMaxWaitMs;
    if (m_args.timeoutMs && *m_args.timeoutMs >= 0)
      waitMs =
          std::clamp<int64_t>(*m_args.timeoutMs - (nowMs() - lastRecordMs), 0, kFetchMaxWaitMs);
    auto resp = fetch(static_cast<int32_t>(waitMs));
    if (!resp && client::isConnectionLoss(resp.status())) {
      // Fetched again (after reconnecting at the top when the connection went), as long as
      // --timeout-ms allows: a broker that never answers ends the run like one that is gone.
      if (timedOut(lastRecordMs)) return RunEnd::Timeout;
      continue;
    }
    if (!resp) {
      logError(m_err, kTerminating,
               "org.apache.kafka.common.errors.NetworkException: " + resp.status().message());
      return RunEnd::Failed;
    }
    const int64_t before = m_count;
    for (const auto& topic : resp->responses) {
      for (const auto& data : topic.partitions) {
        if (!m_end && topic.topic == m_args.topic) take(data);
      }
    }
    m_out.flush();
    if (m_count > before) {
      lastRecordMs = nowMs();
    } else if (!m_end && timedOut(lastRecordMs)) {
      return RunEnd::Timeout;
    }
    if (m_member && nowMs() - lastCommitMs >= m_settings.autoCommitIntervalMs) {
      commit();
      lastCommitMs = nowMs();
    }
  }
  return *m_end;
}

bool ConsumerRun::commit() {
  if (!m_member || !m_settings.enableAutoCommit || m_positions.empty()) return true;
  client::CommittedOffsets offsets;
  for (const auto& [p, position] : m_positions) offsets[tp(p)] = position;
  return commit(offsets);
}

bool ConsumerRun::commit(const client::CommittedOffsets& offsets) {
  const client::GroupMemberFsm& fsm = m_member->fsm();
  const client::CommitIdentity who{fsm.generationId(), fsm.memberId(), fsm.groupInstanceId()};
  auto errors = m_session.await<client::PartitionErrors>([&](auto done) {
    client::commitOffsets(*m_coordinator, fsm.groupId(), who, offsets, std::move(done));
  });
  if (!errors) {
    m_err << "ERROR " << consumerTag() << " Offset commit failed: " << errors.status().message()
          << "\n";
    return false;
  }
  bool ok = true;
  for (const auto& [partition, code] : *errors) {
    if (code == 0) continue;
    const std::string line = fmt::format(
        "{} Offset commit failed on partition {}-{} at offset {}: {} "
        "(org.apache.kafka.clients.consumer.internals.ConsumerCoordinator)\n",
        consumerTag(), partition.topic, partition.partition.value(), offsets.at(partition).value(),
        client::kafkaErrorMessage(code));
    // The group moved on without these partitions' commit: a warning, and the member rejoins.
    if (code == kafka_error::kRebalanceInProgress || code == kafka_error::kUnknownMemberId || code == kafka_error::kIllegalGeneration) {
      m_err << "WARN " << line;
      m_member->onCommitError(code, nowMs());
    } else {
      m_err << "ERROR " << line;
      ok = false;
    }
  }
  return ok;
}

void ConsumerRun::leave() {
  if (!m_member) return;
  m_member->leave(nowMs());
  (void)m_session.waitUntil([this] { return m_member->left(); });
}

void warnUnsupported(const Properties& props, std::ostream& err) {
  for (const char* key : {"key.deserializer", "value.deserializer", "headers.deserializer"}) {
    if (props.count(key) > 0)
      err << "WARN pierctl console-consumer prints bytes as they are; " << key << " ignored.\n";
  }
}

}  // namespace

int runConsoleConsumer(const ConsoleConsumerArgs& args, std::ostream& out, std::ostream& err) {
  auto start = consumerStart(args);
  if (!start) {
    err << start.status().message() << "\n";
    return 1;
  }
  const Properties props = parseKeyValueArgs(args.properties);
  Properties fromFile;
  if (args.consumerConfig) {
    auto loaded = loadPropertiesFile(*args.consumerConfig);
    if (!loaded) {
      err << loaded.status().message() << "\n";
      return 1;
    }
    fromFile = std::move(*loaded);
  }
  auto settings = consumerSettings(args, fromFile, err);
  if (!settings) {
    err << settings.status().message() << "\n";
    return 1;
  }
  // Without --offset, auto.offset.reset is where an assigned partition starts too.
  if (!args.offset && settings->autoOffsetReset == "earliest")
    start->kind = StartSpec::Kind::Earliest;
  warnUnsupported(props, err);
  StopOnSignal stop;
  BrokerSession session(settings->clientId);
  if (Status connected = session.connect(args.bootstrapServer); !connected) {
    err << fmt::format(
        "WARN [Consumer clientId={}] Connection to node -1 ({}) could not be "
        "established. Node may not be available. (org.apache.kafka.clients.NetworkClient)\n{}\n",
        settings->clientId, args.bootstrapServer, connected.toString());
    err << "Processed a total of 0 messages\n";
    return 1;
  }
  ConsumerRun run(session, args, *settings, *start, formatterConfig(props), out, err);
  RunEnd end = RunEnd::Failed;
  if (Status assigned = run.assign(); !assigned) {
    logError(err, kTerminating, assigned.message());
  } else {
    end = run.consume(stop);
  }
  const bool committed = run.commit();  // as Kafka's consumer commits on close, after an error too
  run.leave();
  err << "Processed a total of " << run.messageCount() << " messages\n";
  return end != RunEnd::Failed && committed ? 0 : 1;
}

}  // namespace pier::pierctl
