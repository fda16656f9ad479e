#include "client/zookeeper_client.h"

#include <chrono>
#include <future>

#include <fmt/format.h>

namespace pier::client {

namespace pz = protocol::zookeeper;

namespace {

// How long the destructor waits for the CloseSession round trip (the session gives up after 2 s).
constexpr int64_t kCloseWaitMs = 5000;

int32_t createFlags(CreateMode mode) {
  switch (mode) {
    case CreateMode::Persistent: return pz::kCreatePersistent;
    case CreateMode::Ephemeral: return pz::kCreateEphemeral;
    case CreateMode::PersistentSequential: return pz::kCreatePersistentSequential;
    case CreateMode::EphemeralSequential: return pz::kCreateEphemeralSequential;
  }
  return pz::kCreatePersistent;
}

}  // namespace

ZooKeeperClient::ZooKeeperClient(std::unique_ptr<LoopThread> io, ZooKeeperConnectString connect, Options options)
    : m_io(std::move(io)), m_connect(std::move(connect)), m_options(std::move(options)) {}

Result<std::unique_ptr<ZooKeeperClient>> ZooKeeperClient::connect(std::unique_ptr<LoopThread> io, Options options,
                                                                  Listener listener) {
  PIER_ASSIGN_OR_RETURN(ZooKeeperConnectString parsed, parseZooKeeperConnect(options.connectString));
  std::unique_ptr<ZooKeeperClient> client(new ZooKeeperClient(std::move(io), std::move(parsed), std::move(options)));
  PIER_RETURN_IF_ERROR(client->start(std::move(listener)));
  PIER_RETURN_IF_ERROR(client->makeChroot());
  return client;
}

Status ZooKeeperClient::start(Listener listener) {
  auto firstSession = std::make_shared<std::promise<void>>();
  std::future<void> connected = firstSession->get_future();
  auto seenFirst = std::make_shared<bool>(false);  // touched on the I/O thread only
  ZooKeeperSession::Options options{m_connect.servers, m_options.sessionTimeoutMs};
  m_session = ZooKeeperSession::create(
      m_io->loop(), m_io->network(), std::move(options),
      [this, firstSession, seenFirst, listener = std::move(listener)](const ZooKeeperSessionEvent& event) {
        onEvent(event);
        if (!*seenFirst && event.kind == ZooKeeperSessionEvent::Kind::Connected) {
          *seenFirst = true;
          firstSession->set_value();
        } else if (*seenFirst && listener) {
          listener(event);
        }
      });
  m_io->loop().post([session = m_session] { session->start(); });
  if (connected.wait_for(std::chrono::milliseconds(m_options.connectionTimeoutMs)) == std::future_status::ready) {
    return Status::ok();
  }
  auto why = std::make_shared<std::promise<std::string>>();
  std::future<std::string> lastError = why->get_future();
  m_io->loop().post([session = m_session, why] { why->set_value(session->lastError()); });
  std::string detail = lastError.wait_for(std::chrono::seconds(1)) == std::future_status::ready ? lastError.get() : "";
  return Status(CoordinationError::ConnectionLoss,
                fmt::format("no ZooKeeper session from {} within {} ms{}", m_session->serverList(),
                            m_options.connectionTimeoutMs, detail.empty() ? "" : " (last error: " + detail + ")"));
}

ZooKeeperClient::~ZooKeeperClient() {
  if (m_session) {
    auto closed = std::make_shared<std::promise<void>>();
    std::future<void> done = closed->get_future();
    m_io->loop().post([session = m_session, closed] { session->close([closed] { closed->set_value(); }); });
    done.wait_for(std::chrono::milliseconds(kCloseWaitMs));
  }
  m_io.reset();  // stops the loop and joins its thread
  m_session.reset();
}

void ZooKeeperClient::onEvent(const ZooKeeperSessionEvent& event) {
  const bool open =
      event.kind == ZooKeeperSessionEvent::Kind::Connected || event.kind == ZooKeeperSessionEvent::Kind::Reconnected;
  if (open) {
    m_sessionId = event.sessionId;
    m_negotiatedTimeoutMs = m_session->negotiatedTimeoutMs();
  } else if (event.kind == ZooKeeperSessionEvent::Kind::Expired) {
    m_sessionId = 0;
  }
}

Status ZooKeeperClient::makeChroot() {
  const std::string& chroot = m_connect.chroot;
  for (std::size_t slash = chroot.find('/', 1); !chroot.empty(); slash = chroot.find('/', slash + 1)) {
    const std::string prefix = chroot.substr(0, slash);
    auto created = createAt(prefix, "", CreateMode::Persistent);
    if (!created && !created.status().is(CoordinationError::NodeExists)) {
      return created.status().withContext("creating the chroot " + chroot);
    }
    if (slash == std::string::npos) break;
  }
  return Status::ok();
}

Result<ZooKeeperReply> ZooKeeperClient::roundTrip(pz::OpCode op, std::vector<uint8_t> record, const std::string& what) {
  auto answer = std::make_shared<std::promise<Result<ZooKeeperReply>>>();
  std::future<Result<ZooKeeperReply>> reply = answer->get_future();
  m_io->loop().post([session = m_session, op, record = std::move(record), answer]() mutable {
    session->submit(op, std::move(record), [answer](Result<ZooKeeperReply> r) { answer->set_value(std::move(r)); });
  });
  // A backstop only: the session itself fails a request once its connection is seen broken.
  const int64_t limitMs = int64_t{m_options.sessionTimeoutMs} + 1000;
  if (reply.wait_for(std::chrono::milliseconds(limitMs)) != std::future_status::ready) {
    return Status(CoordinationError::ConnectionLoss, fmt::format("{}: no answer within {} ms", what, limitMs));
  }
  Result<ZooKeeperReply> got = reply.get();
  if (!got) return got.status().withContext(what);
  if (got->header.err != 0) return zooKeeperErrorStatus(got->header.err, what);
  return got;
}

Result<std::string> ZooKeeperClient::createAt(const std::string& serverPath, std::string_view data, CreateMode mode) {
  pz::CreateRequest request;
  request.path = serverPath;
  request.data = std::string(data);
  request.acl = openAclUnsafe();
  request.flags = createFlags(mode);
  PIER_ASSIGN_OR_RETURN(ZooKeeperReply reply, roundTrip(pz::OpCode::Create, encodeRecord(request), serverPath));
  PIER_ASSIGN_OR_RETURN(pz::CreateResponse created, decodeReplyRecord<pz::CreateResponse>(reply));
  return created.path;
}

Result<std::string> ZooKeeperClient::create(const std::string& path, std::string_view data, CreateMode mode) {
  PIER_ASSIGN_OR_RETURN(std::string created, createAt(withChroot(m_connect.chroot, path), data, mode));
  return withoutChroot(m_connect.chroot, created);
}

Result<Znode> ZooKeeperClient::getData(const std::string& path) {
  pz::GetDataRequest request{withChroot(m_connect.chroot, path), false};
  PIER_ASSIGN_OR_RETURN(ZooKeeperReply reply, roundTrip(pz::OpCode::GetData, encodeRecord(request), path));
  PIER_ASSIGN_OR_RETURN(pz::GetDataResponse got, decodeReplyRecord<pz::GetDataResponse>(reply));
  return Znode{got.data.value_or(""), toZnodeStat(got.stat)};
}

Result<ZnodeStat> ZooKeeperClient::setData(const std::string& path, std::string_view data, int32_t version) {
  pz::SetDataRequest request{withChroot(m_connect.chroot, path), std::string(data), version};
  PIER_ASSIGN_OR_RETURN(ZooKeeperReply reply, roundTrip(pz::OpCode::SetData, encodeRecord(request), path));
  PIER_ASSIGN_OR_RETURN(pz::SetDataResponse set, decodeReplyRecord<pz::SetDataResponse>(reply));
  return toZnodeStat(set.stat);
}

Result<std::vector<std::string>> ZooKeeperClient::getChildren(const std::string& path) {
  pz::GetChildrenRequest request{withChroot(m_connect.chroot, path), false};
  PIER_ASSIGN_OR_RETURN(ZooKeeperReply reply, roundTrip(pz::OpCode::GetChildren, encodeRecord(request), path));
  PIER_ASSIGN_OR_RETURN(pz::GetChildrenResponse got, decodeReplyRecord<pz::GetChildrenResponse>(reply));
  return std::move(got.children);
}

Status ZooKeeperClient::remove(const std::string& path, int32_t version) {
  pz::DeleteRequest request{withChroot(m_connect.chroot, path), version};
  return roundTrip(pz::OpCode::Delete, encodeRecord(request), path).status();
}

Result<std::optional<ZnodeStat>> ZooKeeperClient::exists(const std::string& path) {
  pz::ExistsRequest request{withChroot(m_connect.chroot, path), false};
  auto reply = roundTrip(pz::OpCode::Exists, encodeRecord(request), path);
  if (!reply) {
    if (reply.status().is(CoordinationError::NoNode)) return std::optional<ZnodeStat>();
    return reply.status();
  }
  PIER_ASSIGN_OR_RETURN(pz::ExistsResponse got, decodeReplyRecord<pz::ExistsResponse>(*reply));
  return std::optional<ZnodeStat>(toZnodeStat(got.stat));
}

}  // namespace pier::client
