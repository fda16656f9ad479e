#pragma once
// What ZooKeeper's FinalRequestProcessor answers: the reply to a read, served from the local
// tree (registering watches for the requesting connection), and the reply to a write once its
// transaction has been applied (from the ProcessTxnResult).
//
// Pure functions over a DataTree; the caller frames the reply with a ReplyHeader carrying the
// tree's last processed zxid.

#include <cstdint>
#include <span>
#include <vector>

#include "coordination/auth.h"
#include "coordination/data_tree.h"
#include "coordination/zk_constants.h"

namespace pier::coordination {

struct Answer {
  ZkError err = ZkError::Ok;
  // The response record; empty when there is none. Sent even with an error when ZooKeeper
  // does so (a multiRead that fails after its response was started).
  std::vector<uint8_t> body;
};

struct Requester {
  int64_t sessionId = 0;
  WatcherId watcher = 0;
  const AuthIds* auth = nullptr;
};

// True for the op codes answered from the local tree without a transaction.
bool isLocalRead(OpCode type);

// exists, getData, getChildren(2), getACL, getAllChildrenNumber, getEphemerals, sync,
// checkWatches, removeWatches, setWatches(2), addWatch, whoAmI, multiRead.
// A body that does not decode is MARSHALLINGERROR.
Answer answerRead(DataTree& tree, OpCode type, std::span<const uint8_t> body, const Requester& who);

// The reply to an applied write (create..., delete, setData, setACL, multi, closeSession).
Answer answerWrite(OpCode requestType, const ProcessTxnResult& rc);

}  // namespace pier::coordination
