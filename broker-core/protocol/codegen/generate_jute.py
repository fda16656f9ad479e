#!/usr/bin/env python3
"""Generates Pier's ZooKeeper record codecs from ZooKeeper's jute definition file.

Usage: generate_jute.py --jute <zookeeper.jute> --out <dir>

Writes into <out>, one pair per jute module (named after the module's last segment):
  jute_<module>.h / jute_<module>.cpp   one struct per class: encode/decode/debug, operator==
  jute_records.h                         PIER_JUTE_FOR_EACH_RECORD(X): every record type, for tests
  testing/jute_random.h/.cpp             randomize(T&, Prng&) per record, compiled only by tests

Jute types map to C++ as: int -> int32_t, long -> int64_t, boolean -> bool,
ustring -> std::string (a null string, length -1, decodes as empty), buffer ->
std::optional<std::string> (null kept: ZooKeeper distinguishes null data from empty data),
vector<T> -> std::vector<T> (a null vector decodes as empty), class -> the struct.
Output is deterministic. Any construct the generator does not know stops it with a non-zero
exit naming the line. Python 3 standard library only.
"""
import argparse
import os
import re
import sys

PRIMITIVES = {
    "int": ("int32_t", "Int"),
    "long": ("int64_t", "Long"),
    "boolean": ("bool", "Bool"),
    "ustring": ("std::string", "Ustring"),
    "buffer": ("std::optional<std::string>", "Buffer"),
}
CPP_KEYWORDS = {"auto", "bool", "class", "default", "delete", "int", "long", "namespace", "new",
                "operator", "private", "public", "template", "this", "union"}


class JuteError(Exception):
    pass


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def tokenize(text):
    tokens = []
    for lineno, line in enumerate(text.split("\n"), 1):
        for tok in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*|[{}<>;]|\S", line):
            tokens.append((tok, lineno))
    return tokens


class Parser:
    def __init__(self, tokens):
        self.t = tokens
        self.i = 0

    def peek(self):
        return self.t[self.i][0] if self.i < len(self.t) else None

    def take(self, expected=None):
        if self.i >= len(self.t):
            last = self.t[-1][1] if self.t else 1
            raise JuteError(f"line {last}: unexpected end of file")
        tok, line = self.t[self.i]
        if expected is not None and tok != expected:
            raise JuteError(f"line {line}: expected '{expected}', found '{tok}'")
        self.i += 1
        return tok

    def line(self):
        return self.t[self.i][1] if self.i < len(self.t) else -1

    def parse(self):
        modules = []
        while self.peek() is not None:
            self.take("module")
            name = self.take()
            self.take("{")
            classes = []
            while self.peek() != "}":
                classes.append(self.parse_class(name))
            self.take("}")
            modules.append((name, classes))
        return modules

    def parse_class(self, module):
        self.take("class")
        class_line = self.line()
        name = self.take()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise JuteError(f"line {class_line}: bad class name '{name}'")
        self.take("{")
        fields = []
        field_lines = []
        while self.peek() != "}":
            line = self.line()
            ftype = self.parse_type(module)
            fname = self.take()
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", fname):
                raise JuteError(f"line {line}: bad field name '{fname}'")
            if fname in {f for _, f in fields}:
                raise JuteError(f"line {line}: duplicate field '{fname}' in class {name}")
            self.take(";")
            fields.append((ftype, fname))
            field_lines.append(line)
        self.take("}")
        return {"module": module, "name": name, "fields": fields, "line": class_line,
                "field_lines": field_lines}

    def parse_type(self, module):
        line = self.line()
        tok = self.take()
        if tok == "vector":
            self.take("<")
            inner = self.parse_type(module)
            self.take(">")
            return ("vector", inner)
        if tok in PRIMITIVES:
            return ("prim", tok)
        if "." in tok:
            return ("class", tok)
        if re.fullmatch(r"[A-Z][A-Za-z0-9_]*", tok):  # a class of the same module
            return ("class", f"{module}.{tok}")
        raise JuteError(f"line {line}: unknown type '{tok}'")


def short_module(module):
    return module.split(".")[-1]


def member(name):
    return name + "_" if name in CPP_KEYWORDS else name


class Gen:
    def __init__(self, modules):
        self.modules = modules
        self.classes = {}
        for mname, classes in modules:
            for c in classes:
                full = f"{mname}.{c['name']}"
                if c["name"] in {x["name"] for x in self.classes.values()}:
                    raise JuteError(f"line {c['line']}: class name {c['name']} is not unique "
                                    "across modules")
                self.classes[full] = c

    def check(self):
        """Resolves every field type; errors name the field's line."""
        order = list(self.classes)
        for full, c in self.classes.items():
            for (ft, fname), line in zip(c["fields"], c["field_lines"]):
                self.resolve(ft, f"line {line}: field {c['name']}.{fname}", order.index(full))

    def resolve(self, ftype, where, position):
        kind, arg = ftype
        if kind == "class" and arg not in self.classes:
            raise JuteError(f"{where}: unknown type '{arg}'")
        if kind == "class" and list(self.classes).index(arg) >= position:
            # Structs are emitted in file order, so a member's type must come first (this also
            # rules out recursive records and include cycles between modules).
            raise JuteError(f"{where}: class {arg} is used before it is defined")
        if kind == "vector":
            if arg[0] == "class" and arg[1] in self.classes and not self.classes[arg[1]]["fields"]:
                # Elements of zero bytes: a hostile count could not be bounded by the input.
                raise JuteError(f"{where}: vector of {arg[1]}, a class without fields")
            self.resolve(arg, where, position)

    def cpp_type(self, ftype):
        kind, arg = ftype
        if kind == "prim":
            return PRIMITIVES[arg][0]
        if kind == "class":
            return self.classes[arg]["name"]
        return f"std::vector<{self.cpp_type(arg)}>"

    def deps(self, cls):
        out = set()

        def walk(ft):
            if ft[0] == "class":
                out.add(self.classes[ft[1]]["module"])
            elif ft[0] == "vector":
                walk(ft[1])
        for ft, _ in cls["fields"]:
            walk(ft)
        return out

    # ---- code for one field -----------------------------------------------------------------
    def encode_lines(self, ftype, expr, depth=0):
        kind, arg = ftype
        if kind == "prim":
            return [f"jute::write{PRIMITIVES[arg][1]}(w, {expr});"]
        if kind == "class":
            return [f"{expr}.encode(w);"]
        var = f"e{depth}"
        inner = self.encode_lines(arg, var, depth + 1)
        return [f"w.writeInt32(static_cast<int32_t>({expr}.size()));",
                f"for (const auto& {var} : {expr}) {{"] + ["  " + l for l in inner] + ["}"]

    def decode_lines(self, ftype, target, ctx, depth=0):
        kind, arg = ftype
        if kind == "prim":
            return [f"PIER_JUTE_TRY(jute::read{PRIMITIVES[arg][1]}(r, {target}), \"{ctx}\");"]
        if kind == "class":
            return [f"PIER_JUTE_TRY({target}.decodeFrom(r), \"{ctx}\");"]
        n = f"n{depth}"
        var = f"e{depth}"
        inner = self.decode_lines(arg, var, ctx, depth + 1)
        return [f"int32_t {n} = 0;",
                f"PIER_JUTE_TRY(jute::readVectorCount(r, {n}, {self.min_size(arg)}), \"{ctx}\");",
                f"{target}.clear();",
                f"{target}.reserve(static_cast<std::size_t>({n}));",
                f"for (int32_t i{depth} = 0; i{depth} < {n}; ++i{depth}) {{",
                f"  {self.cpp_type(arg)} {var}{{}};"] + ["  " + l for l in inner] + \
               [f"  {target}.push_back(std::move({var}));", "}"]

    def min_size(self, ftype):
        kind, arg = ftype
        if kind == "prim":
            return {"int": 4, "long": 8, "boolean": 1, "ustring": 4, "buffer": 4}[arg]
        if kind == "vector":
            return 4
        return max(1, sum(self.min_size(f) for f, _ in self.classes[arg]["fields"]))

    def debug_lines(self, ftype, expr, depth=0):
        kind, arg = ftype
        if kind == "prim":
            return [f"jute::appendDebug(out, {expr});"]
        if kind == "class":
            return [f"{expr}.appendDebug(out);"]
        var = f"e{depth}"
        return ["out += '[';",
                f"for (std::size_t i{depth} = 0; i{depth} < {expr}.size(); ++i{depth}) {{",
                f"  if (i{depth} != 0) out += ' ';",
                f"  const auto& {var} = {expr}[i{depth}];"] + \
               ["  " + l for l in self.debug_lines(arg, var, depth + 1)] + ["}", "out += ']';"]

    def random_lines(self, ftype, target, depth=0):
        kind, arg = ftype
        if kind == "prim":
            return [f"{target} = random{PRIMITIVES[arg][1]}(prng);"]
        if kind == "class":
            return [f"randomize({target}, prng);"]
        var = f"e{depth}"
        return [f"{target}.resize(static_cast<std::size_t>(prng.below(4)));",
                f"for (auto& {var} : {target}) {{"] + \
               ["  " + l for l in self.random_lines(arg, var, depth + 1)] + ["}"]

    # ---- files ------------------------------------------------------------------------------
    def header(self, mname, classes):
        short = short_module(mname)
        deps = sorted({d for c in classes for d in self.deps(c)} - {mname})
        out = ["#pragma once",
               "// Generated by broker-core/protocol/codegen/generate_jute.py. Do not edit.",
               f"// Records of the jute module {mname}.", "",
               "#include <cstdint>", "#include <optional>", "#include <string>",
               "#include <string_view>", "#include <vector>", "",
               '#include "base/byte_reader.h"', '#include "base/byte_writer.h"',
               '#include "base/result.h"', '#include "base/status.h"']
        out += [f'#include "protocol/zookeeper/generated/jute_{short_module(d)}.h"' for d in deps]
        out += ["", "namespace pier::protocol::zookeeper {", ""]
        for c in classes:
            out.append(f"struct {c['name']} {{")
            out.append(f"  static constexpr std::string_view kName = \"{c['name']}\";")
            for ft, fname in c["fields"]:
                init = "{}" if ft[0] != "prim" or ft[1] in ("ustring", "buffer") else \
                    (" = false" if ft[1] == "boolean" else " = 0")
                init = "" if init == "{}" else init
                out.append(f"  {self.cpp_type(ft)} {member(fname)}{init};")
            out += ["",
                    "  void encode(Writer& w) const;",
                    "  // Never crashes on any input; leaves bytes after the record unread.",
                    f"  static Result<{c['name']}> decode(Reader& r);",
                    "  Status decodeFrom(Reader& r);",
                    "  void appendDebug(std::string& out) const;",
                    "  std::string debugString() const;",
                    f"  friend bool operator==(const {c['name']}&, const {c['name']}&) = default;",
                    "};", ""]
        out += ["}  // namespace pier::protocol::zookeeper", ""]
        return "\n".join(out)

    def source(self, mname, classes):
        short = short_module(mname)
        out = ["// Generated by broker-core/protocol/codegen/generate_jute.py. Do not edit.",
               f'#include "protocol/zookeeper/generated/jute_{short}.h"', "",
               "#include <utility>", "",
               '#include "protocol/zookeeper/jute_wire.h"', "",
               "namespace pier::protocol::zookeeper {", ""]
        for c in classes:
            n = c["name"]
            out.append(f"void {n}::encode(Writer& w) const {{")
            if not c["fields"]:
                out.append("  (void)w;")
            for ft, fname in c["fields"]:
                out += ["  " + l for l in self.encode_lines(ft, member(fname))]
            out += ["}", ""]
            out += [f"Result<{n}> {n}::decode(Reader& r) {{", f"  {n} out;",
                    "  if (Status s = out.decodeFrom(r); !s.isOk()) return s;",
                    "  return out;", "}", ""]
            out.append(f"Status {n}::decodeFrom(Reader& r) {{")
            if not c["fields"]:
                out.append("  (void)r;")
            for ft, fname in c["fields"]:
                lines = self.decode_lines(ft, member(fname), f"{n}.{fname}")
                if ft[0] == "vector":
                    out += ["  {"] + ["    " + l for l in lines] + ["  }"]
                else:
                    out += ["  " + l for l in lines]
            out += ["  return Status();", "}", ""]
            out.append(f"void {n}::appendDebug(std::string& out) const {{")
            out.append("  out += '{';")
            for idx, (ft, fname) in enumerate(c["fields"]):
                sep = " " if idx else ""
                out.append(f"  out += \"{sep}{fname}=\";")
                out += ["  " + l for l in self.debug_lines(ft, member(fname))]
            out += ["  out += '}';", "}", ""]
            out += [f"std::string {n}::debugString() const {{", f"  std::string out = \"{n}\";",
                    "  appendDebug(out);", "  return out;", "}", ""]
        out += ["}  // namespace pier::protocol::zookeeper", ""]
        return "\n".join(out)

    def records_header(self):
        out = ["#pragma once",
               "// Generated by broker-core/protocol/codegen/generate_jute.py. Do not edit.",
               "// Every jute record, for tests that must cover all of them.", ""]
        out += [f'#include "protocol/zookeeper/generated/jute_{short_module(m)}.h"'
                for m, _ in self.modules]
        names = [c["name"] for _, cs in self.modules for c in cs]
        out += ["", "#define PIER_JUTE_FOR_EACH_RECORD(X) \\"]
        out += [f"  X({n}){' ' if i + 1 < len(names) else ''}{chr(92) if i + 1 < len(names) else ''}"
                for i, n in enumerate(names)]
        out.append("")
        return "\n".join(out)

    def random_files(self):
        names = [c for _, cs in self.modules for c in cs]
        h = ["#pragma once",
             "// Generated by broker-core/protocol/codegen/generate_jute.py. Do not edit.",
             "// Random values of every jute record (tests only).", "",
             '#include "base/prng.h"', '#include "protocol/zookeeper/generated/jute_records.h"', "",
             "namespace pier::protocol::zookeeper::testing {", ""]
        h += [f"void randomize({c['name']}& v, Prng& prng);" for c in names]
        h += ["", "}  // namespace pier::protocol::zookeeper::testing", ""]
        s = ["// Generated by broker-core/protocol/codegen/generate_jute.py. Do not edit.",
             '#include "protocol/zookeeper/generated/testing/jute_random.h"', "",
             "namespace pier::protocol::zookeeper::testing {", "", "namespace {", "",
             "int32_t randomInt(Prng& prng) { return static_cast<int32_t>(prng.next()); }",
             "int64_t randomLong(Prng& prng) { return static_cast<int64_t>(prng.next()); }",
             "bool randomBool(Prng& prng) { return prng.chance(1, 2); }",
             "std::string randomUstring(Prng& prng) {",
             "  std::string s(static_cast<std::size_t>(prng.below(12)), 'a');",
             "  for (char& c : s) c = static_cast<char>('a' + prng.below(26));",
             "  return s;", "}",
             "std::optional<std::string> randomBuffer(Prng& prng) {",
             "  if (prng.chance(1, 5)) return std::nullopt;",
             "  std::vector<uint8_t> b = prng.bytes(static_cast<std::size_t>(prng.below(16)));",
             "  return std::string(b.begin(), b.end());", "}", "", "}  // namespace", ""]
        for c in names:
            s.append(f"void randomize({c['name']}& v, Prng& prng) {{")
            if not c["fields"]:
                s += ["  (void)v;", "  (void)prng;"]
            for ft, fname in c["fields"]:
                s += ["  " + l for l in self.random_lines(ft, "v." + member(fname))]
            s += ["}", ""]
        s += ["}  // namespace pier::protocol::zookeeper::testing", ""]
        return "\n".join(h), "\n".join(s)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jute", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        with open(args.jute, encoding="utf-8") as f:
            modules = Parser(tokenize(strip_comments(f.read()))).parse()
        gen = Gen(modules)
        gen.check()
    except JuteError as e:
        print(f"generate_jute: {args.jute}: {e}", file=sys.stderr)
        return 1
    for mname, classes in modules:
        short = short_module(mname)
        write(os.path.join(args.out, f"jute_{short}.h"), gen.header(mname, classes))
        write(os.path.join(args.out, f"jute_{short}.cpp"), gen.source(mname, classes))
    write(os.path.join(args.out, "jute_records.h"), gen.records_header())
    h, s = gen.random_files()
    write(os.path.join(args.out, "testing", "jute_random.h"), h)
    write(os.path.join(args.out, "testing", "jute_random.cpp"), s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
