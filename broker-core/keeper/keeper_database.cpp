#include "keeper/keeper_database.h"

#include "base/log.h"
#include "keeper/zk_txn_log_reader.h"

namespace pier::keeper {

LoggedTxn toLogged(const coordination::Txn& txn) {
  return LoggedTxn{txn.header, coordination::encodeTxnBody(txn.body), txn.digest};
}

Result<coordination::Txn> fromLogged(const LoggedTxn& logged) {
  PIER_ASSIGN_OR_RETURN(coordination::TxnBody body, coordination::decodeTxnBody(logged.header.type, logged.body));
  return coordination::Txn{logged.header, std::move(body), logged.digest};
}

Result<RestoredDatabase> restoreDatabase(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir) {
  (void)dataDir;  // snapshots: see zk_snapshot.h
  RestoredDatabase out;
  out.tree = std::make_unique<coordination::DataTree>();
  PIER_ASSIGN_OR_RETURN(TxnLogContents log, readTxnLog(fs, dataLogDir, out.tree->lastProcessedZxid() + 1));
  for (const LoggedTxn& logged : log.txns) {
    PIER_ASSIGN_OR_RETURN(coordination::Txn txn, fromLogged(logged));
    out.tree->processTxn(txn);
    ++out.replayedTxns;
  }
  out.tree->takeNotices();
  if (log.tornTail) {
    PIER_LOG_WARN("transaction log has a torn tail; cutting it", {"file", log.tornTail->fileName},
                  {"offset", log.tornTail->offset});
    PIER_RETURN_IF_ERROR(truncateLogAfter(fs, dataLogDir, out.tree->lastProcessedZxid()));
  }
  return out;
}

ZkTxnJournal::ZkTxnJournal(FileSystem& fs, std::string dataLogDir, TxnLogOptions options)
    : m_writer(fs, std::move(dataLogDir), options) {}

Status ZkTxnJournal::append(const coordination::Txn& txn) { return m_writer.append(toLogged(txn)); }

Status ZkTxnJournal::commit() { return m_writer.commit(); }

}  // namespace pier::keeper
