// Recognition, the whitelist, dispatch and the short replies. The longer dumps (mntr, conf,
// dump, envi, watches) are in four_letter_dumps.cpp. Each reply copies the ZooKeeper 3.8 class
// named beside it; testdata/fourlw holds what a real 3.8.0 printed.
#include "keeper/four_letter_words.h"

#include <array>

#include <fmt/format.h>

#include "keeper/java_text.h"

namespace pier::keeper {
namespace {

constexpr std::array<std::string_view, kFourLetterWordCount> kNames = {
    "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok", "stmk", "srst",
    "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash", "telnet close"};

// The control sequence telnet sends when it closes (IAC DO TIMING-MARK...), FourLetterCommands'
// telnetCloseCmd.
constexpr int32_t kTelnetCloseInt = int32_t(0xfff4fffdu);

int32_t wordInt(std::string_view name) {
  return int32_t(uint32_t(uint8_t(name[0])) << 24 | uint32_t(uint8_t(name[1])) << 16 |
                 uint32_t(uint8_t(name[2])) << 8 | uint32_t(uint8_t(name[3])));
}

// ServerStats.toString() and the lines StatCommand adds around it (srvr and stat).
std::string serverStats(const KeeperStatus& s) {
  std::string out = fmt::format("Latency min/avg/max: {}/{}/{}\n", s.latency.minMs, javaDouble(s.latency.avgMs),
                                s.latency.maxMs);
  out += fmt::format("Received: {}\nSent: {}\nConnections: {}\nOutstanding: {}\n", s.packetsReceived, s.packetsSent,
                     s.aliveConnections, s.outstandingRequests);
  out += fmt::format("Zxid: 0x{}\nMode: {}\n", javaHex(s.lastProcessedZxid.value()), serverStateName(s.mode));
  out += fmt::format("Node count: {}\n", s.nodeCount);
  if (s.mode == ServerMode::Leader) {
    out += fmt::format("Proposal sizes last/min/max: {}/{}/{}\n", s.quorum.lastProposalSize,
                       s.quorum.minProposalSize, s.quorum.maxProposalSize);
  }
  return out;
}

// StatCommand: `stat` lists the clients, `srvr` does not.
std::string statOrSrvr(const KeeperStatus& s, bool listClients) {
  if (!s.serving) return std::string(kNotServing);
  std::string out = "Zookeeper version: " + s.version + "\n";
  if (s.mode == ServerMode::ReadOnly) out += "READ-ONLY mode; serving only read-only clients\n";
  if (listClients) {
    out += "Clients:\n";
    for (const ConnectionStatus& c : s.connections) out += connectionInfo(c, true) + "\n";
    out += "\n";
  }
  return out + serverStats(s);
}

std::string socketAddress(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return fmt::format("/{}{}{}:{}", ipv6 ? "[" : "", host, ipv6 ? "]" : "", port);
}

}  // namespace

std::string_view fourLetterWordName(FourLetterWord word) { return kNames[std::size_t(word)]; }

std::optional<FourLetterWord> fourLetterWordByName(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return FourLetterWord(i);
  }
  return std::nullopt;
}

std::optional<FourLetterWord> parseFourLetterWord(int32_t firstInt) {
  if (firstInt == kTelnetCloseInt) return FourLetterWord::TelnetClose;
  for (std::size_t i = 0; i + 1 < kNames.size(); ++i) {
    if (wordInt(kNames[i]) == firstInt) return FourLetterWord(i);
  }
  return std::nullopt;
}

std::optional<FourLetterWord> parseFourLetterWord(std::span<const uint8_t, 4> b) {
  return parseFourLetterWord(int32_t(uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3]));
}

FourLetterWordWhitelist FourLetterWordWhitelist::defaults(bool readOnlyModeEnabled) {
  FourLetterWordWhitelist w;
  w.enable(FourLetterWord::Srvr);  // zkServer.sh status depends on it
  if (readOnlyModeEnabled) w.enable(FourLetterWord::Isro);
  return w;
}

FourLetterWordWhitelist FourLetterWordWhitelist::all() {
  FourLetterWordWhitelist w;
  w.m_enabled.set();
  return w;
}

FourLetterWordWhitelist::Parsed FourLetterWordWhitelist::parse(std::string_view list, bool readOnlyModeEnabled) {
  Parsed out{defaults(readOnlyModeEnabled), {}};
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && uint8_t(item.front()) <= ' ') item.remove_prefix(1);
    while (!item.empty() && uint8_t(item.back()) <= ' ') item.remove_suffix(1);
    start = comma + 1;
    if (item == "*") {
      out.whitelist = all();
      break;
    }
    if (item.empty()) continue;
    if (auto word = fourLetterWordByName(item)) {
      out.whitelist.enable(*word);
    } else {
      out.unknownNames.emplace_back(item);
    }
  }
  return out;
}

std::vector<FourLetterWord> FourLetterWordWhitelist::enabled() const {
  std::vector<FourLetterWord> out;
  for (std::size_t i = 0; i < kFourLetterWordCount; ++i) {
    if (m_enabled.test(i)) out.push_back(FourLetterWord(i));
  }
  return out;
}

std::string refusalText(FourLetterWord word) {
  return fmt::format("{} is not executed because it is not in the whitelist.\n", fourLetterWordName(word));
}

std::string fourLetterWordReply(FourLetterWord word, const KeeperStatus& s, const FourLetterWordWhitelist& whitelist) {
  if (!whitelist.allows(word)) return refusalText(word);
  switch (word) {
    case FourLetterWord::Conf: return confReply(s);
    case FourLetterWord::Cons: return consReply(s);
    case FourLetterWord::Crst: return crstReply(s);
    case FourLetterWord::Dirs: return dirsReply(s);
    case FourLetterWord::Dump: return dumpReply(s);
    case FourLetterWord::Envi: return enviReply(s);
    case FourLetterWord::Gtmk: return gtmkReply(s);
    case FourLetterWord::Ruok: return ruokReply();
    case FourLetterWord::Srst: return srstReply(s);
    case FourLetterWord::Srvr: return srvrReply(s);
    case FourLetterWord::Stat: return statReply(s);
    case FourLetterWord::Wchc: return wchcReply(s);
    case FourLetterWord::Wchp: return wchpReply(s);
    case FourLetterWord::Wchs: return wchsReply(s);
    case FourLetterWord::Mntr: return mntrReply(s);
    case FourLetterWord::Isro: return isroReply(s);
    case FourLetterWord::Stmk:         // needs the 8-byte mask that follows: setTraceMaskReply
    case FourLetterWord::Hash:         // no digest log kept: DigestCommand prints nothing
    case FourLetterWord::TelnetClose:  // ZooKeeper closes without a word
      return {};
  }
  return {};
}

std::string ruokReply() { return "imok"; }  // RuokCommand: no newline, even when not serving
std::string statReply(const KeeperStatus& s) { return statOrSrvr(s, true); }
std::string srvrReply(const KeeperStatus& s) { return statOrSrvr(s, false); }

std::string consReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  std::string out;
  for (const ConnectionStatus& c : s.connections) out += connectionInfo(c, false) + "\n";
  return out + "\n";
}

std::string crstReply(const KeeperStatus& s) {
  return s.serving ? "Connection stats reset.\n" : std::string(kNotServing);
}

std::string srstReply(const KeeperStatus& s) { return s.serving ? "Server stats reset.\n" : std::string(kNotServing); }

std::string isroReply(const KeeperStatus& s) {
  if (!s.serving) return "null";
  return s.mode == ServerMode::ReadOnly ? "ro" : "rw";
}

std::string dirsReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  return fmt::format("datadir_size: {}\nlogdir_size: {}\n", s.conf.dataDirSizeBytes, s.conf.dataLogSizeBytes);
}

std::string gtmkReply(const KeeperStatus& s) { return std::to_string(s.traceMask); }
std::string setTraceMaskReply(int64_t mask) { return std::to_string(mask); }

// ServerCnxn.dumpConnectionInfo.
std::string connectionInfo(const ConnectionStatus& c, bool brief) {
  std::string out = " " + socketAddress(c.remoteHost, c.remotePort);
  out += fmt::format("[{}](queued={},recved={},sent={}", c.interestOps == 0 ? "0" : fmt::format("{:x}", c.interestOps),
                     c.outstandingRequests, c.packetsReceived, c.packetsSent);
  if (!brief && c.sessionId.value() != 0) {
    out += fmt::format(",sid=0x{},lop={},est={},to={}", javaHex(c.sessionId.value()), c.lastOperation,
                       c.establishedMs, c.sessionTimeoutMs);
    if (c.lastCxid >= 0) out += ",lcxid=0x" + javaHex(c.lastCxid);
    out += fmt::format(",lzxid=0x{},lresp={},llat={},minlat={},avglat={},maxlat={}", javaHex(c.lastZxid.value()),
                       c.lastResponseTimeMs, c.lastLatencyMs, c.minLatencyMs, c.avgLatencyMs, c.maxLatencyMs);
  }
  return out + ")";
}

}  // namespace pier::keeper
