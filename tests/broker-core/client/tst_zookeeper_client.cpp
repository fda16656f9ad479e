// The ZooKeeper client without a real server: the connect string as Kafka writes it, chroot
// paths, request frames laid out byte by byte from ZooKeeper's jute layout, error codes as
// CoordinationError values, reply decoding on malformed bytes; then the session (negotiated
// timeout, pings, reconnecting to the next server with the same session id and password,
// expiry reported and a new session opened, a silent server dropped, fail-fast when
// disconnected, CloseSession) and the synchronous client and store (chroot, versions,
// sequential and ephemeral nodes, connection timeout) against FakeZooKeeper on loopback.
#include <QtTest>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>

#include <fmt/format.h>

#include "base/prng.h"
#include "client/zookeeper_client.h"
#include "client/zookeeper_coordination_store.h"
#include "client/zookeeper_session.h"
#include "client/zookeeper_wire.h"
#include "fake_zookeeper.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_loop_thread.h"
#include "runtime/asio/asio_network.h"

using namespace pier;
using namespace pier::client;
using namespace std::chrono_literals;
namespace pz = pier::protocol::zookeeper;
using Kind = ZooKeeperSessionEvent::Kind;

Q_DECLARE_METATYPE(std::vector<uint8_t>)
Q_DECLARE_METATYPE(CoordinationError)

namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

void append(std::vector<uint8_t>& out, std::string_view text) {
  for (char c : text) out.push_back(static_cast<uint8_t>(c));
}

bool runUntil(AsioLoop& loop, const std::function<bool()>& done, int timeoutMs) {
  for (int waited = 0; waited < timeoutMs; waited += 10) {
    if (done()) return true;
    loop.runFor(10ms);
  }
  return done();
}

// A port on 127.0.0.1 with nothing listening (taken, then given back).
uint16_t closedPort(Network& net) {
  auto listener = net.listen(Endpoint{"127.0.0.1", 0}, [](auto) {});
  return listener ? (*listener)->localEndpoint().port : 1;
}

// Session events, in order, on the loop thread.
struct EventLog {
  std::vector<ZooKeeperSessionEvent> events;
  std::vector<Kind> kinds() const {
    std::vector<Kind> out;
    for (const auto& e : events) out.push_back(e.kind);
    return out;
  }
  bool has(Kind kind, std::size_t times = 1) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == kind;
    return n >= times;
  }
};

// Session events as the synchronous client's listener sees them (on its I/O thread).
struct ThreadedEvents {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Kind> kinds;

  ZooKeeperClient::Listener listener() {
    return [this](const ZooKeeperSessionEvent& e) {
      std::lock_guard lock(mutex);
      kinds.push_back(e.kind);
      changed.notify_all();
    };
  }
  bool waitFor(Kind kind, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, limit, [&] { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); });
  }
  std::vector<Kind> seen() {
    std::lock_guard lock(mutex);
    return kinds;
  }
};

Result<ZooKeeperReply> submitAndWait(AsioLoop& loop, ZooKeeperSession& session, pz::OpCode op,
                                     std::vector<uint8_t> record) {
  std::optional<Result<ZooKeeperReply>> got;
  session.submit(op, std::move(record), [&](Result<ZooKeeperReply> r) { got = std::move(r); });
  runUntil(loop, [&] { return got.has_value(); }, 3000);
  if (!got) return Status(CoordinationError::Io, "no reply within 3 s");
  return std::move(*got);
}

}  // namespace

class TestZooKeeperClient : public QObject {
  Q_OBJECT

 private slots:
  // --- zookeeper.connect ---------------------------------------------------------------------

  void parsesConnectStrings_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("servers");
    QTest::addColumn<QString>("chroot");
    QTest::newRow("one") << "127.0.0.1:2181" << "127.0.0.1:2181" << "";
    QTest::newRow("kafka's example") << "zk1:2181,zk2:2182,zk3:2183/kafka" << "zk1:2181 zk2:2182 zk3:2183" << "/kafka";
    QTest::newRow("default port") << "localhost" << "localhost:2181" << "";
    QTest::newRow("spaces") << " a:1 , b:2 " << "a:1 b:2" << "";
    QTest::newRow("root chroot is none") << "a:1/" << "a:1" << "";
    QTest::newRow("deep chroot") << "a:1/x/y.z" << "a:1" << "/x/y.z";
    QTest::newRow("ipv6") << "[::1]:2181,[fe80::1]" << "[::1]:2181 [fe80::1]:2181" << "";
    QTest::newRow("empty items") << "a:1,,b:2," << "a:1 b:2" << "";
  }
  void parsesConnectStrings() {
    QFETCH(QString, text);
    QFETCH(QString, servers);
    QFETCH(QString, chroot);
    auto parsed = parseZooKeeperConnect(text.toStdString());
    QVERIFY2(parsed.isOk(), qPrintable(QString::fromStdString(parsed.status().toString())));
    QStringList got;
    for (const Endpoint& e : parsed->servers) got << QString::fromStdString(e.toString());
    QCOMPARE(got.join(' '), servers);
    QCOMPARE(QString::fromStdString(parsed->chroot), chroot);
  }

  void rejectsBadConnectStrings_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << "" << "no server";
    QTest::newRow("only a chroot") << "/kafka" << "no server";
    QTest::newRow("port not a number") << "zk1:21x1" << "bad port";
    QTest::newRow("port zero") << "zk1:0" << "bad port";
    QTest::newRow("port too big") << "zk1:65536" << "bad port";
    QTest::newRow("empty chroot segment") << "zk1:2181/a//b" << "empty node name";
    QTest::newRow("trailing slash") << "zk1:2181/a/" << "must not end";
    QTest::newRow("relative chroot") << "zk1:2181/a/../b" << "relative";
    QTest::newRow("unclosed bracket") << "[::1:2181" << "lacks a ']'";
    QTest::newRow("no host") << ":2181" << "no host";
  }
  void rejectsBadConnectStrings() {
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    auto parsed = parseZooKeeperConnect(text.toStdString());
    QVERIFY(!parsed.isOk());
    QVERIFY(parsed.status().is(CoordinationError::BadArguments));
    const QString message = QString::fromStdString(parsed.status().message());
    QVERIFY2(message.contains(mentions) && message.contains("'" + text + "'"), qPrintable(message));
  }

  void mapsPathsUnderTheChroot() {
    QCOMPARE(withChroot("", "/brokers/ids"), std::string("/brokers/ids"));
    QCOMPARE(withChroot("/kafka", "/brokers/ids"), std::string("/kafka/brokers/ids"));
    QCOMPARE(withChroot("/kafka", "/"), std::string("/kafka"));
    QCOMPARE(withoutChroot("/kafka", "/kafka/brokers/seqid0000000001"), std::string("/brokers/seqid0000000001"));
    QCOMPARE(withoutChroot("/kafka", "/kafka"), std::string("/"));
    QCOMPARE(withoutChroot("/kafka", "/kafkaesque"), std::string("/kafkaesque"));
    QCOMPARE(withoutChroot("", "/a"), std::string("/a"));
  }

  // --- frames, byte by byte ------------------------------------------------------------------

  void handshakeFrameIsZooKeepersLayout() {
    // length 45; protocolVersion 0; lastZxidSeen 7; timeOut 4000; sessionId 0; passwd: 16 zero
    // bytes; readOnly false.
    std::vector<uint8_t> expected = bytes({0, 0, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0x0f, 0xa0,
                                           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16});
    expected.insert(expected.end(), 16, 0);
    expected.push_back(0);
    QCOMPARE(connectFrame(4000, 0, "", 7), expected);
    // A reconnect carries the session id and password.
    const std::string password = "0123456789abcdef";
    std::vector<uint8_t> again = connectFrame(6000, 0x100000abcLL, password, 0);
    QCOMPARE(again.size(), std::size_t{49});
    QCOMPARE(std::vector<uint8_t>(again.begin() + 20, again.begin() + 28), bytes({0, 0, 0, 1, 0, 0, 0x0a, 0xbc}));
    QCOMPARE(std::string(again.begin() + 32, again.begin() + 48), password);
  }

  void pingFrameIsZooKeepersLayout() {
    QCOMPARE(requestFrame(pz::kPingXid, pz::OpCode::Ping, {}),
             bytes({0, 0, 0, 8, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 11}));
  }

  void createFrameIsZooKeepersLayout() {
    pz::CreateRequest request;
    request.path = "/a";
    request.data = std::string("x");
    request.acl = openAclUnsafe();
    request.flags = 1;  // ephemeral
    std::vector<uint8_t> expected = bytes({0, 0, 0, 50, 0, 0, 0, 5, 0, 0, 0, 1,  // length, xid 5, create
                                           0, 0, 0, 2, '/', 'a', 0, 0, 0, 1, 'x',
                                           0, 0, 0, 1, 0, 0, 0, 31, 0, 0, 0, 5});  // one ACL, perms ALL
    append(expected, "world");
    for (int b : {0, 0, 0, 6}) expected.push_back(static_cast<uint8_t>(b));
    append(expected, "anyone");
    for (int b : {0, 0, 0, 1}) expected.push_back(static_cast<uint8_t>(b));
    QCOMPARE(requestFrame(5, pz::OpCode::Create, encodeRecord(request)), expected);
  }

  void decodesRepliesAndNeverCrashes() {
    Writer w;
    pz::ReplyHeader{9, 0x200000005LL, 0}.encode(w);
    pz::CreateResponse{"/a0000000003"}.encode(w);
    auto reply = decodeReply(w.bytes());
    QVERIFY(reply.isOk());
    QCOMPARE(reply->header.xid, 9);
    QCOMPARE(reply->header.zxid, 0x200000005LL);
    auto created = decodeReplyRecord<pz::CreateResponse>(*reply);
    QVERIFY(created.isOk());
    QCOMPARE(created->path, std::string("/a0000000003"));
    // Every truncation of the header is an error; a record with bytes left over is an error.
    const auto whole = w.take();
    for (std::size_t n = 0; n < 16; ++n) QVERIFY(!decodeReply(std::span(whole.data(), n)).isOk());
    QVERIFY(!decodeReplyRecord<pz::SetDataResponse>(*reply).isOk());
    // Random bytes: values or errors, never a crash.
    Prng prng(42);
    for (int round = 0; round < 2000; ++round) {
      std::vector<uint8_t> junk(prng.below(64));
      for (auto& b : junk) b = static_cast<uint8_t>(prng.below(256));
      (void)decodeConnectReply(junk);
      if (auto r = decodeReply(junk)) {
        (void)decodeReplyRecord<pz::GetDataResponse>(*r);
        (void)decodeReplyRecord<pz::GetChildrenResponse>(*r);
      }
    }
  }

  void mapsErrorCodes_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<CoordinationError>("error");
    QTest::addColumn<QString>("name");
    QTest::newRow("NONODE") << -101 << CoordinationError::NoNode << "NONODE";
    QTest::newRow("NODEEXISTS") << -110 << CoordinationError::NodeExists << "NODEEXISTS";
    QTest::newRow("BADVERSION") << -103 << CoordinationError::BadVersion << "BADVERSION";
    QTest::newRow("NOTEMPTY") << -111 << CoordinationError::NotEmpty << "NOTEMPTY";
    QTest::newRow("BADARGUMENTS") << -8 << CoordinationError::BadArguments << "BADARGUMENTS";
    QTest::newRow("NOCHILDRENFOREPHEMERALS") << -108 << CoordinationError::NoChildrenForEphemerals
                                             << "NOCHILDRENFOREPHEMERALS";
    QTest::newRow("NOAUTH") << -102 << CoordinationError::NoAuth << "NOAUTH";
    QTest::newRow("AUTHFAILED") << -115 << CoordinationError::NoAuth << "AUTHFAILED";
    QTest::newRow("CONNECTIONLOSS") << -4 << CoordinationError::ConnectionLoss << "CONNECTIONLOSS";
    QTest::newRow("SESSIONEXPIRED") << -112 << CoordinationError::SessionExpired << "SESSIONEXPIRED";
    QTest::newRow("MARSHALLINGERROR") << -5 << CoordinationError::Io << "MARSHALLINGERROR";
    QTest::newRow("unknown code") << -999 << CoordinationError::Io << "UNKNOWN";
  }
  void mapsErrorCodes() {
    QFETCH(int, code);
    QFETCH(CoordinationError, error);
    QFETCH(QString, name);
    QCOMPARE(coordinationErrorFor(code), error);
    Status s = zooKeeperErrorStatus(code, "/brokers/ids/0");
    QVERIFY(s.is(error));
    QCOMPARE(QString::fromStdString(s.message()), QString("/brokers/ids/0: %1 (%2)").arg(name).arg(code));
  }

  // --- the session against FakeZooKeeper (one loop, this thread) ----------------------------

  void negotiatesTheTimeoutAndPingsAtAThird() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto ensemble = std::make_shared<fake::FakeEnsemble>();
    ensemble->minSessionTimeoutMs = 600;
    ensemble->maxSessionTimeoutMs = 900;
    fake::FakeZooKeeper server(net, ensemble);
    QVERIFY(server.listen());
    EventLog log;
    auto session = ZooKeeperSession::create(loop, net, {{server.endpoint()}, 30000},
                                            [&](const ZooKeeperSessionEvent& e) { log.events.push_back(e); });
    session->start();
    QVERIFY(runUntil(loop, [&] { return session->isConnected(); }, 3000));
    QCOMPARE(session->negotiatedTimeoutMs(), 900);  // 30000 asked, clamped by the server
    const auto connects = ensemble->connectsSeen();
    QCOMPARE(connects.size(), std::size_t{1});
    QCOMPARE(connects[0].timeOut, 30000);
    QCOMPARE(connects[0].sessionId, int64_t{0});
    QVERIFY(connects[0].readOnlyByte);
    // Idle for 1.5 s: a ping every 300 ms keeps the session, about five of them.
    loop.runFor(1500ms);
    QVERIFY2(ensemble->pingCount() >= 3 && ensemble->pingCount() <= 7, qPrintable(QString::number(ensemble->pingCount())));
    QVERIFY(session->isConnected());
    QCOMPARE(log.kinds(), std::vector<Kind>{Kind::Connected});
    bool closed = false;
    session->close([&] { closed = true; });
    QVERIFY(runUntil(loop, [&] { return closed; }, 3000));
    QCOMPARE(ensemble->closeSessionCount(), 1);
  }

  void reconnectsToTheNextServerWithTheSameSession() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto ensemble = std::make_shared<fake::FakeEnsemble>();
    fake::FakeZooKeeper a(net, ensemble);
    fake::FakeZooKeeper b(net, ensemble);
    QVERIFY(a.listen());
    QVERIFY(b.listen());
    EventLog log;
    auto session = ZooKeeperSession::create(loop, net, {{a.endpoint(), b.endpoint()}, 4000},
                                            [&](const ZooKeeperSessionEvent& e) { log.events.push_back(e); });
    session->start();
    QVERIFY(runUntil(loop, [&] { return session->isConnected(); }, 3000));
    const int64_t id = session->sessionId();
    pz::CreateRequest create{"/mine", std::string("x"), openAclUnsafe(), 1};
    QVERIFY(submitAndWait(loop, *session, pz::OpCode::Create, encodeRecord(create)).isOk());
    // Server a goes away for good.
    a.stopListening();
    a.dropConnections();
    QVERIFY(runUntil(loop, [&] { return log.has(Kind::Reconnected); }, 3000));
    QCOMPARE(log.kinds(), (std::vector<Kind>{Kind::Connected, Kind::Disconnected, Kind::Reconnected}));
    QCOMPARE(log.events[2].server, b.endpoint());
    QCOMPARE(session->sessionId(), id);
    const auto connects = ensemble->connectsSeen();
    QCOMPARE(connects.back().sessionId, id);
    QCOMPARE(connects.back().passwd, ensemble->sessions.at(id).passwd);
    QVERIFY(connects.back().lastZxidSeen >= 1);  // the create's zxid
    // The ephemeral node survived: same session.
    QVERIFY(ensemble->hasNode("/mine"));
    auto exists = submitAndWait(loop, *session, pz::OpCode::Exists, encodeRecord(pz::ExistsRequest{"/mine", false}));
    QVERIFY(exists.isOk());
    QCOMPARE(exists->header.err, 0);
  }

  void reportsExpiryAndOpensANewSession() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto ensemble = std::make_shared<fake::FakeEnsemble>();
    fake::FakeZooKeeper server(net, ensemble);
    QVERIFY(server.listen());
    EventLog log;
    auto session = ZooKeeperSession::create(loop, net, {{server.endpoint()}, 4000},
                                            [&](const ZooKeeperSessionEvent& e) { log.events.push_back(e); });
    session->start();
    QVERIFY(runUntil(loop, [&] { return session->isConnected(); }, 3000));
    const int64_t first = session->sessionId();
    pz::CreateRequest create{"/brokers-0", std::string("x"), openAclUnsafe(), 1};
    QVERIFY(submitAndWait(loop, *session, pz::OpCode::Create, encodeRecord(create)).isOk());
    ensemble->expireAll();
    server.dropConnections();
    QVERIFY(runUntil(loop, [&] { return log.has(Kind::Connected, 2); }, 3000));
    QCOMPARE(log.kinds(), (std::vector<Kind>{Kind::Connected, Kind::Disconnected, Kind::Expired, Kind::Connected}));
    QCOMPARE(log.events[2].sessionId, first);
    QVERIFY(session->sessionId() != 0 && session->sessionId() != first);
    QVERIFY(!ensemble->hasNode("/brokers-0"));
    // The new session asked with session id 0: a fresh one.
    QCOMPARE(ensemble->connectsSeen().back().sessionId, int64_t{0});
  }

  void dropsASilentServerAfterTwoThirdsOfTheTimeout() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto ensemble = std::make_shared<fake::FakeEnsemble>();
    ensemble->maxSessionTimeoutMs = 1200;
    fake::FakeZooKeeper a(net, ensemble);
    fake::FakeZooKeeper b(net, ensemble);
    QVERIFY(a.listen());
    QVERIFY(b.listen());
    EventLog log;
    auto session = ZooKeeperSession::create(loop, net, {{a.endpoint(), b.endpoint()}, 1200},
                                            [&](const ZooKeeperSessionEvent& e) { log.events.push_back(e); });
    session->start();
    QVERIFY(runUntil(loop, [&] { return session->isConnected(); }, 3000));
    a.setSilent(true);
    // A request to the silent server waits, then fails with ConnectionLoss when the read
    // timeout (800 ms) drops the connection.
    std::optional<Result<ZooKeeperReply>> got;
    const auto sent = std::chrono::steady_clock::now();
    session->submit(pz::OpCode::Exists, encodeRecord(pz::ExistsRequest{"/", false}),
                    [&](Result<ZooKeeperReply> r) { got = std::move(r); });
    QVERIFY(runUntil(loop, [&] { return got.has_value(); }, 3000));
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent);
    QVERIFY(!got->isOk());
    QVERIFY(got->status().is(CoordinationError::ConnectionLoss));
    QVERIFY2(waited.count() >= 500 && waited.count() < 2000, qPrintable(QString::number(waited.count())));
    QVERIFY(runUntil(loop, [&] { return log.has(Kind::Reconnected); }, 3000));
    QVERIFY(QString::fromStdString(log.events[1].detail).contains("nothing received"));
    QCOMPARE(log.events.back().server, b.endpoint());
  }

  void failsAtOnceWhenNotConnected() {
    AsioLoop loop;
    AsioNetwork net(loop);
    const Endpoint nowhere{"127.0.0.1", closedPort(net)};
    auto session = ZooKeeperSession::create(loop, net, {{nowhere}, 4000}, {});
    session->start();
    loop.runFor(100ms);
    std::optional<Result<ZooKeeperReply>> got;
    session->submit(pz::OpCode::Exists, encodeRecord(pz::ExistsRequest{"/", false}),
                    [&](Result<ZooKeeperReply> r) { got = std::move(r); });
    QVERIFY(got.has_value());  // at once, on this call
    QVERIFY(got->status().is(CoordinationError::ConnectionLoss));
    QVERIFY2(QString::fromStdString(got->status().message()).contains(QString::fromStdString(nowhere.toString())),
             qPrintable(QString::fromStdString(got->status().message())));
    bool closed = false;
    session->close([&] { closed = true; });
    QVERIFY(closed);
  }

  // --- the synchronous client and store (fake on its own thread) ----------------------------

  void clientWorksUnderAChrootWithVersions() {
    fake::ThreadedFakeZooKeeper zk;
    ThreadedEvents events;
    auto connected =
        ZooKeeperClient::connect(startAsioLoopThread("zk-client"), {zk.connect("/pier/one"), 4000, 3000}, events.listener());
    QVERIFY2(connected.isOk(), qPrintable(QString::fromStdString(connected.status().toString())));
    std::unique_ptr<ZooKeeperClient> owned = std::move(*connected);
    ZooKeeperClient& client = *owned;
    QVERIFY(client.sessionId() != 0);
    QCOMPARE(client.negotiatedTimeoutMs(), 4000);
    QVERIFY(zk.ensemble->hasNode("/pier") && zk.ensemble->hasNode("/pier/one"));  // the chroot, made

    QCOMPARE(*client.create("/a", "one", CreateMode::Persistent), std::string("/a"));
    QVERIFY(zk.ensemble->hasNode("/pier/one/a"));
    QVERIFY(client.create("/a", "again", CreateMode::Persistent).status().is(CoordinationError::NodeExists));
    QVERIFY(client.create("/missing/b", "", CreateMode::Persistent).status().is(CoordinationError::NoNode));
    auto node = client.getData("/a");
    QVERIFY(node.isOk());
    QCOMPARE(node->data, std::string("one"));
    QCOMPARE(node->stat.version, 0);
    QCOMPARE(client.setData("/a", "two", 0)->version, 1);
    QVERIFY(client.setData("/a", "three", 0).status().is(CoordinationError::BadVersion));
    QCOMPARE(client.setData("/a", "three")->version, 2);
    QCOMPARE(client.getData("/a")->data, std::string("three"));
    QVERIFY(client.getData("/nope").status().is(CoordinationError::NoNode));

    QCOMPARE(*client.create("/a/s", "", CreateMode::PersistentSequential), std::string("/a/s0000000000"));
    QCOMPARE(*client.create("/a/s", "", CreateMode::PersistentSequential), std::string("/a/s0000000001"));
    auto eph = client.create("/a/e", "me", CreateMode::Ephemeral);
    QVERIFY(eph.isOk());
    QCOMPARE(zk.ensemble->node("/pier/one/a/e")->stat.ephemeralOwner, client.sessionId());
    QVERIFY(client.create("/a/e/x", "", CreateMode::Persistent).status().is(CoordinationError::NoChildrenForEphemerals));
    auto kids = client.getChildren("/a");
    QVERIFY(kids.isOk());
    QCOMPARE(kids->size(), std::size_t{3});
    auto stat = client.exists("/a");
    QVERIFY(stat.isOk() && stat->has_value());
    QCOMPARE((*stat)->numChildren, 3);
    QVERIFY(!client.exists("/nope")->has_value());

    QVERIFY(client.remove("/a").is(CoordinationError::NotEmpty));
    QVERIFY(client.remove("/a/s0000000000", 5).is(CoordinationError::BadVersion));
    QVERIFY(client.remove("/a/s0000000000", 0).isOk());
    QVERIFY(client.remove("/a/s0000000000").is(CoordinationError::NoNode));
    const Status gone = client.remove("/nope");
    QVERIFY(QString::fromStdString(gone.message()).contains("/nope: NONODE (-101)"));

    // Closing the client ends the session: its ephemeral node goes at once.
    owned.reset();
    QVERIFY(!zk.ensemble->hasNode("/pier/one/a/e"));
    QCOMPARE(zk.ensemble->closeSessionCount(), 1);
    QVERIFY(events.seen().empty());  // the first Connected is not a listener event
  }

  void storeSortsChildrenAndReadsMissingAsNothing() {
    fake::ThreadedFakeZooKeeper zk;
    auto store = ZooKeeperCoordinationStore::open(startAsioLoopThread("zk-client"), {zk.connect(), 4000, 3000});
    QVERIFY(store.isOk());
    CoordinationStore& s = **store;
    QVERIFY(putPersistent(s, "/brokers/topics/t/partitions/0/state", "{}").isOk());
    QVERIFY(putPersistent(s, "/brokers/topics/t/partitions/1/state", "{}").isOk());
    QVERIFY(putPersistent(s, "/brokers/topics/t/partitions/1/state", "{\"leader\":0}").isOk());
    QCOMPARE(*s.children("/brokers/topics/t/partitions"), (std::vector<std::string>{"0", "1"}));
    auto state = s.get("/brokers/topics/t/partitions/1/state");
    QVERIFY(state.isOk() && state->has_value());
    QCOMPARE((*state)->data, std::string("{\"leader\":0}"));
    QCOMPARE((*state)->stat.version, 1);
    QVERIFY(!s.get("/nope")->has_value());
    QVERIFY(s.persist().isOk());
    QVERIFY(removeRecursive(s, "/brokers/topics/t").isOk());
    QVERIFY(!zk.ensemble->hasNode("/brokers/topics/t"));
    QVERIFY(zk.ensemble->hasNode("/brokers/topics"));
  }

  void clientCallsFailFastWhileDisconnectedAndResume() {
    fake::ThreadedFakeZooKeeper zk;
    ThreadedEvents events;
    auto connected = ZooKeeperClient::connect(startAsioLoopThread("zk-client"), {zk.connect(), 4000, 3000},
                                              events.listener());
    QVERIFY(connected.isOk());
    ZooKeeperClient& client = **connected;
    const int64_t id = client.sessionId();
    // The server's connection goes and it stops listening: calls fail at once.
    zk.onLoop([&] {
      zk.server->stopListening();
      zk.server->dropConnections();
    });
    QVERIFY(events.waitFor(Kind::Disconnected, 3000ms));
    const auto before = std::chrono::steady_clock::now();
    auto failed = client.getData("/");
    QVERIFY(failed.status().is(CoordinationError::ConnectionLoss));
    QVERIFY(std::chrono::steady_clock::now() - before < 500ms);
    // Back on the same port: the same session resumes.
    const uint16_t port = zk.server->endpoint().port;
    bool listening = false;
    zk.onLoop([&] { listening = zk.server->listen(port); });
    QVERIFY(listening);
    QVERIFY(events.waitFor(Kind::Reconnected, 5000ms));
    QCOMPARE(events.seen(), (std::vector<Kind>{Kind::Disconnected, Kind::Reconnected}));
    QCOMPARE(client.sessionId(), id);
    QVERIFY(client.getData("/").isOk());
  }

  void connectGivesUpAfterTheConnectionTimeout() {
    AsioLoop probeLoop;
    AsioNetwork probeNet(probeLoop);
    const uint16_t port = closedPort(probeNet);
    const auto before = std::chrono::steady_clock::now();
    auto connected =
        ZooKeeperClient::connect(startAsioLoopThread("zk-client"), {fmt::format("127.0.0.1:{}", port), 4000, 700});
    const auto waited =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - before).count();
    QVERIFY(!connected.isOk());
    QVERIFY(connected.status().is(CoordinationError::ConnectionLoss));
    const QString message = QString::fromStdString(connected.status().message());
    QVERIFY2(message.contains(QString("127.0.0.1:%1").arg(port)) && message.contains("700 ms"), qPrintable(message));
    QVERIFY2(waited >= 650 && waited < 2500, qPrintable(QString::number(waited)));
    // A bad connect string is refused before any connection.
    auto bad = ZooKeeperClient::connect(startAsioLoopThread("zk-client"), {"zk1:notaport", 4000, 700});
    QVERIFY(bad.status().is(CoordinationError::BadArguments));
  }
};

QTEST_APPLESS_MAIN(TestZooKeeperClient)
#include "tst_zookeeper_client.moc"
