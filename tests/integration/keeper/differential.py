#!/usr/bin/python3
"""Differential test: the same client scripts against two ZooKeeper-protocol servers.

  differential.py --candidate build/bin/pier-keeper            # ZooKeeper 3.8 vs pier-keeper
  differential.py --candidate zookeeper                        # ZooKeeper vs itself (self-check)
  differential.py --candidate zookeeper --only create_modes --dump

Every scenario (scenarios.py) runs against a fresh reference server and a fresh
candidate server (started by zk_server.ServerProcess, in parallel), the two
transcripts are normalized (normalize()) and compared field by field. Any
difference is printed as: scenario, record number and what it is, field,
reference value, candidate value; the exit status is then 1.

Tolerances (--normalize-zxids, --sort-children) hide a class of differences from
the verdict but still list them under "tolerated".
"""

import argparse
import copy
import difflib
import json
import os
import re
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import zk_server          # noqa: E402
try:
    import scenarios      # noqa: E402  (needs kazoo)
    _IMPORT_ERROR = None
except ImportError as exc:
    scenarios, _IMPORT_ERROR = None, exc

ZXID_FIELDS = ("czxid", "mzxid", "pzxid", "zxid")
EXIT_SKIP = 77          # ctest SKIP_RETURN_CODE: no ZooKeeper / kazoo on this machine
SELF_TEST_PERTURBATIONS = ("drop:3", "bump", "rename")
TIME_SLACK_MS = 10000


# ============================================================ running
def run_one(spec, server_spec, label, keep_logs_dir=None):
    """Start a fresh server, run one scenario, stop the server. Returns a dict."""
    out = {"server": server_spec, "records": [], "sessions": [], "t0": 0, "t1": 0,
           "harness_errors": []}
    server = zk_server.make_server(server_spec, label, extended_types=spec.extended_types,
                                   jvm_props=spec.jvm_props, tick_time_ms=spec.tick_time_ms,
                                   four_letter_words=spec.four_lw)
    try:
        server.start(timeout_s=40.0)
    except Exception as exc:   # noqa: BLE001
        out["harness_errors"].append("server did not start: %s" % exc)
        return out
    rec = scenarios.Recorder(server.port)
    failure = []

    def body():
        try:
            spec.fn(rec)
        except Exception:   # noqa: BLE001
            failure.append(traceback.format_exc())

    t = threading.Thread(target=body, name="scenario-%s-%s" % (spec.name, label), daemon=True)
    t.start()
    t.join(spec.timeout_s)
    if t.is_alive():
        failure.append("scenario exceeded %.0fs" % spec.timeout_s)
        server.stop(kill=True)          # unblocks every pending call
        t.join(10.0)
    try:
        rec.close_all()
    except Exception:   # noqa: BLE001
        failure.append(traceback.format_exc())
    if server.proc is not None and server.proc.poll() is not None:
        failure.append("server exited with status %s during the scenario; log tail:\n%s"
                       % (server.proc.returncode, server.log_tail(15)))
    if keep_logs_dir and failure:
        os.makedirs(keep_logs_dir, exist_ok=True)
        try:
            with open(server.log_path, "rb") as src, open(
                    os.path.join(keep_logs_dir, "%s-%s.log" % (spec.name, label)), "wb") as dst:
                dst.write(src.read())
        except OSError:
            pass
    server.stop(kill=True)
    out.update(records=rec.records, sessions=rec.session_ids, t0=rec.t_start_ms,
               t1=rec.t_end_ms or int(time.time() * 1000), harness_errors=failure)
    return out


def run_pair(spec, ref_spec, cand_spec, serial, keep_logs_dir):
    results = {}

    def go(label, server_spec):
        results[label] = run_one(spec, server_spec, label, keep_logs_dir)

    if serial:
        go("reference", ref_spec)
        go("candidate", cand_spec)
    else:
        threads = [threading.Thread(target=go, args=(l, s), daemon=True)
                   for l, s in (("reference", ref_spec), ("candidate", cand_spec))]
        for th in threads:
            th.start()
        for th in threads:
            th.join(spec.timeout_s + 90.0)
    return results.get("reference"), results.get("candidate")


# ============================================================ normalization
def _walk(v, fn, key=None):
    """Rebuild v bottom-up, calling fn(key, leaf) on scalars."""
    if isinstance(v, dict):
        return {k: _walk(x, fn, k) for k, x in v.items()}
    if isinstance(v, list):
        return [_walk(x, fn, key) for x in v]
    return fn(key, v)


def _stats(v):
    if isinstance(v, dict):
        if "czxid" in v and "ctime" in v:
            yield v
        for x in v.values():
            yield from _stats(x)
    elif isinstance(v, list):
        for x in v:
            yield from _stats(x)


def normalize(tr, normalize_zxids=False, sort_children=False):
    """Replace what must differ between two servers; keep everything else as observed.

    * session ids -> s1, s2, ... in order of appearance (also inside ephemeralOwner
      and as 0x... hex in four-letter-word output);
    * ctime/mtime -> "t@czxid"/"t@mzxid" (the time of that transaction): equal
      times of one transaction stay equal; 0 stays 0; a time outside the run's
      wall-clock window, or two times for one zxid, stays visible;
    * optionally zxids -> z1, z2, ... by rank, and children lists sorted.
    """
    records = copy.deepcopy(tr["records"])
    smap = {sid: "s%d" % (i + 1) for i, sid in enumerate(tr["sessions"])}
    hexmap = {"0x%x" % sid: name for sid, name in smap.items()}
    hex_re = re.compile("|".join(re.escape(h) for h in sorted(hexmap, key=len, reverse=True))) \
        if hexmap else None

    def sess(key, v):
        if isinstance(v, int) and not isinstance(v, bool) and v in smap and key not in ZXID_FIELDS:
            return smap[v]
        if isinstance(v, str) and hex_re is not None:
            return hex_re.sub(lambda m: hexmap[m.group(0)], v)
        return v

    records = _walk(records, sess)

    # transaction times
    times = {}
    for st in _stats(records):
        for zk, tk in (("czxid", "ctime"), ("mzxid", "mtime")):
            times.setdefault(st[zk], set()).add(st[tk])
    lo, hi = tr["t0"] - TIME_SLACK_MS, tr["t1"] + TIME_SLACK_MS
    for st in _stats(records):
        for zk, tk in (("czxid", "ctime"), ("mzxid", "mtime")):
            t = st[tk]
            if t == 0:
                continue
            if not lo <= t <= hi:
                st[tk] = "out-of-window:%d" % t
            elif len(times[st[zk]]) > 1:
                st[tk] = "t@%s(inconsistent)" % zk
            else:
                st[tk] = "t@" + zk
    order = sorted((z, min(ts)) for z, ts in times.items() if z and min(ts) > 0)
    for (z1, t1), (z2, t2) in zip(order, order[1:]):
        if t2 < t1:
            records.append({"kind": "check", "problem": "time goes backwards",
                            "zxids": [z1, z2]})

    if normalize_zxids:
        zx = set()

        def collect(key, v):
            if key in ZXID_FIELDS and isinstance(v, int) and v > 0:
                zx.add(v)
            if isinstance(v, str):
                for m in re.finditer(r"Zxid: 0x([0-9a-f]+)", v):
                    zx.add(int(m.group(1), 16))
            return v
        _walk(records, collect)
        rank = {z: "z%d" % (i + 1) for i, z in enumerate(sorted(zx))}

        def zmap(key, v):
            if key in ZXID_FIELDS and isinstance(v, int) and v > 0:
                return rank[v]
            if isinstance(v, str) and "Zxid: 0x" in v:
                return re.sub(r"Zxid: 0x([0-9a-f]+)",
                              lambda m: "Zxid: " + rank[int(m.group(1), 16)], v)
            return v
        records = _walk(records, zmap)

    if sort_children:
        def sort_lists(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k in ("children", "ephemerals") and isinstance(x, list):
                        v[k] = sorted(x, key=str)
                    else:
                        sort_lists(x)
            elif isinstance(v, list):
                for x in v:
                    sort_lists(x)
        sort_lists(records)
    return records


# ============================================================ diff
def record_key(r):
    return "|".join(str(r.get(k, "")) for k in ("kind", "c", "op", "w", "word", "text"))


def describe(r):
    parts = [r.get("kind", "?")]
    for k in ("c", "op", "word", "w", "type", "path", "text"):
        if k in r:
            parts.append(str(r[k]))
    if "args" in r:
        parts.append(json.dumps(r["args"], ensure_ascii=False)[:80])
    return " ".join(parts)


def flatten(v, prefix=""):
    out = {}
    if isinstance(v, dict):
        for k, x in v.items():
            out.update(flatten(x, "%s.%s" % (prefix, k) if prefix else k))
        if not v:
            out[prefix] = {}
    elif isinstance(v, list):
        out[prefix + ".len"] = len(v)
        for i, x in enumerate(v):
            out.update(flatten(x, "%s[%d]" % (prefix, i)))
    else:
        out[prefix] = v
    return out


def diff_records(ra, rb):
    """Yield (index_a, index_b, description, field, value_a, value_b)."""
    ka, kb = [record_key(r) for r in ra], [record_key(r) for r in rb]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    missing = object()
    for tag, a0, a1, b0, b1 in sm.get_opcodes():
        pairs = []
        if tag in ("equal", "replace"):
            pairs = list(zip(range(a0, a1), range(b0, b1)))
        for i, j in pairs:
            fa, fb = flatten(ra[i]), flatten(rb[j])
            for f in sorted(set(fa) | set(fb)):
                va, vb = fa.get(f, missing), fb.get(f, missing)
                if va != vb:
                    yield (i, j, describe(ra[i]), f,
                           "<absent>" if va is missing else va,
                           "<absent>" if vb is missing else vb)
        na, nb = a1 - a0, b1 - b0
        if tag in ("delete", "replace") and na > nb:
            for i in range(a0 + nb, a1):
                yield (i, None, describe(ra[i]), "<record>", "present", "<missing>")
        if tag in ("insert", "replace") and nb > na:
            for j in range(b0 + na, b1):
                yield (None, j, describe(rb[j]), "<record>", "<missing>", "present")


def perturb(records, how):
    """Deliberate damage to a raw candidate transcript, to prove the diff can fail."""
    records = copy.deepcopy(records)
    if how.startswith("drop:"):
        k = int(how.split(":", 1)[1])
        if 0 <= k < len(records):
            del records[k]
    elif how == "bump":
        for r in records:
            st = next(iter(_stats(r)), None)
            if st is not None:
                st["version"] += 1
                break
    elif how == "rename":
        for r in records:
            if isinstance(r.get("result"), str) and r["result"].startswith("/"):
                r["result"] += "0"
                break
            for f in r.get("frames", []):
                if isinstance(f, dict) and isinstance(f.get("path"), str):
                    f["path"] += "0"
                    return records
    elif how == "shift-zxids":          # same order, other values: --normalize-zxids tolerates
        records = _walk(records, lambda k, v: v + 1000 if k in ZXID_FIELDS and
                        isinstance(v, int) and v > 0 else v)
    elif how == "reverse-children":     # --sort-children tolerates
        def rev(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k == "children" and isinstance(x, list) and len(x) > 1:
                        v[k] = x[::-1]
                    else:
                        rev(x)
            elif isinstance(v, list):
                for x in v:
                    rev(x)
        rev(records)
    else:
        raise ValueError("unknown perturbation %r" % how)
    return records


def prerequisites_missing(specs):
    """Why this machine cannot run the harness against `specs`, or None."""
    if "zookeeper" in specs:
        for f in (zk_server.JAVA, zk_server.ZK_CLASSPATH[0]):
            if not os.path.exists(f):
                return "%s not found (Debian packages zookeeper, default-jre-headless)" % f
    return None


def short(v):
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    return s if len(s) <= 70 else s[:67] + "..."


# ============================================================ verdict
def compare(ref, cand, tol):
    """-> (failing diffs, tolerated diffs, normalized ref, normalized cand)."""
    na, nb = normalize(ref, **tol), normalize(cand, **tol)
    diffs = list(diff_records(na, nb))
    if not any(tol.values()):
        return diffs, [], na, nb
    fails = {(d[0], d[1], d[3]) for d in diffs}
    strict = diff_records(normalize(ref), normalize(cand))
    return diffs, [d for d in strict if (d[0], d[1], d[3]) not in fails], na, nb


def report(name, seconds, n_records, diffs, tolerated, harness_errors, max_report):
    verdict = "ok" if not diffs and not harness_errors else \
        "DIFFERENT" if diffs else "HARNESS ERROR"
    print("%-28s %-13s %3d records  %5.1fs%s" % (
        name, verdict, n_records, seconds,
        ("  (%d tolerated)" % len(tolerated)) if tolerated else ""))
    for who, e in harness_errors:
        print("    [%s] %s" % (who, e.strip().replace("\n", "\n      ")))
    for i, j, desc, field, va, vb in diffs[:max_report]:
        print("    #%s/%s %s\n        %s: reference=%s candidate=%s" % (
            "-" if i is None else i, "-" if j is None else j, desc, field, short(va), short(vb)))
    if len(diffs) > max_report:
        print("    ... %d more differences" % (len(diffs) - max_report))
    for i, j, desc, field, va, vb in tolerated[:10]:
        print("    tolerated #%s/%s %s\n        %s: reference=%s candidate=%s" % (
            i, j, desc, field, short(va), short(vb)))


def self_test(name, ref, cand, tol):
    """Each perturbation of the candidate transcript must be reported."""
    failed = []
    for how in SELF_TEST_PERTURBATIONS:
        damaged = dict(cand, records=perturb(cand["records"], how))
        caught = len(compare(ref, damaged, tol)[0])
        print("    self-test perturbation %-8s -> %d difference(s) reported%s" % (
            how, caught, "" if caught else "  <-- NOT DETECTED"))
        if not caught:
            failed.append("%s(self-test %s)" % (name, how))
    return failed


# ============================================================ main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", default="zookeeper",
                    help="'zookeeper' (Debian ZooKeeper 3.8) or a server binary taking zoo.cfg")
    ap.add_argument("--candidate", required=True,
                    help="path to pier-keeper, or 'zookeeper' for a self-check")
    ap.add_argument("--only", action="append", help="run just this scenario (repeatable)")
    ap.add_argument("--list", action="store_true", help="list scenarios and exit")
    ap.add_argument("--dump", action="store_true", help="print both normalized transcripts")
    ap.add_argument("--save", metavar="DIR", help="write raw+normalized transcripts as JSON")
    ap.add_argument("--keep-logs", metavar="DIR", help="copy server logs of failed runs here")
    ap.add_argument("--normalize-zxids", action="store_true",
                    help="compare zxids by rank; raw zxid differences listed as tolerated")
    ap.add_argument("--sort-children", action="store_true",
                    help="compare children lists sorted; order differences listed as tolerated")
    ap.add_argument("--perturb", metavar="HOW",
                    help="damage the candidate transcript after normalization: drop:N | bump | "
                    "rename | shift-zxids | reverse-children (to see the report fail)")
    ap.add_argument("--self-test", action="store_true",
                    help="also require every perturbation (%s) to be reported"
                    % ", ".join(SELF_TEST_PERTURBATIONS))
    ap.add_argument("--serial", action="store_true", help="run reference and candidate one "
                    "after the other instead of in parallel")
    ap.add_argument("--max-report", type=int, default=40, help="differences shown per scenario")
    args = ap.parse_args(argv)
    if scenarios is None:
        print("SKIP: %s cannot import the scenarios (%s); run with /usr/bin/python3, which has "
              "Debian's python3-kazoo" % (sys.executable, _IMPORT_ERROR))
        return EXIT_SKIP

    if args.list:
        for name, spec in scenarios.SCENARIOS.items():
            print(name + ("  (extended types)" if spec.extended_types else ""))
        return 0
    names = args.only or list(scenarios.SCENARIOS)
    unknown = [n for n in names if n not in scenarios.SCENARIOS]
    if unknown:
        print("unknown scenario(s): %s" % ", ".join(unknown), file=sys.stderr)
        return 2
    if args.candidate != "zookeeper" and not os.access(args.candidate, os.X_OK):
        print("candidate %s is not an executable" % args.candidate, file=sys.stderr)
        return 2
    missing = prerequisites_missing((args.reference, args.candidate))
    if missing:
        print("SKIP: " + missing)
        return EXIT_SKIP

    t_all = time.monotonic()
    failed, tolerated_total = [], 0
    for name in names:
        spec = scenarios.SCENARIOS[name]
        t0 = time.monotonic()
        ref, cand = run_pair(spec, args.reference, args.candidate, args.serial, args.keep_logs)
        if ref is None or cand is None:
            print("%-28s HARNESS ERROR: a run did not finish" % name)
            failed.append(name)
            continue
        tol = dict(normalize_zxids=args.normalize_zxids, sort_children=args.sort_children)
        if args.perturb:
            cand = dict(cand, records=perturb(cand["records"], args.perturb))
        diffs, tolerated, na, nb = compare(ref, cand, tol)
        tolerated_total += len(tolerated)
        herr = [("reference", e) for e in ref["harness_errors"]] + \
               [("candidate", e) for e in cand["harness_errors"]]
        report(name, time.monotonic() - t0, len(na), diffs, tolerated, herr, args.max_report)
        if diffs or herr:
            failed.append(name)
        if args.self_test:
            failed += self_test(name, ref, cand, tol)
        if args.dump:
            for label, recs in (("reference", na), ("candidate", nb)):
                print("  --- %s %s" % (name, label))
                for k, r in enumerate(recs):
                    print("  %3d %s" % (k, json.dumps(r, ensure_ascii=False, sort_keys=True)))
        if args.save:
            os.makedirs(args.save, exist_ok=True)
            with open(os.path.join(args.save, name + ".json"), "w") as f:
                json.dump({"reference": ref, "candidate": cand,
                           "normalized": {"reference": na, "candidate": nb}}, f, indent=1,
                          ensure_ascii=False, sort_keys=True)
    print("%d scenario(s), %d different, %.1fs%s" % (
        len(names), len(failed), time.monotonic() - t_all,
        (", %d tolerated differences" % tolerated_total) if tolerated_total else ""))
    if failed:
        print("FAILED: " + " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
