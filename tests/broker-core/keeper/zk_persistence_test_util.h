#pragma once
// Helpers shared by the ZooKeeper persistence tests (tst_zk_*): txns of every logged type with
// real jute bodies, and whole-file access on a FileSystem.

#include <QtTest>

#include <string>
#include <vector>

#include "keeper/zk_txn_entry.h"
#include "protocol/zookeeper/generated/jute_txn.h"
#include "runtime/file_system.h"

namespace pier::keeper::testing {

namespace zk = protocol::zookeeper;

template <typename Record>
std::string bodyOf(const Record& record) {
  Writer w;
  record.encode(w);
  auto bytes = w.bytes();
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

inline std::vector<zk::ACL> openAcl() { return {zk::ACL{31, zk::Id{"world", "anyone"}}}; }

// A txn of a type chosen by `zxid` (so a run of zxids covers every logged type), with a body
// of a size that varies with zxid and a digest, except error txns (ZooKeeper logs none there).
inline LoggedTxn makeTxn(int64_t zxid, int64_t sessionId = 0x1000121ceda0000) {
  LoggedTxn t;
  t.header = zk::TxnHeader{sessionId, static_cast<int32_t>(zxid), zxid, 1700000000000 + zxid, 0};
  t.digest = zk::TxnDigest{2, zxid * 0x9e3779b9};
  const std::string path = "/n" + std::to_string(zxid);
  const std::string data(static_cast<std::size_t>(zxid % 97) * 3, static_cast<char>('a' + zxid % 26));
  switch (zxid % 9) {
    case 0: t.header.type = txn_type::kCreateSession; t.body = bodyOf(zk::CreateSessionTxn{30000}); break;
    case 1: t.header.type = txn_type::kCreate; t.body = bodyOf(zk::CreateTxn{path, data, openAcl(), false, 3}); break;
    case 2: t.header.type = txn_type::kSetData; t.body = bodyOf(zk::SetDataTxn{path, data, 4}); break;
    case 3: t.header.type = txn_type::kDelete; t.body = bodyOf(zk::DeleteTxn{path}); break;
    case 4: t.header.type = txn_type::kError; t.body = bodyOf(zk::ErrorTxn{-110}); t.digest.reset(); break;
    case 5: t.header.type = txn_type::kCloseSession; t.body = bodyOf(zk::CloseSessionTxn{{path, path + "/e"}}); break;
    case 6: t.header.type = txn_type::kSetAcl; t.body = bodyOf(zk::SetACLTxn{path, openAcl(), 2}); break;
    case 7: t.header.type = txn_type::kCreate2; t.body = bodyOf(zk::CreateTxn{path, std::nullopt, openAcl(), true, 1}); break;
    default: {
      zk::MultiTxn multi;
      multi.txns.push_back(zk::Txn{txn_type::kCreate, bodyOf(zk::CreateTxn{path, data, openAcl(), false, 1})});
      multi.txns.push_back(zk::Txn{txn_type::kDelete, bodyOf(zk::DeleteTxn{path + "/old"})});
      t.header.type = txn_type::kMulti;
      t.body = bodyOf(multi);
    }
  }
  return t;
}

inline std::vector<uint8_t> readFile(FileSystem& fs, const std::string& path) {
  auto file = fs.open(path, OpenOptions{.readOnly = true});
  if (!file) qFatal("open %s: %s", path.c_str(), file.status().toString().c_str());
  std::vector<uint8_t> bytes(static_cast<std::size_t>((*file)->size().valueOr(0)));
  auto got = (*file)->readAt(0, bytes);
  if (!got) qFatal("read %s", path.c_str());
  bytes.resize(*got);
  return bytes;
}

inline void writeFile(FileSystem& fs, const std::string& path, std::span<const uint8_t> bytes) {
  if (!fs.createDirectories(parentPath(path))) qFatal("mkdir %s", path.c_str());
  auto file = fs.open(path, OpenOptions{.create = true, .truncate = true});
  if (!file) qFatal("open %s: %s", path.c_str(), file.status().toString().c_str());
  if (!(*file)->writeAt(0, bytes) || !(*file)->sync()) qFatal("write %s", path.c_str());
}

}  // namespace pier::keeper::testing
