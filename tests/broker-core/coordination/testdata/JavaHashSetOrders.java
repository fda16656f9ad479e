// Prints the iteration order of java.util.HashSet<String> for the cases tst_java_hash_set
// replays against pier::coordination::JavaHashSet, and String.hashCode of every name.
// ZooKeeper returns children, ephemerals and closeSession's paths2Delete in this order.
//
// Output (stdout): JSON, ASCII only (other characters as JSON u-escapes). Each case names its
// strings once ("names", or "sequence": [prefix, from, to] for prefix + String.format("%010d", i)
// with i from `from` up to but excluding `to`) and then lists what was done as tokens over their indices:
// "+i" insert, "-i" remove, "+a..b" / "-a..b" every index from a to b in ascending order.
// "order" is the set's iteration order and "cloneOrder" (when present) that of clone().
// "hashCodes" lists [string, String.hashCode()]; "utf8Decoding" lists [hex bytes, UTF-16 units of
// new String(bytes, UTF_8), its hashCode()] for malformed UTF-8, as a server decodes a name.
// Regenerate with regenerate.sh; the output is committed next to this file.

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

public class JavaHashSetOrders {
  static final class Case {
    final String name;
    final Integer capacity;  // null: new HashSet<>()
    String seqPrefix;  // when names are exactly sequential(seqPrefix, seqFrom, seqTo)
    int seqFrom;
    int seqTo;
    final List<String> names = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    final List<String> ops = new ArrayList<>();
    final HashSet<String> set;
    boolean printClone;

    Case(String name, Integer capacity) {
      this.name = name;
      this.capacity = capacity;
      this.set = capacity == null ? new HashSet<>() : new HashSet<>(capacity);
    }

    Case sequence(String prefix, int from, int to) {
      seqPrefix = prefix;
      seqFrom = from;
      seqTo = to;
      return this;
    }

    int indexOf(String s) {
      Integer i = index.get(s);
      if (i == null) {
        i = names.size();
        names.add(s);
        index.put(s, i);
      }
      return i;
    }

    Case insert(List<String> values) {
      int first = -1;
      int last = -1;
      for (String v : values) {
        int i = indexOf(v);
        set.add(v);
        if (first >= 0 && i == last + 1) {
          last = i;
          continue;
        }
        flush("+", first, last);
        first = last = i;
      }
      flush("+", first, last);
      return this;
    }

    Case remove(List<String> values) {
      for (String v : values) {
        set.remove(v);
        ops.add("-" + indexOf(v));
      }
      return this;
    }

    void flush(String sign, int first, int last) {
      if (first < 0) return;
      ops.add(first == last ? sign + first : sign + first + ".." + last);
    }

    String orderOf(HashSet<String> s) {
      StringBuilder out = new StringBuilder("[");
      for (String v : s) {
        if (out.length() > 1) out.append(',');
        out.append(index.get(v));
      }
      return out.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    String toJson() {
      StringBuilder out = new StringBuilder();
      out.append("    {\"name\": ").append(quote(name));
      out.append(", \"capacity\": ").append(capacity == null ? "null" : capacity.toString());
      if (seqPrefix != null) {
        if (!names.equals(sequential(seqPrefix, seqFrom, seqTo))) throw new IllegalStateException(name);
        out.append(",\n     \"sequence\": [").append(quote(seqPrefix)).append(", ").append(seqFrom).append(", ")
            .append(seqTo).append("]");
      } else {
        out.append(",\n     \"names\": [");
        for (int i = 0; i < names.size(); ++i) out.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
        out.append("]");
      }
      out.append(",\n     \"ops\": ").append(quote(String.join(" ", ops)));
      out.append(",\n     \"order\": ").append(orderOf(set));
      if (printClone) out.append(",\n     \"cloneOrder\": ").append(orderOf((HashSet<String>) set.clone()));
      return out.append("}").toString();
    }
  }

  static String quote(String s) {
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

  static List<String> sequential(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; ++i) out.add(prefix + String.format("%010d", i));
    return out;
  }

  static List<String> randomNames(long seed, int n) {
    Random random = new Random(seed);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
    List<String> out = new ArrayList<>();
    while (out.size() < n) {
      int len = 1 + random.nextInt(16);
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < len; ++i) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (!out.contains(s.toString())) out.add(s.toString());
    }
    return out;
  }

  // 2^bits strings of "Aa"/"BB" pairs: all share one hashCode ("Aa" and "BB" both hash to 2112).
  static List<String> colliding(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < count; ++i) {
      StringBuilder s = new StringBuilder();
      for (int bit = 0; bit < 4; ++bit) s.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      out.add(s.toString());
    }
    return out;
  }

  static List<String> everyNth(List<String> values, int n, int offset) {
    List<String> out = new ArrayList<>();
    for (int i = offset; i < values.size(); i += n) out.add(values.get(i));
    return out;
  }

  static List<String> of(String... values) {
    return List.of(values);
  }

  public static void main(String[] args) {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("sequential-30", null).sequence("lock-", 0, 30).insert(sequential("lock-", 0, 30)));
    cases.add(new Case("sequential-100", null).sequence("lock-", 0, 100).insert(sequential("lock-", 0, 100)));
    cases.add(new Case("sequential-1000", null).sequence("lock-", 0, 1000).insert(sequential("lock-", 0, 1000)));
    // ZooKeeper's DataNode keeps its children in new HashSet<>(8).
    cases.add(new Case("children-sequential-1000", 8).sequence("member_", 0, 1000).insert(sequential("member_", 0, 1000)));
    cases.add(new Case("children-sequential-from-negative", 8).sequence("q-", -20, 20).insert(sequential("q-", -20, 20)));
    cases.add(new Case("random-200", null).insert(randomNames(20240611L, 200)));
    cases.add(new Case("children-random-300", 8).insert(randomNames(7L, 300)));
    cases.add(new Case("non-ascii", 8).insert(of(
        "\u8282\u70b9", "\u9501-0000000001", "\u9501-0000000002", "\u5206\u533a", "caf\u00e9", "stra\u00dfe",
        "\ud83d\ude00", "a\ud83d\udd12b", "\ud83d\udd12-0000000000", "\ud841\udf0e", "\u00ff\u00fe", "\u0416\u0416",
        "plain", "\u4e2d\u6587\u540d\u5b57", "\u65e5\u672c\u8a9e", "\ud83c\udf89party", "z\u0301", "\u20ac100")));
    {
      List<String> first = sequential("n-", 0, 100);
      cases.add(new Case("insert-remove-insert", null).sequence("n-", 0, 150)
          .insert(first)
          .remove(everyNth(first, 3, 0))
          .insert(sequential("n-", 100, 150))
          .insert(everyNth(first, 6, 0)));
    }
    {
      List<String> names = of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
          "kappa", "lambda", "mu");
      // Six names fit 8 buckets (new HashSet<>(8), as a znode's children) and 16 (the default).
      List<String> six = names.subList(0, 6);
      cases.add(new Case("capacity-8-six", 8).insert(six));
      cases.add(new Case("capacity-16-six", 16).insert(six));
      cases.add(new Case("capacity-default-six", null).insert(six));
      cases.add(new Case("capacity-1-six", 1).insert(six));
      cases.add(new Case("capacity-0-six", 0).insert(six));
      cases.add(new Case("capacity-5-six", 5).insert(six));
      // The seventh name makes 8 buckets double.
      cases.add(new Case("capacity-8-twelve", 8).insert(names));
      cases.add(new Case("capacity-100", 100).insert(names));
    }
    {
      // A session that made 100 ephemerals and deleted most of them: its table stays at 256
      // buckets, getEphemerals' clone() is sized for 10.
      List<String> paths = sequential("/app/lock-", 0, 100);
      List<String> gone = new ArrayList<>(paths.subList(5, 95));
      Case c = new Case("clone-grown-then-shrunk", null).sequence("/app/lock-", 0, 100).insert(paths).remove(gone);
      c.printClone = true;
      cases.add(c);
    }
    {
      List<String> paths = sequential("/e/", 0, 7);
      Case c = new Case("clone-small", null).insert(paths);
      c.printClone = true;
      cases.add(c);
      Case one = new Case("clone-one", null).insert(of("/only"));
      one.printClone = true;
      cases.add(one);
      Case empty = new Case("clone-empty", null).insert(of("/x")).remove(of("/x"));
      empty.printClone = true;
      cases.add(empty);
    }
    {
      // Names sharing one hashCode land in bucket 9 of a table of 16, 32 or 64. "A" (bucket 1
      // in all three), "b" (2, 2, 34) and "r" (2, 18, 50) show which size the table has.
      // The ninth and the tenth colliding insert each double the table (a bin of 9 below 64
      // buckets resizes instead of becoming a tree), though 13 names alone would fit 16 buckets.
      cases.add(new Case("colliding-bin-resizes", 16)
          .insert(of("A", "b", "r"))
          .insert(colliding(10)));
      cases.add(new Case("colliding-bin-resizes-children", 8)
          .insert(of("A", "b"))
          .insert(colliding(9))
          .insert(of("r")));
      // The eleventh colliding insert finds 64 buckets and turns the bin into a red-black
      // tree, whose iteration order JavaHashSet does not emulate (expected to differ).
      cases.add(new Case("colliding-tree-bin", 16).insert(of("A", "b", "r")).insert(colliding(11)));
      // clone() is sized for 11 names (16 buckets) and so resizes again at the ninth.
      Case c = new Case("colliding-then-clone", 16).insert(colliding(9)).insert(of("p", "q"));
      c.printClone = true;
      cases.add(c);
    }

    Map<String, Integer> hashes = new java.util.LinkedHashMap<>();
    for (String s : of("", "a", "Aa", "BB", "polygenelubricants", "lock-0000000000", "\u0000", "\uffff",
        "\ud83d\ude00", "\u8282\u70b9", "/zookeeper/quota", "a-very-long-name-that-overflows-int-many-times-over")) {
      hashes.put(s, s.hashCode());
    }
    for (Case c : cases) {
      // Every name's hash shapes the orders above; a few per case are listed on their own.
      for (String s : c.names.subList(0, Math.min(c.names.size(), c.name.equals("non-ascii") ? 100 : 4))) {
        hashes.put(s, s.hashCode());
      }
    }

    StringBuilder out = new StringBuilder();
    out.append("{\n  \"generator\": \"JavaHashSetOrders.java on Java ")
        .append(System.getProperty("java.version")).append("\",\n  \"cases\": [\n");
    for (int i = 0; i < cases.size(); ++i) out.append(cases.get(i).toJson()).append(i + 1 < cases.size() ? ",\n" : "\n");
    out.append("  ],\n  \"hashCodes\": [\n");
    int n = 0;
    for (Map.Entry<String, Integer> e : hashes.entrySet()) {
      out.append("    [").append(quote(e.getKey())).append(", ").append(e.getValue()).append(']')
          .append(++n < hashes.size() ? ",\n" : "\n");
    }
    out.append("  ],\n  \"utf8Decoding\": [\n");
    String[] malformed = {"61", "c3a9", "e4b8ad", "f09f9880", "80", "ff41", "c0af", "c1bf", "c3", "c341",
        "e4b8", "e4b841", "e4b8ff", "e08080", "e0a080", "eda080", "edb080", "ef bfbd", "f09f98", "f09f9841",
        "f09f", "f0", "f08f8080", "f4908080", "f48f bfbf", "f5808080", "f8888080", "fe", "e4e4b8ad", "61e4"};
    for (int i = 0; i < malformed.length; ++i) {
      String hex = malformed[i].replace(" ", "");
      byte[] bytes = new byte[hex.length() / 2];
      for (int b = 0; b < bytes.length; ++b) bytes[b] = (byte) Integer.parseInt(hex.substring(2 * b, 2 * b + 2), 16);
      String decoded = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      StringBuilder units = new StringBuilder();
      for (char c : decoded.toCharArray()) units.append(units.length() == 0 ? "" : ",").append((int) c);
      out.append("    [\"").append(hex).append("\", [").append(units).append("], ").append(decoded.hashCode())
          .append(']').append(i + 1 < malformed.length ? ",\n" : "\n");
    }
    out.append("  ]\n}\n");
    System.out.print(out);
  }
}
