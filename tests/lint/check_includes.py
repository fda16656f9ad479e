#!/usr/bin/env python3
"""Checks Pier's module rules (DESIGN.md, "Module dependency table") on the source tree.

- every #include "x/..." in broker-core/ names a module the including module may use;
- no Qt anywhere under broker-core/; asio only in runtime/asio; spdlog only in base;
- no clock or random source read outside broker-core/runtime/ (time comes from Clock,
  randomness from a seeded Prng);
- files named *_fsm.* use only base, model and protocol;
- widgets/ includes no broker-core; app/ includes only broker-core's client/ and node/.

Usage: check_includes.py --root <repo>   (exit 1 and one line per violation)
"""
import argparse
import os
import re
import sys

# Module -> modules it may include (besides itself). Mirrors DESIGN.md; a folder missing here
# is an error, so a new module cannot land without deciding its place in the table.
FSM_DEPS = {"base", "model", "protocol"}
SERVICE_DEPS = {"base", "model", "protocol", "runtime", "storage", "client",
                "replication", "coordination", "controller", "group"}
ALLOWED = {
    "base": set(),
    "model": {"base"},
    "runtime": {"base"},
    "runtime/posix": {"base", "runtime"},
    "runtime/asio": {"base", "runtime", "runtime/posix"},
    "protocol": {"base", "model"},
    # DESIGN.md's architecture line puts storage above protocol (base < model < protocol <
    # {storage, *_fsm}): the log validates and indexes record batches, so it reads their headers.
    "storage": {"base", "model", "runtime", "protocol"},
    "replication": SERVICE_DEPS,
    "coordination": SERVICE_DEPS,
    "controller": SERVICE_DEPS,
    "group": SERVICE_DEPS,
    "client": {"base", "model", "protocol", "runtime"},
    "broker": SERVICE_DEPS,
    "keeper": SERVICE_DEPS,
    "node": SERVICE_DEPS | {"broker", "keeper", "runtime/posix", "runtime/asio"},
    "daemon": SERVICE_DEPS | {"broker", "keeper", "node", "runtime/posix", "runtime/asio"},
    "sim": {"base", "model", "protocol", "runtime", "node", "client"},
}
SUBMODULES = {"runtime/posix", "runtime/asio"}

# Third-party headers with a restricted home: pattern -> modules allowed to include it.
THIRD_PARTY = [
    (re.compile(r"^(Q[A-Za-z]+|Qt[A-Za-z]*/.*|q[a-z]+\.h)$"), set(), "Qt"),
    (re.compile(r"^asio(\.hpp|/.*)$"), {"runtime/asio"}, "asio"),
    (re.compile(r"^spdlog/"), {"base"}, "spdlog"),
    (re.compile(r"^librdkafka/"), set(), "librdkafka"),
]

# Clock and randomness sources, allowed only under runtime/.
TIME_AND_RANDOM = [
    (re.compile(r"\b(steady_clock|system_clock|high_resolution_clock|file_clock|utc_clock)\b"),
     "reads a clock"),
    (re.compile(r"\b(gettimeofday|clock_gettime|localtime|gmtime)\s*\("), "reads a clock"),
    (re.compile(r"(?<![\w.>:])time\s*\(\s*(nullptr|NULL|0)?\s*\)"), "reads a clock"),
    (re.compile(r"(?<![\w.>:])(s?rand|random|drand48)\s*\("), "uses a global random source"),
    (re.compile(r"\b(random_device|mt19937(_64)?|default_random_engine)\b"),
     "uses a random source other than Prng"),
]
BANNED_HEADERS_OUTSIDE_RUNTIME = {"random", "ctime", "time.h", "sys/time.h"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_EXT = (".h", ".hpp", ".cpp", ".cc")


def strip_comments_and_strings(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def module_of(rel):
    """broker-core-relative path -> module name, or None for top-level files."""
    parts = rel.split("/")
    if len(parts) < 2:
        return None
    two = "/".join(parts[:2])
    return two if two in SUBMODULES else parts[0]


def check_core_file(path, rel, problems):
    module = module_of(rel)
    if module not in ALLOWED:
        problems.append(f"{path}: module '{module}' is not in the module table")
        return
    is_fsm = "_fsm" in os.path.basename(rel)
    allowed = (FSM_DEPS if is_fsm else ALLOWED[module]) | {module}
    in_runtime = module == "runtime" or module in SUBMODULES
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, target = m.groups()
        where = f"{path}:{lineno}"
        if kind == '"':
            target_module = module_of(target)
            if target_module is None or target_module in allowed:
                continue
            if target_module in ALLOWED:
                what = "an fsm" if is_fsm else f"module '{module}'"
                problems.append(f"{where}: {what} may not include \"{target}\" ({target_module})")
            continue
        for pattern, homes, name in THIRD_PARTY:
            if pattern.match(target) and module not in homes:
                problems.append(f"{where}: {name} header <{target}> is not allowed in {module}")
        if target in BANNED_HEADERS_OUTSIDE_RUNTIME and not in_runtime:
            problems.append(f"{where}: <{target}> outside runtime/ (use Clock or Prng)")
    if in_runtime:
        return
    code = strip_comments_and_strings(text)
    for lineno, line in enumerate(code.splitlines(), 1):
        for pattern, why in TIME_AND_RANDOM:
            if pattern.search(line):
                problems.append(f"{path}:{lineno}: {why} outside runtime/ "
                                f"(take a Clock or a Prng instead)")


def check_gui_file(path, area, problems):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for lineno, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m or m.group(1) != '"':
            continue
        target_module = module_of(m.group(2))
        if target_module not in ALLOWED:
            continue
        if area == "widgets" or target_module not in {"client", "node"}:
            allowed = "no broker-core" if area == "widgets" else "only broker-core client/ and node/"
            problems.append(f"{path}:{lineno}: {area}/ may include {allowed}: \"{m.group(2)}\"")


def source_files(top):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(SOURCE_EXT):
                yield os.path.join(dirpath, name)


def check_tree(root):
    problems = []
    core = os.path.join(root, "broker-core")
    for path in source_files(core):
        check_core_file(path, os.path.relpath(path, core).replace(os.sep, "/"), problems)
    for area in ("widgets", "app"):
        for path in source_files(os.path.join(root, area)):
            check_gui_file(path, area, problems)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.root, "broker-core")):
        print(f"check_includes: no broker-core/ under {args.root}", file=sys.stderr)
        return 2
    problems = check_tree(args.root)
    for p in problems:
        print(p)
    print(f"check_includes: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
