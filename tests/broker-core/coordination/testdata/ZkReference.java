// Prints what ZooKeeper 3.8's own classes answer for the inputs tst_auth, tst_znode_path and
// tst_session_tracker replay: DigestAuthenticationProvider.generateDigest and isValid,
// IPAuthenticationProvider.matches and isValid, PathUtils.validatePath's messages, the session
// password ZooKeeperServer.generatePasswd hands out, and the order a connection's authInfo
// (ServerCnxn: a ConcurrentHashMap key set of Ids) iterates in.
//
// Output (stdout): JSON, ASCII only (other characters as JSON u-escapes). Needs zookeeper.jar
// on the classpath; regenerate with regenerate.sh.

import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.apache.zookeeper.server.auth.IPAuthenticationProvider;

public class ZkReference {
  static String quote(String s) {
    if (s == null) return "null";
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b & 0xff));
    return out.toString();
  }

  static StringBuilder out = new StringBuilder("{\n");

  static void section(String name, List<String> rows, boolean last) {
    out.append("  \"").append(name).append("\": [\n");
    for (int i = 0; i < rows.size(); ++i) out.append("    ").append(rows.get(i)).append(i + 1 < rows.size() ? ",\n" : "\n");
    out.append(last ? "  ]\n" : "  ],\n");
  }

  public static void main(String[] args) throws Exception {
    java.util.ArrayList<String> rows = new java.util.ArrayList<>();
    for (String s : List.of("user:password", "super:secret", "alice:", ":nobody", "no-colon", "a:b:c", "",
        "bob:pass word", "\u7528\u6237:\u5bc6\u7801", "emoji:\ud83d\ude00", "caf\u00e9:cr\u00e8me",
        "long:" + "x".repeat(300))) {
      rows.add("[" + quote(s) + ", " + quote(DigestAuthenticationProvider.generateDigest(s)) + "]");
    }
    section("generateDigest", rows, false);

    rows.clear();
    DigestAuthenticationProvider digest = new DigestAuthenticationProvider();
    for (String s : List.of("user:hash", "user:", ":hash", "user", "a:b:c", "", ":", "user::", "::hash",
        "user:ha:", "u:h:")) {
      rows.add("[" + quote(s) + ", " + digest.isValid(s) + "]");
    }
    section("digestIsValid", rows, false);

    rows.clear();
    IPAuthenticationProvider ip = new IPAuthenticationProvider();
    for (String s : List.of("10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.0/33",
        "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/8/8", "10.0.0", "10.0.0.0.0", "10.0.0.256",
        "10.0.0.-1", "10..0.1", "", "localhost", "::1", "+10.0.0.1", "010.0.0.1", "10.0.0.1/+8", " 10.0.0.1",
        "10.0.0.1 ", "1.2.3.4/07")) {
      rows.add("[" + quote(s) + ", " + ip.isValid(s) + "]");
    }
    section("ipIsValid", rows, false);

    rows.clear();
    String[][] matches = {
        {"10.1.2.3", "10.0.0.0/8"}, {"11.1.2.3", "10.0.0.0/8"}, {"10.1.2.3", "10.1.2.3"},
        {"10.1.2.4", "10.1.2.3"}, {"10.1.2.4", "10.1.2.3/32"}, {"10.1.2.4", "10.1.2.3/31"},
        {"10.1.2.3", "10.1.2.4/31"}, {"10.1.2.5", "10.1.2.4/31"}, {"192.168.1.200", "192.168.1.128/25"},
        {"192.168.1.100", "192.168.1.128/25"}, {"1.2.3.4", "0.0.0.0/0"}, {"255.255.255.255", "0.0.0.0/0"},
        {"172.16.5.4", "172.16.0.0/12"}, {"172.32.0.1", "172.16.0.0/12"}, {"10.1.2.3", "10.0.0.0/33"},
        {"10.1.2.3", "10.0.0.0/-1"}, {"10.1.2.3", "10.0.0.0/x"}, {"10.1.2.3", "10.0.0/8"},
        {"10.1.2", "10.0.0.0/8"}, {"localhost", "127.0.0.1"}, {"127.0.0.1", "127.0.0.1/8"},
        {"0:0:0:0:0:0:0:1", "127.0.0.1"}, {"10.1.2.3", "10.0.0.0/"}, {"10.200.0.1", "10.128.0.0/9"},
        {"10.100.0.1", "10.128.0.0/9"}};
    for (String[] m : matches) rows.add("[" + quote(m[0]) + ", " + quote(m[1]) + ", " + ip.matches(m[0], m[1]) + "]");
    section("ipMatches", rows, false);

    rows.clear();
    for (String s : List.of("/", "/a", "/a/b", "/a.b", "/.a", "/a.", "/..a", "/a..", "/a/...", "/...", "/a b",
        "/zookeeper", "/\u8282\u70b9", "", "a", "a/b", "/a/", "//", "/a//b", "/.", "/..", "/./a", "/a/.",
        "/a/./b", "/a/../b", "/a/..", "/a\u0000b", "/\u0001", "/a\u001f", "/\u007f", "/\u0080", "/x\u009f",
        "/\u00a0", "/\ud83d\ude00", "/a\ud7ff", "/a\ue000", "/a\uf8ff", "/a\uf900", "/\ufff0", "/\uffef",
        "/\ufffd", "/\uffff", "/a/b/\u0007", "/tab\there")) {
      String error = null;
      try {
        PathUtils.validatePath(s);
      } catch (IllegalArgumentException e) {
        error = e.getMessage();
      }
      rows.add("[" + quote(s) + ", " + quote(error) + "]");
    }
    section("validatePath", rows, false);

    rows.clear();
    Method generatePasswd = ZooKeeperServer.class.getDeclaredMethod("generatePasswd", long.class);
    generatePasswd.setAccessible(true);
    ZooKeeperServer zks = new ZooKeeperServer();
    for (long id : new long[] {0L, 1L, 0xB3415C00L, 0x100000000000000L, 0x1000122bff00000L, 0x10000a5b6c70000L,
        0xff00000000000001L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1}) {
      byte[] passwd = (byte[]) generatePasswd.invoke(zks, id);
      byte[] direct = new byte[16];
      new Random(id ^ 0xB3415C00L).nextBytes(direct);
      if (!java.util.Arrays.equals(passwd, direct)) throw new IllegalStateException("generatePasswd changed");
      rows.add("[" + quote(String.format("%016x", id)) + ", " + quote(hex(passwd)) + "]");
    }
    section("sessionPassword", rows, false);

    // [ids as "scheme:id" in the order they were added, iteration order as indices]
    rows.clear();
    String[][] idLists = {
        {"ip:127.0.0.1", "digest:alice:h1"},
        {"ip:10.0.0.1", "digest:alice:h1", "digest:bob:h2", "digest:carol:h3"},
        {"digest:bob:h2", "digest:alice:h1", "ip:10.0.0.1"},
        {"ip:192.168.1.20", "super:", "digest:admin:pw"},
        {"ip:127.0.0.1", "digest:u0:p", "digest:u1:p", "digest:u2:p", "digest:u3:p", "digest:u4:p",
         "digest:u5:p", "digest:u6:p", "digest:u7:p", "digest:u8:p", "digest:u9:p"},
        {"ip:127.0.0.1", "digest:u0:p", "digest:u1:p", "digest:u2:p", "digest:u3:p", "digest:u4:p",
         "digest:u5:p", "digest:u6:p", "digest:u7:p", "digest:u8:p", "digest:u9:p", "digest:u10:p",
         "digest:u11:p", "digest:u12:p"}};
    for (String[] list : idLists) {
      Set<Id> authInfo = java.util.Collections.newSetFromMap(new ConcurrentHashMap<>());
      java.util.List<Id> ids = new java.util.ArrayList<>();
      StringBuilder added = new StringBuilder("[");
      for (String s : list) {
        int colon = s.indexOf(':');
        Id id = new Id(s.substring(0, colon), s.substring(colon + 1));
        ids.add(id);
        authInfo.add(id);
        added.append(added.length() == 1 ? "" : ", ").append(quote(s));
      }
      StringBuilder order = new StringBuilder("[");
      for (Id id : authInfo) order.append(order.length() == 1 ? "" : ",").append(ids.indexOf(id));
      rows.add("[" + added + "], " + order + "]]");
    }
    section("authInfoOrder", rows, true);
    out.append("}\n");
    System.out.print(out);
  }
}
