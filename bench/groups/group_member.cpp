#include "group_member.h"

#include <algorithm>

namespace pier::bench {

std::unique_ptr<GroupMember> GroupMember::create(const std::string& bootstrap,
                                                 const std::string& groupId,
                                                 const std::string& clientId, std::string& error) {
  std::unique_ptr<GroupMember> member(new GroupMember());
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  const std::pair<const char*, std::string> settings[] = {
      {"bootstrap.servers", bootstrap}, {"group.id", groupId},
      {"client.id", clientId},          {"session.timeout.ms", "6000"},
      {"heartbeat.interval.ms", "500"}, {"partition.assignment.strategy", "range"},
      {"enable.auto.commit", "false"},  {"log.connection.close", "false"}};
  char err[512];
  for (const auto& [key, value] : settings) {
    if (rd_kafka_conf_set(conf, key, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      error = std::string(key) + ": " + err;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_conf_set_opaque(conf, member.get());
  rd_kafka_conf_set_rebalance_cb(conf, onRebalance);
  rd_kafka_conf_set_error_cb(conf, onError);
  rd_kafka_conf_set_log_cb(conf, onLog);
  member->m_rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!member->m_rk) {
    error = err;
    return nullptr;
  }
  rd_kafka_poll_set_consumer(member->m_rk);
  return member;
}

GroupMember::~GroupMember() {
  if (!m_rk) return;
  close();
  rd_kafka_destroy(m_rk);
}

void GroupMember::close() {
  if (m_closed) return;
  m_closed = true;
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(m_rk);
  if (err) {
    ++m_errorCount;
    note(std::string("close: ") + rd_kafka_err2name(err));
  }
}

bool GroupMember::subscribe(const std::string& topic, std::string& error) {
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(m_rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (err) error = std::string("subscribe: ") + rd_kafka_err2str(err);
  return !err;
}

void GroupMember::poll() {
  rd_kafka_message_t* msg = rd_kafka_consumer_poll(m_rk, 0);
  if (!msg) return;
  if (msg->err) {
    ++m_errorCount;
    note(std::string("consumer error: ") + rd_kafka_message_errstr(msg));
  }
  rd_kafka_message_destroy(msg);
}

std::vector<int32_t> GroupMember::assignment() const {
  std::vector<int32_t> out;
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(m_rk, &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  for (int i = 0; i < parts->cnt; ++i) out.push_back(parts->elems[i].partition);
  rd_kafka_topic_partition_list_destroy(parts);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> GroupMember::notes() const {
  std::lock_guard lock(m_logMutex);
  return m_notes;
}

void GroupMember::onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = static_cast<GroupMember*>(opaque);
  const auto now = Clock::now();
  self->m_lastChangeAt = now;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, parts);
    ++self->m_assignCount;
    self->m_lastAssignAt = now;
    return;
  }
  if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    ++self->m_errorCount;
    self->note(std::string("rebalance error: ") + rd_kafka_err2str(err));
  }
  rd_kafka_assign(rk, nullptr);
}

void GroupMember::onError(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* self = static_cast<GroupMember*>(opaque);
  ++self->m_errorCount;
  self->note(std::string("error ") + rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) +
             ": " + reason);
}

// Warnings and worse only: librdkafka logs a failed JoinGroup/SyncGroup/Heartbeat at these levels
// when it is not an expected part of a rebalance.
void GroupMember::onLog(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  if (level > 4) return;
  auto* self = static_cast<GroupMember*>(rd_kafka_opaque(rk));
  if (self) self->note(std::string("log ") + fac + ": " + buf);
}

void GroupMember::note(std::string text) {
  std::lock_guard lock(m_logMutex);
  if (m_notes.size() < kNotesMax) m_notes.push_back(std::move(text));
}

}  // namespace pier::bench
