#pragma once
// One consumer-group member for bench_groups, on librdkafka's C API: an eager consumer
// (partition.assignment.strategy=range, session.timeout.ms=6000, heartbeat.interval.ms=500,
// no auto commit) whose rebalance callback assigns what the group leader handed out and notes
// when it did. Works against any bootstrap string: a pier-broker or librdkafka's mock cluster.
//
// Owned and polled by one thread: librdkafka runs the rebalance and error callbacks inside
// poll(), so the assignment bookkeeping needs no lock. Only the log callback runs on
// librdkafka's own threads; it takes m_logMutex. The destructor leaves the group (unless close()
// did) and destroys the handle.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pier::bench {

class GroupMember {
 public:
  using Clock = std::chrono::steady_clock;

  // nullptr (with `error` set) when librdkafka refused the configuration.
  static std::unique_ptr<GroupMember> create(const std::string& bootstrap,
                                             const std::string& groupId,
                                             const std::string& clientId, std::string& error);
  ~GroupMember();
  GroupMember(const GroupMember&) = delete;
  GroupMember& operator=(const GroupMember&) = delete;

  bool subscribe(const std::string& topic, std::string& error);
  // Serves callbacks without waiting; messages (none are produced) are dropped, errors counted.
  void poll();
  // Leaves the group (rd_kafka_consumer_close); once. An error becomes a note.
  void close();
  // The partitions librdkafka has assigned right now (rd_kafka_assignment), sorted.
  std::vector<int32_t> assignment() const;

  int assignCount() const { return m_assignCount; }
  Clock::time_point lastAssignAt() const { return m_lastAssignAt; }
  // The last assign or revoke.
  Clock::time_point lastChangeAt() const { return m_lastChangeAt; }
  int64_t errorCount() const { return m_errorCount; }
  // Errors and librdkafka warnings, oldest first, at most kNotesMax.
  std::vector<std::string> notes() const;
  rd_kafka_t* handle() const { return m_rk; }

  static constexpr std::size_t kNotesMax = 20;

 private:
  GroupMember() = default;
  static void onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque);
  static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void onLog(const rd_kafka_t* rk, int level, const char* fac, const char* buf);
  void note(std::string text);

  rd_kafka_t* m_rk = nullptr;
  bool m_closed = false;
  int m_assignCount = 0;
  Clock::time_point m_lastAssignAt{};
  Clock::time_point m_lastChangeAt{};
  int64_t m_errorCount = 0;
  mutable std::mutex m_logMutex;
  std::vector<std::string> m_notes;  // guarded by m_logMutex
};

}  // namespace pier::bench
