#include "kafka_load.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

namespace pier::bench {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct DeliveryStats {
  int64_t delivered = 0;
  int64_t errors = 0;
  std::vector<double> latenciesUs;
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* stats = static_cast<DeliveryStats*>(opaque);
  if (msg->err) {
    ++stats->errors;
    return;
  }
  ++stats->delivered;
  const int64_t latencyUs = rd_kafka_message_latency(msg);
  if (latencyUs >= 0) stats->latenciesUs.push_back(static_cast<double>(latencyUs));
}

std::unique_ptr<rd_kafka_conf_t, void (*)(rd_kafka_conf_t*)> config(
    const std::vector<std::pair<std::string, std::string>>& settings, std::string& error) {
  std::unique_ptr<rd_kafka_conf_t, void (*)(rd_kafka_conf_t*)> conf(rd_kafka_conf_new(), rd_kafka_conf_destroy);
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      error = k + ": " + err;
      return conf;
    }
  }
  return conf;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

// Asks for `topic`'s metadata until every partition has a leader (at most `secondsMax`): a
// pier-broker creates the topic here (auto.create.topics.enable), as the mock's topics are made
// before the run, and the producer's metadata cache is filled before the clock starts.
// librdkafka 2.0 otherwise sometimes learns a topic produced to right after rd_kafka_new only at
// its 1 s metadata refresh, a stall of either side's row that says nothing about the broker.
bool awaitTopicLeaders(rd_kafka_t* rk, const std::string& topic, double secondsMax) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const auto start = Clock::now();
  bool ready = false;
  while (!ready && secondsSince(start) < secondsMax) {
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 1000) != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    ready = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topics[0].partition_cnt > 0;
    for (int p = 0; ready && p < md->topics[0].partition_cnt; ++p) ready = md->topics[0].partitions[p].leader >= 0;
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(rkt);
  return ready;
}

// A paced producer's wait for message `index`'s time: delivery reports are served meanwhile,
// so their latency (read when the report is served) is late by at most ~50 us.
void awaitSlot(rd_kafka_t* rk, Clock::time_point start, int64_t index, double ratePerSecond) {
  const auto due = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(static_cast<double>(index) / ratePerSecond));
  while (true) {
    rd_kafka_poll(rk, 0);
    if (Clock::now() >= due) return;
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace

LoadFigures produce(const ProduceSpec& spec) {
  LoadFigures out;
  auto conf = config({{"bootstrap.servers", spec.bootstrap}, {"acks", spec.acks},
                      {"linger.ms", std::to_string(spec.lingerMs)}, {"queue.buffering.max.messages", "1000000"},
                      {"queue.buffering.max.kbytes", "1048576"}}, out.error);
  if (!out.error.empty()) return out;
  DeliveryStats stats;
  rd_kafka_conf_set_dr_msg_cb(conf.get(), onDelivery);
  rd_kafka_conf_set_opaque(conf.get(), &stats);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), err, sizeof err);
  if (!rk) {
    out.error = err;
    return out;
  }
  if (!awaitTopicLeaders(rk, spec.topic, 10)) {
    out.error = "no leaders for " + spec.topic;
    rd_kafka_destroy(rk);
    return out;
  }
  std::string payload(spec.messageBytes, 'x');
  const auto start = Clock::now();
  int64_t sent = 0;
  while (sent < spec.messagesMax && secondsSince(start) < spec.secondsMax) {
    if (spec.ratePerSecond > 0) awaitSlot(rk, start, sent, spec.ratePerSecond);
    rd_kafka_resp_err_t e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(spec.topic.c_str()),
                                              RD_KAFKA_V_VALUE(payload.data(), payload.size()), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(rk, 10);
      continue;
    }
    if (e) {
      out.error = rd_kafka_err2str(e);
      break;
    }
    ++sent;
    if (sent % 1000 == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 30000);
  out.seconds = secondsSince(start);
  rd_kafka_destroy(rk);
  out.messages = stats.delivered;
  out.errors = stats.errors + (sent - stats.delivered - stats.errors);
  out.p50Us = percentile(stats.latenciesUs, 0.50);
  out.p99Us = percentile(stats.latenciesUs, 0.99);
  return out;
}

std::string deleteTopic(const std::string& bootstrap, const std::string& topic, double secondsMax) {
  std::string error;
  auto conf = config({{"bootstrap.servers", bootstrap}}, error);
  if (!error.empty()) return error;
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), err, sizeof err);
  if (!rk) return err;
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_DeleteTopic_t* request = rd_kafka_DeleteTopic_new(topic.c_str());
  rd_kafka_DeleteTopics(rk, &request, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, static_cast<int>(secondsMax * 1000));
  if (!event) {
    error = "no DeleteTopics answer";
  } else if (rd_kafka_event_error(event)) {
    error = rd_kafka_event_error_string(event);
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count);
    if (count == 1 && rd_kafka_topic_result_error(results[0])) error = rd_kafka_topic_result_error_string(results[0]);
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_DeleteTopic_destroy(request);
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(rk);
  return error;
}

LoadFigures consume(const std::string& bootstrap, const std::string& topic, int partitions, int64_t expected,
                    double secondsMax) {
  LoadFigures out;
  auto conf = config({{"bootstrap.servers", bootstrap}, {"group.id", "bench"}, {"enable.auto.commit", "false"},
                      {"fetch.wait.max.ms", "100"}, {"enable.partition.eof", "true"}}, out.error);
  if (!out.error.empty()) return out;
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), err, sizeof err);
  if (!rk) {
    out.error = err;
    return out;
  }
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  const auto start = Clock::now();
  int atEnd = 0;  // partitions that reported end of partition
  while (out.messages < expected && atEnd < partitions && secondsSince(start) < secondsMax) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, 100);
    if (!msg) continue;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++out.messages;
    } else if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++atEnd;
    } else {
      ++out.errors;
    }
    rd_kafka_message_destroy(msg);
  }
  out.seconds = secondsSince(start);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace pier::bench
