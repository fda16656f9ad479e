#include "group_load.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include "group_member.h"

namespace pier::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Members = std::vector<std::unique_ptr<GroupMember>>;

double secondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}
double secondsSince(Clock::time_point start) {
  return secondsBetween(start, Clock::now());
}
Clock::time_point after(Clock::time_point start, double seconds) {
  return start +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// A producer handle for admin and metadata calls; nullptr with `error` set.
rd_kafka_t* adminHandle(const std::string& bootstrap, std::string& error) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err) !=
      RD_KAFKA_CONF_OK) {
    error = err;
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) error = err;
  return rk;
}

std::string createTopicRequest(rd_kafka_t* rk, const std::string& topic, int partitions) {
  char err[512];
  rd_kafka_NewTopic_t* newTopic =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, err, sizeof err);
  if (!newTopic) return err;
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &newTopic, 1, nullptr, queue);
  rd_kafka_NewTopic_destroy(newTopic);
  std::string error;
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, 10000);
  if (!ev) {
    error = "CreateTopics: no answer in 10 s";
  } else if (rd_kafka_event_error(ev)) {
    error = std::string("CreateTopics: ") + rd_kafka_event_error_string(ev);
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &count);
    if (count != 1)
      error = "CreateTopics: " + std::to_string(count) + " results";
    else if (rd_kafka_topic_result_error(results[0]))
      error = std::string("CreateTopics: ") +
              rd_kafka_err2name(rd_kafka_topic_result_error(results[0]));
  }
  if (ev) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(queue);
  return error;
}

bool topicReady(rd_kafka_t* rk, const std::string& topic, int partitions) {
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 1, nullptr, &md, 1000) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
  bool ready = false;
  for (int t = 0; t < md->topic_cnt; ++t) {
    const rd_kafka_metadata_topic_t& mt = md->topics[t];
    if (topic != mt.topic || mt.err || mt.partition_cnt != partitions) continue;
    ready = std::all_of(
        mt.partitions, mt.partitions + mt.partition_cnt,
        [](const rd_kafka_metadata_partition_t& p) { return p.err == 0 && p.leader >= 0; });
  }
  rd_kafka_metadata_destroy(md);
  return ready;
}

void pollAll(const Members& members) {
  for (const auto& m : members) m->poll();
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void pollFor(const Members& members, int durationMs) {
  const auto end = Clock::now() + std::chrono::milliseconds(durationMs);
  while (Clock::now() < end) pollAll(members);
}

// Every partition held by exactly one member, no member holding more than one.
bool coversOnce(const Members& members, int partitions) {
  std::vector<int> holders(static_cast<std::size_t>(partitions), 0);
  for (const auto& m : members) {
    const std::vector<int32_t> held = m->assignment();
    if (held.size() > 1) return false;
    for (int32_t p : held) {
      if (p < 0 || p >= partitions) return false;
      ++holders[static_cast<std::size_t>(p)];
    }
  }
  return std::all_of(holders.begin(), holders.end(), [](int n) { return n == 1; });
}

// Polls until done() holds and no member's assignment changed for stableMs; the time of the
// last change, or nullopt at the deadline.
std::optional<Clock::time_point> waitStable(const Members& members, int stableMs,
                                            Clock::time_point deadline,
                                            const std::function<bool()>& done) {
  while (Clock::now() < deadline) {
    pollAll(members);
    Clock::time_point last{};
    for (const auto& m : members) last = std::max(last, m->lastChangeAt());
    if (Clock::now() - last >= std::chrono::milliseconds(stableMs) && done()) return last;
  }
  return std::nullopt;
}

std::string describeGroup(rd_kafka_t* rk, const std::string& groupId) {
  const rd_kafka_group_list* list = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_list_groups(rk, groupId.c_str(), &list, 5000);
  if (err) return std::string("DescribeGroups: ") + rd_kafka_err2name(err);
  std::string out = "no group";
  if (list->group_cnt == 1 && list->groups[0].err) {
    out = rd_kafka_err2name(list->groups[0].err);
  } else if (list->group_cnt == 1) {
    out = std::string(list->groups[0].state) + ", " + std::to_string(list->groups[0].member_cnt) +
          " members";
  }
  rd_kafka_group_list_destroy(list);
  return out;
}

Members createMembers(const RejoinSpec& spec, const std::string& groupId, std::string& error) {
  Members members;
  for (int i = 0; i <= spec.members; ++i) {
    auto m = GroupMember::create(spec.bootstrap, groupId, "member-" + std::to_string(i), error);
    if (!m) return {};
    members.push_back(std::move(m));
  }
  return members;
}

void collect(const Members& members, RejoinFigures& figures) {
  for (const auto& m : members) figures.clientErrors += m->errorCount();
  for (const auto& m : members) {
    for (const std::string& note : m->notes()) {
      if (figures.notes.size() >= GroupMember::kNotesMax) return;
      figures.notes.push_back(std::string(rd_kafka_name(m->handle())) + ": " + note);
    }
  }
}

RejoinRun rejoinOnce(const RejoinSpec& spec, int run, RejoinFigures& figures) {
  RejoinRun out;
  const std::string groupId = spec.groupPrefix + std::to_string(run);
  Members members = createMembers(spec, groupId, out.error);
  if (members.empty()) return out;
  const auto formStart = Clock::now();
  for (int i = 0; i < spec.members; ++i) {
    if (!members[static_cast<std::size_t>(i)]->subscribe(spec.topic, out.error)) return out;
  }
  auto formed = waitStable(members, spec.stableMs, after(formStart, spec.secondsMax),
                           [&] { return coversOnce(members, spec.partitions); });
  if (!formed) {
    out.error =
        "the first " + std::to_string(spec.members) + " members never held one partition each";
    collect(members, figures);
    return out;
  }
  out.formSeconds = secondsBetween(formStart, *formed);
  pollFor(members, run * spec.joinPhaseStepMs);

  const auto joinStart = Clock::now();
  if (!members.back()->subscribe(spec.topic, out.error)) return out;
  auto rejoined = waitStable(members, spec.stableMs, after(joinStart, spec.secondsMax), [&] {
    const bool allAssigned = std::all_of(members.begin(), members.end(), [&](const auto& m) {
      return m->lastAssignAt() >= joinStart;
    });
    return allAssigned && coversOnce(members, spec.partitions);
  });
  if (!rejoined)
    out.error =
        "no stable assignment within " + std::to_string(static_cast<int>(spec.secondsMax)) + " s";
  else
    out.rejoinSeconds = secondsBetween(joinStart, *rejoined);
  out.describedState = describeGroup(members.front()->handle(), groupId);
  for (const auto& m : members) m->close();
  collect(members, figures);
  return out;
}

struct CommitAnswers {
  int64_t ok = 0;
  int64_t errors = 0;
  std::string firstError;
  Clock::time_point lastAt{};
};

void onCommit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
              void* opaque) {
  auto* answers = static_cast<CommitAnswers*>(opaque);
  answers->lastAt = Clock::now();
  for (int i = 0; !err && offsets && i < offsets->cnt; ++i) err = offsets->elems[i].err;
  if (!err) {
    ++answers->ok;
    return;
  }
  ++answers->errors;
  if (answers->firstError.empty()) answers->firstError = rd_kafka_err2name(err);
}

// A consumer in `spec.groupId` with partition 0 of spec.topic assigned (from its end: nothing to
// fetch), and offset_commit_cb counting into `answers` when async; nullptr with `error` set.
rd_kafka_t* committer(const CommitSpec& spec, CommitAnswers& answers, std::string& error) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [key, value] :
       {std::pair{"bootstrap.servers", spec.bootstrap.c_str()},
        std::pair{"group.id", spec.groupId.c_str()}, std::pair{"enable.auto.commit", "false"}}) {
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
      error = err;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  if (spec.async) {
    rd_kafka_conf_set_opaque(conf, &answers);
    rd_kafka_conf_set_offset_commit_cb(conf, onCommit);
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    error = err;
    return nullptr;
  }
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, spec.topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_END;
  rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  return rk;
}

// One synchronous commit of offset 0 that succeeds, so the coordinator is known and
// __consumer_offsets exists before the clock starts; false after 10 s of failures.
bool warmUp(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* offsets, std::string& error) {
  const auto start = Clock::now();
  offsets->elems[0].offset = 0;
  while (secondsSince(start) < 10) {
    const rd_kafka_resp_err_t err = rd_kafka_commit(rk, offsets, 0);
    if (!err) return true;
    error = std::string("warm-up commit: ") + rd_kafka_err2name(err);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void commitSyncLoop(const CommitSpec& spec, rd_kafka_t* rk,
                    rd_kafka_topic_partition_list_t* offsets, CommitFigures& out) {
  const auto start = Clock::now();
  int64_t& offset = offsets->elems[0].offset;
  while (offset < spec.commitsMax && secondsSince(start) < spec.secondsMax) {
    ++offset;
    const rd_kafka_resp_err_t err = rd_kafka_commit(rk, offsets, 0);
    if (!err) {
      ++out.commits;
      continue;
    }
    ++out.errors;
    if (out.error.empty()) out.error = rd_kafka_err2name(err);
  }
  out.seconds = secondsSince(start);
  out.lastCommitted = offset;
}

// Serves callbacks (offset_commit_cb); the assigned partition has nothing to fetch.
void serve(rd_kafka_t* rk, int timeoutMs) {
  if (rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, timeoutMs))
    rd_kafka_message_destroy(msg);
}

void commitAsyncLoop(const CommitSpec& spec, rd_kafka_t* rk,
                     rd_kafka_topic_partition_list_t* offsets, CommitAnswers& answers,
                     CommitFigures& out) {
  const auto start = Clock::now();
  int64_t& offset = offsets->elems[0].offset;
  int64_t refused = 0;  // commits rd_kafka_commit refused at once: no callback follows
  auto outstanding = [&] { return offset - refused - answers.ok - answers.errors; };
  while (offset < spec.commitsMax && secondsSince(start) < spec.secondsMax) {
    if (outstanding() >= spec.inFlightMax) {
      serve(rk, 1);
      continue;
    }
    ++offset;
    if (const rd_kafka_resp_err_t err = rd_kafka_commit(rk, offsets, 1)) {
      ++refused;
      if (out.error.empty()) out.error = rd_kafka_err2name(err);
    }
    serve(rk, 0);
  }
  const auto drainStart = Clock::now();
  while (outstanding() > 0 && secondsSince(drainStart) < 10) serve(rk, 10);
  out.commits = answers.ok;
  out.errors = answers.errors + refused + outstanding();
  if (out.error.empty()) out.error = answers.firstError;
  if (out.error.empty() && outstanding() > 0)
    out.error = std::to_string(outstanding()) + " never answered";
  out.seconds = secondsBetween(start, std::max(answers.lastAt, start));
  out.lastCommitted = offset;
}

int64_t committedOffset(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0);
  int64_t offset = -1;
  if (rd_kafka_committed(rk, parts, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && !parts->elems[0].err) {
    offset = parts->elems[0].offset;
  }
  rd_kafka_topic_partition_list_destroy(parts);
  return offset;
}

}  // namespace

std::string createTopic(const std::string& bootstrap, const std::string& topic, int partitions) {
  std::string error;
  rd_kafka_t* rk = adminHandle(bootstrap, error);
  if (!rk) return error;
  error = createTopicRequest(rk, topic, partitions);
  const auto start = Clock::now();
  bool ready = false;
  while (error.empty() && !ready && secondsSince(start) < 10)
    ready = topicReady(rk, topic, partitions);
  if (error.empty() && !ready) error = "topic " + topic + " not ready after 10 s";
  rd_kafka_destroy(rk);
  return error;
}

RejoinFigures measureRejoin(const RejoinSpec& spec) {
  RejoinFigures figures;
  for (int run = 0; run < spec.runs; ++run) {
    if (spec.members < spec.partitions) {
      figures.runs.push_back({-1, -1, "", "needs at least as many members as partitions"});
      break;
    }
    figures.runs.push_back(rejoinOnce(spec, run, figures));
  }
  return figures;
}

CommitFigures measureCommits(const CommitSpec& spec) {
  CommitFigures out;
  CommitAnswers answers;
  rd_kafka_t* rk = committer(spec, answers, out.error);
  if (!rk) return out;
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(offsets, spec.topic.c_str(), 0);
  if (warmUp(rk, offsets, out.error)) {
    out.error.clear();
    // Should librdkafka also report the warm-up commit to offset_commit_cb, it is not counted.
    for (int i = 0; i < 10; ++i) serve(rk, 10);
    answers = CommitAnswers{};
    if (spec.async)
      commitAsyncLoop(spec, rk, offsets, answers, out);
    else
      commitSyncLoop(spec, rk, offsets, out);
    out.readBack = committedOffset(rk, spec.topic);
  }
  rd_kafka_topic_partition_list_destroy(offsets);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace pier::bench
