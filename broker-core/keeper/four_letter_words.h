#pragma once
// ZooKeeper's four-letter words on the client port, formatted byte for byte as ZooKeeper 3.8.
//
// Recognition: before a connection has sent its ConnectRequest, ZooKeeper reads the first four
// bytes as the big-endian int it would take as a frame length and, when that int is a known
// word, answers the word and closes the connection instead (NIOServerCnxn.checkFourLetterWord).
// parseFourLetterWord() is that check. Unknown words are not words: the bytes are a length.
//
// Whitelist: a known word that is not whitelisted is answered with ZooKeeper's refusal line
// (refusalText) and the connection is closed. `srvr` is always allowed; `isro` too when
// read-only mode is on; 4lw.commands.whitelist=* allows every known word.
//
// Formatting: one function per word turns a KeeperStatus (filled by the server) into the text
// ZooKeeper prints; fourLetterWordReply() dispatches and applies the whitelist. Resets (crst,
// srst) only answer: the server resets its counters itself. Pure functions; thread-safe.

#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keeper/keeper_status.h"

namespace pier::keeper {

// Every word ZooKeeper 3.8.0 knows (FourLetterCommands.cmd2String), "telnet close" included.
enum class FourLetterWord : uint8_t {
  Conf, Cons, Crst, Dirs, Dump, Envi, Gtmk, Ruok, Stmk, Srst, Srvr, Stat, Wchc, Wchp, Wchs, Mntr,
  Isro, Hash, TelnetClose,
};
inline constexpr std::size_t kFourLetterWordCount = 19;

// "conf", ..., "telnet close".
std::string_view fourLetterWordName(FourLetterWord word);
std::optional<FourLetterWord> fourLetterWordByName(std::string_view name);
// The first four bytes of a connection (or the int they make), when they are a known word.
std::optional<FourLetterWord> parseFourLetterWord(std::span<const uint8_t, 4> firstBytes);
std::optional<FourLetterWord> parseFourLetterWord(int32_t firstInt);

// Which words run (FourLetterCommands.isEnabled). A value type.
class FourLetterWordWhitelist {
 public:
  // ZooKeeper's default: srvr only (plus isro with readonlymode.enabled).
  static FourLetterWordWhitelist defaults(bool readOnlyModeEnabled = false);
  static FourLetterWordWhitelist all();

  struct Parsed;
  // 4lw.commands.whitelist: comma separated, blanks trimmed, "*" = every word; srvr (and isro
  // with read-only mode) added as ZooKeeper adds them. Names it does not know are returned.
  static Parsed parse(std::string_view list, bool readOnlyModeEnabled = false);

  bool allows(FourLetterWord word) const { return m_enabled.test(std::size_t(word)); }
  void enable(FourLetterWord word) { m_enabled.set(std::size_t(word)); }
  std::vector<FourLetterWord> enabled() const;
  bool operator==(const FourLetterWordWhitelist&) const = default;

 private:
  std::bitset<kFourLetterWordCount> m_enabled;
};

struct FourLetterWordWhitelist::Parsed {
  FourLetterWordWhitelist whitelist;
  std::vector<std::string> unknownNames;
};

// "stat is not executed because it is not in the whitelist.\n"
std::string refusalText(FourLetterWord word);
// What ZooKeeper prints instead of most replies while it is not serving (electing, starting).
inline constexpr std::string_view kNotServing = "This ZooKeeper instance is not currently serving requests\n";

// The reply to `word`, whitelist applied; empty for "telnet close" (ZooKeeper just closes) and
// for stmk, whose reply needs the mask that follows it (use setTraceMaskReply).
std::string fourLetterWordReply(FourLetterWord word, const KeeperStatus& status,
                                const FourLetterWordWhitelist& whitelist);

// One function per word.
std::string ruokReply();
std::string statReply(const KeeperStatus& status);
std::string srvrReply(const KeeperStatus& status);
std::string mntrReply(const KeeperStatus& status);
std::string confReply(const KeeperStatus& status);
std::string consReply(const KeeperStatus& status);
std::string crstReply(const KeeperStatus& status);
std::string srstReply(const KeeperStatus& status);
std::string enviReply(const KeeperStatus& status);
std::string wchsReply(const KeeperStatus& status);
std::string wchcReply(const KeeperStatus& status);
std::string wchpReply(const KeeperStatus& status);
std::string dumpReply(const KeeperStatus& status);
std::string isroReply(const KeeperStatus& status);
std::string dirsReply(const KeeperStatus& status);
std::string gtmkReply(const KeeperStatus& status);
std::string setTraceMaskReply(int64_t mask);

// One connection as `cons` (brief = false) or `stat` (brief = true) prints it, without newline.
std::string connectionInfo(const ConnectionStatus& connection, bool brief);

}  // namespace pier::keeper
