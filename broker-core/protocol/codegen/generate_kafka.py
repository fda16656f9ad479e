#!/usr/bin/env python3
"""Generates Pier's Kafka message codecs from Apache Kafka's JSON message specs.

Usage: generate_kafka.py --spec-dir <dir> --out <dir>

Reads <spec-dir>/*.json and <spec-dir>/internal/*.json (when present) and writes into <out>:
  <message>.h / <message>.cpp   one struct per message with nested structs, encode/decode/debug
  api_table.h                   constexpr table of every API (key, name, versions, flexible-from)
  testing/                      random-value round-trip cases, compiled only by the tests

Output is deterministic (sorted, no timestamps, no spec prose). Any unknown key, type or
attribute stops the generator with a non-zero exit naming the file and field.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys

TEST_SHARDS = 4

TOP_KEYS = {"type", "name", "validVersions", "flexibleVersions", "fields", "apiKey", "listeners",
            "deprecatedVersions", "commonStructs", "latestVersionUnstable"}
STRUCT_KEYS = {"name", "versions", "fields"}
FIELD_KEYS = {"name", "type", "versions", "about", "fields", "entityType", "default", "ignorable",
              "nullableVersions", "mapKey", "tag", "taggedVersions", "zeroCopy", "flexibleVersions"}
MESSAGE_TYPES = {"request", "response", "header", "data"}
LISTENERS = {"zkBroker", "broker", "controller"}
ENTITY_TYPES = {"topicName", "brokerId", "groupId", "producerId", "transactionalId", "unknown"}
# entityType -> (required wire type, C++ strong id); the others stay plain.
STRONG_IDS = {"brokerId": ("int32", "pier::NodeId"), "producerId": ("int64", "pier::ProducerId")}

INT_TYPES = {"int8": ("int8_t", 8, True), "int16": ("int16_t", 16, True),
             "uint16": ("uint16_t", 16, False), "int32": ("int32_t", 32, True),
             "int64": ("int64_t", 64, True)}
PRIMITIVES = set(INT_TYPES) | {"bool", "float64", "string", "bytes", "uuid", "records"}
NULLABLE_KINDS = {"string", "bytes", "records", "array", "struct"}

CPP_KEYWORDS = {"alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch",
                "char", "class", "const", "continue", "default", "delete", "do", "double", "else",
                "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
                "if", "inline", "int", "long", "mutable", "namespace", "new", "not", "operator",
                "or", "private", "protected", "public", "register", "return", "short", "signed",
                "sizeof", "static", "struct", "switch", "template", "this", "throw", "true", "try",
                "typedef", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
                "while", "xor", "version", "out", "w", "r", "flex"}


class SpecError(Exception):
    pass


def fail(where, msg):
    raise SpecError(f"{where}: {msg}")


# ---------------------------------------------------------------------------------------------
# Spec reading

def strip_comments(text):
    """Removes // comments outside of JSON strings."""
    out = []
    i, n, in_str = 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c == "/" and i + 1 < n and text[i + 1] == "/":
            while i < n and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


class Versions:
    """A closed range [lo, hi]; hi None means open-ended; lo None means empty ("none")."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    @staticmethod
    def parse(text, where):
        if not isinstance(text, str):
            fail(where, f"version range must be a string, got {text!r}")
        t = text.strip()
        if t == "none":
            return Versions(None, None)
        m = re.fullmatch(r"(\d+)\+", t)
        if m:
            return Versions(int(m.group(1)), None)
        m = re.fullmatch(r"(\d+)-(\d+)", t)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo:
                fail(where, f"empty version range {text!r}")
            return Versions(lo, hi)
        m = re.fullmatch(r"\d+", t)
        if m:
            return Versions(int(t), int(t))
        fail(where, f"bad version range {text!r}")

    def empty(self):
        return self.lo is None

    def intersect(self, other):
        if self.empty() or other.empty():
            return Versions(None, None)
        lo = max(self.lo, other.lo)
        his = [h for h in (self.hi, other.hi) if h is not None]
        hi = min(his) if his else None
        if hi is not None and hi < lo:
            return Versions(None, None)
        return Versions(lo, hi)

    def contains(self, v):
        return not self.empty() and v >= self.lo and (self.hi is None or v <= self.hi)

    def covers(self, valid):
        """True when every version of `valid` is in self."""
        return self.intersect(valid).same(valid)

    def same(self, other):
        return self.lo == other.lo and self.hi == other.hi

    def cond(self, valid):
        """C++ condition on `version` (known to be in `valid`) for membership in self."""
        r = self.intersect(valid)
        if r.empty():
            return "false"
        if r.same(valid):
            return "true"
        parts = []
        if r.lo > valid.lo:
            parts.append(f"version >= {r.lo}")
        if r.hi is not None and (valid.hi is None or r.hi < valid.hi):
            parts.append(f"version <= {r.hi}")
        if r.lo == r.hi:
            return f"version == {r.lo}"
        return " && ".join(parts)


def camel(name):
    m = re.match(r"^([A-Z]+)(?=[A-Z][a-z]|$)", name)
    if m and len(m.group(1)) > 1:
        head = m.group(1)
        if len(head) == len(name):
            out = name.lower()
        else:
            out = head.lower() + name[len(head):]
    else:
        out = name[:1].lower() + name[1:]
    if out in CPP_KEYWORDS:
        out += "Value"
    return out


def snake(name):
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return s.lower()


class Struct:
    def __init__(self, name, fields):
        self.name = name
        self.fields = fields


class Field:
    pass


class Message:
    pass


def parse_int_default(text, ftype, where):
    ctype, bits, signed = INT_TYPES[ftype]
    try:
        if isinstance(text, bool):
            raise ValueError
        v = int(text, 0) if isinstance(text, str) else int(text)
    except ValueError:
        fail(where, f"default {text!r} is not a {ftype}")
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not lo <= v <= hi:
        fail(where, f"default {text!r} out of range for {ftype}")
    return v


class Parser:
    def __init__(self, path, spec):
        self.path = path
        self.spec = spec
        self.structs = {}        # name -> Struct (nested and common)
        self.common = {}         # name -> raw common struct dict

    def where(self, *parts):
        return ":".join([os.path.basename(self.path)] + [p for p in parts if p])

    def parse(self):
        spec = self.spec
        w = self.where()
        if not isinstance(spec, dict):
            fail(w, "top level is not an object")
        for k in spec:
            if k not in TOP_KEYS:
                fail(w, f"unknown top-level key {k!r}")
        for k in ("type", "name", "validVersions", "fields"):
            if k not in spec:
                fail(w, f"missing {k!r}")
        m = Message()
        m.path = self.path
        m.name = spec["name"]
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", m.name):
            fail(w, f"bad message name {m.name!r}")
        m.kind = spec["type"]
        if m.kind not in MESSAGE_TYPES:
            fail(w, f"unknown message type {m.kind!r}")
        m.valid = Versions.parse(spec["validVersions"], w + ":validVersions")
        if m.valid.empty() or m.valid.hi is None:
            fail(w, "validVersions must be a closed range")
        m.flexible = Versions.parse(spec.get("flexibleVersions", "none"), w + ":flexibleVersions")
        if not m.flexible.empty() and m.flexible.hi is not None:
            fail(w, "flexibleVersions must be 'none' or 'N+'")
        m.api_key = spec.get("apiKey")
        if m.kind in ("request", "response"):
            if not isinstance(m.api_key, int) or isinstance(m.api_key, bool) or m.api_key < 0:
                fail(w, "request/response needs an integer apiKey")
        elif m.api_key is not None:
            fail(w, f"apiKey on a {m.kind} message")
        m.listeners = spec.get("listeners", [])
        for lst in m.listeners:
            if lst not in LISTENERS:
                fail(w, f"unknown listener {lst!r}")
        if "deprecatedVersions" in spec:
            Versions.parse(spec["deprecatedVersions"], w + ":deprecatedVersions")
        if not isinstance(spec.get("latestVersionUnstable", False), bool):
            fail(w, "latestVersionUnstable must be a bool")
        for cs in spec.get("commonStructs", []):
            cw = self.where("commonStructs", str(cs.get("name")))
            for k in cs:
                if k not in STRUCT_KEYS:
                    fail(cw, f"unknown key {k!r}")
            if "name" not in cs or "fields" not in cs:
                fail(cw, "common struct needs name and fields")
            Versions.parse(cs.get("versions", "0+"), cw + ":versions")
            if cs["name"] in self.common:
                fail(cw, "duplicate common struct")
            self.common[cs["name"]] = cs
        self.message = m
        m.fields = self.parse_fields(spec["fields"], m.name)
        for name in sorted(self.common):
            if name not in self.structs:
                self.struct_from(name, self.common[name]["fields"], "commonStructs")
        if m.name in self.structs:
            fail(w, f"nested struct named like its message {m.name!r}")
        m.structs = self.ordered_structs(m)
        return m

    def struct_from(self, name, raw_fields, where):
        if name in self.structs:
            fail(self.where(where, name), f"struct {name!r} defined twice")
        self.structs[name] = None  # guards recursion
        fields = self.parse_fields(raw_fields, name)
        self.structs[name] = Struct(name, fields)
        return self.structs[name]

    def parse_fields(self, raw, owner):
        if not isinstance(raw, list):
            fail(self.where(owner), "fields must be a list")
        out, names, tags = [], set(), set()
        for rf in raw:
            f = self.parse_field(rf, owner)
            if f.cname in names:
                fail(self.where(owner, f.name), "duplicate field name")
            names.add(f.cname)
            if f.tag is not None:
                if f.tag in tags:
                    fail(self.where(owner, f.name), f"duplicate tag {f.tag}")
                tags.add(f.tag)
            out.append(f)
        return out

    def parse_field(self, rf, owner):
        if not isinstance(rf, dict) or "name" not in rf:
            fail(self.where(owner), f"bad field {rf!r}")
        w = self.where(owner, rf["name"])
        for k in rf:
            if k not in FIELD_KEYS:
                fail(w, f"unknown field attribute {k!r}")
        for k in ("type", "versions"):
            if k not in rf:
                fail(w, f"missing {k!r}")
        m = self.message
        f = Field()
        f.name = rf["name"]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", f.name):
            fail(w, f"bad field name {f.name!r}")
        f.cname = camel(f.name)
        f.where = w
        f.versions = Versions.parse(rf["versions"], w + ":versions")
        f.nullable = Versions.parse(rf.get("nullableVersions", "none"), w + ":nullableVersions")
        f.tagged = Versions.parse(rf.get("taggedVersions", "none"), w + ":taggedVersions")
        f.tag = rf.get("tag")
        f.ignorable = rf.get("ignorable", False)
        f.map_key = rf.get("mapKey", False)
        for k in ("ignorable", "mapKey", "zeroCopy"):
            if not isinstance(rf.get(k, False), bool):
                fail(w, f"{k} must be a bool")
        f.flex_override = None
        if "flexibleVersions" in rf:
            f.flex_override = Versions.parse(rf["flexibleVersions"], w + ":flexibleVersions")
        if isinstance(f.tag, str) and re.fullmatch(r"\d+", f.tag):
            f.tag = int(f.tag)  # Jackson (Kafka's parser) accepts "0" for an integer
        if f.tag is not None:
            if not isinstance(f.tag, int) or isinstance(f.tag, bool) or f.tag < 0:
                fail(w, f"bad tag {f.tag!r}")
            if f.tagged.empty():
                fail(w, "tag without taggedVersions")
            if not f.flexible_subset(m.flexible):
                fail(w, "taggedVersions outside flexibleVersions")
        elif not f.tagged.empty():
            fail(w, "taggedVersions without tag")
        f.entity = rf.get("entityType")
        if f.entity is not None and f.entity not in ENTITY_TYPES:
            fail(w, f"unknown entityType {f.entity!r}")
        t = rf["type"]
        if not isinstance(t, str):
            fail(w, "type must be a string")
        f.is_array = t.startswith("[]")
        base = t[2:] if f.is_array else t
        f.base = base
        # A request's records (ProduceRequest's) are a view of the frame they arrive in, so a
        # broker appends them without a copy (RecordBytes); a response's records are owned.
        f.borrowed = base == "records" and m.kind == "request"
        f.struct = None
        if base in PRIMITIVES:
            if "fields" in rf:
                fail(w, f"primitive type {base!r} with nested fields")
            if base == "records" and f.is_array:
                fail(w, "array of records")
        elif re.fullmatch(r"[A-Z][A-Za-z0-9]*", base):
            if "fields" in rf:
                f.struct = self.struct_from(base, rf["fields"], owner)
            elif base in self.common:
                if base not in self.structs:
                    self.struct_from(base, self.common[base]["fields"], "commonStructs")
                f.struct = self.structs[base]
                if f.struct is None:
                    fail(w, f"recursive struct {base!r}")
            else:
                fail(w, f"unknown type {t!r}")
        else:
            fail(w, f"unknown type {t!r}")
        f.kind = "array" if f.is_array else ("struct" if f.struct else base)
        if not f.nullable.empty() and f.kind not in NULLABLE_KINDS:
            fail(w, f"nullableVersions on non-nullable type {t!r}")
        f.strong = None
        if f.entity in STRONG_IDS:
            need, cpp = STRONG_IDS[f.entity]
            if base != need:
                fail(w, f"entityType {f.entity} on type {t!r} (expected {need})")
            f.strong = cpp
        f.default = self.parse_default(f, rf.get("default"), w)
        return f

    def parse_default(self, f, d, w):
        """Returns a C++ initializer expression (or None for value-initialised)."""
        if d is None:
            return None
        if f.kind == "array" or f.kind == "struct":
            if d == "null":
                if f.nullable.empty():
                    fail(w, "default null on a non-nullable field")
                return "null"
            fail(w, f"unsupported default {d!r} for {f.kind}")
        if f.kind in ("string", "bytes", "records"):
            if d == "null":
                if f.nullable.empty():
                    fail(w, "default null on a non-nullable field")
                return "null"
            if f.kind != "string":
                fail(w, f"unsupported default {d!r} for {f.kind}")
            if not isinstance(d, str):
                fail(w, f"string default {d!r} is not a string")
            return d
        if f.kind == "bool":
            if isinstance(d, bool):
                return d
            if isinstance(d, str) and d.lower() in ("true", "false"):
                return d.lower() == "true"
            fail(w, f"bad bool default {d!r}")
        if f.kind in INT_TYPES:
            return parse_int_default(d, f.kind, w)
        if f.kind == "float64":
            try:
                return float(d)
            except (TypeError, ValueError):
                fail(w, f"bad float64 default {d!r}")
        fail(w, f"default not supported on {f.kind}")

    def ordered_structs(self, m):
        order, seen = [], set()

        def visit(s):
            if s.name in seen:
                return
            seen.add(s.name)
            for fld in s.fields:
                if fld.struct:
                    visit(fld.struct)
            order.append(s)

        for name in sorted(self.structs):
            visit(self.structs[name])
        return order


def _flexible_subset(self, flexible):
    t = self.tagged
    if flexible.empty():
        return False
    return t.intersect(flexible).same(t)


Field.flexible_subset = _flexible_subset


def load_specs(spec_dir):
    paths = []
    for sub in ("", "internal"):
        d = os.path.join(spec_dir, sub)
        if os.path.isdir(d):
            paths += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".json")]
    if not paths:
        raise SpecError(f"{spec_dir}: no *.json message specs")
    messages = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            text = fh.read()
        try:
            spec = json.loads(strip_comments(text))
        except json.JSONDecodeError as e:
            raise SpecError(f"{os.path.basename(p)}: invalid JSON: {e}")
        messages.append(Parser(p, spec).parse())
    names = {}
    for m in messages:
        if m.name in names:
            raise SpecError(f"{os.path.basename(m.path)}: message {m.name} also in {names[m.name]}")
        names[m.name] = os.path.basename(m.path)
    return sorted(messages, key=lambda x: x.name)


# ---------------------------------------------------------------------------------------------
# C++ types and expressions

def elem_type(f):
    if f.struct:
        return f.struct.name
    if f.strong:
        return f.strong
    b = f.base
    if b in INT_TYPES:
        return INT_TYPES[b][0]
    if f.borrowed:
        return "RecordBytes"
    return {"bool": "bool", "float64": "double", "string": "std::string",
            "bytes": "std::vector<uint8_t>", "uuid": "Uuid",
            "records": "std::vector<uint8_t>"}[b]


def is_optional(f):
    return f.kind == "records" or not f.nullable.empty()


def cpp_type(f):
    t = elem_type(f)
    if f.is_array:
        t = f"std::vector<{t}>"
    if is_optional(f):
        t = f"std::optional<{t}>"
    return t


def cpp_literal_int(v, ftype):
    bits = INT_TYPES[ftype][1]
    if INT_TYPES[ftype][2] and v == -(1 << (bits - 1)):
        return f"({v + 1}{'LL' if bits == 64 else ''} - 1)"
    return f"{v}{'LL' if bits == 64 and abs(v) > 0x7fffffff else ''}"


def cpp_string_literal(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= o < 127:
            out.append(ch)
        else:
            for b in ch.encode("utf-8"):
                out.append(f"\\x{b:02x}")
    return '"' + "".join(out) + '"'


def default_scalar(f):
    """C++ expression for the (non-null) default value of a scalar field, or None."""
    d = f.default
    if f.kind in INT_TYPES:
        v = cpp_literal_int(d if d is not None else 0, f.kind)
        return f"{f.strong}({v})" if f.strong else v
    if f.kind == "bool":
        return "true" if d else "false"
    if f.kind == "float64":
        return repr(float(d if d is not None else 0.0))
    if f.kind == "string":
        return cpp_string_literal(d) if d not in (None, "null") else '""'
    return None


def member_init(f):
    """Initializer text placed after the member name."""
    if f.default == "null":
        return " = std::nullopt"
    if f.kind == "records":
        return "{std::in_place}" if f.nullable.empty() else "{}"
    if f.is_array or f.kind in ("bytes", "struct"):
        return "{std::in_place}" if is_optional(f) else "{}"
    if f.kind == "string":
        s = default_scalar(f)
        if is_optional(f):
            return f"{{std::in_place, {s}}}" if s != '""' else "{std::in_place}"
        return f" = {s}" if s != '""' else ""
    if f.kind == "uuid":
        return "{}"
    return f"{{{default_scalar(f)}}}"


def non_default_cond(f, x):
    """C++ condition: field value x differs from its default."""
    if f.default == "null":
        return f"{x}.has_value()"
    if f.kind == "records":
        return f"!({x} && {x}->empty())" if f.nullable.empty() else f"{x}.has_value()"
    if is_optional(f):
        if f.is_array or f.kind in ("bytes",):
            return f"!({x} && {x}->empty())"
        if f.kind == "struct":
            return f"!({x} && *{x} == {elem_type(f)}{{}})"
        if f.kind == "string":
            return f"!({x} && *{x} == {default_scalar(f)})"
    if f.is_array or f.kind == "bytes":
        return f"!{x}.empty()"
    if f.kind == "struct":
        return f"{x} != {elem_type(f)}{{}}"
    if f.kind == "uuid":
        return f"{x} != Uuid{{}}"
    if f.kind == "string" and default_scalar(f) == '""':
        return f"!{x}.empty()"
    return f"{x} != {default_scalar(f)}"


# ---------------------------------------------------------------------------------------------
# Code emission

class Out:
    def __init__(self):
        self.lines = []
        self.ind = 0

    def __call__(self, text=""):
        if text == "":
            self.lines.append("")
            return
        for line in text.split("\n"):
            is_ns = line.startswith("namespace") or line.startswith("}  // namespace")
            if line.startswith("}") and not is_ns:
                self.ind -= 1
            self.lines.append("  " * self.ind + line if line else "")
            if line.endswith("{") and not is_ns:
                self.ind += 1

    def text(self):
        return "\n".join(self.lines) + "\n"


HEADER_NOTE = "// Generated by broker-core/protocol/codegen/generate_kafka.py. Do not edit."


class Gen:
    def __init__(self, m):
        self.m = m
        self.valid = m.valid

    def cond(self, versions):
        return versions.cond(self.valid)

    def always_tagged(self, f):
        """Every version that has the field has it as a tagged field."""
        have = f.versions.intersect(self.valid)
        return f.tag is not None and f.tagged.intersect(have).same(have)

    def flex_expr(self, f):
        if f.flex_override is not None:
            return self.cond(f.flex_override.intersect(self.m.flexible))
        return "flex"

    # -- header ---------------------------------------------------------------------------
    def header(self):
        m = self.m
        o = Out()
        o("#pragma once")
        o(HEADER_NOTE)
        o("")
        o("#include <cstdint>")
        o("#include <optional>")
        o("#include <string>")
        o("#include <vector>")
        o("")
        o('#include "base/byte_reader.h"')
        o('#include "base/byte_writer.h"')
        o('#include "base/ids.h"')
        o('#include "base/result.h"')
        o('#include "base/status.h"')
        o('#include "protocol/kafka_wire.h"')
        o("")
        o("namespace pier::protocol::kafka {")
        o("")
        o(f"struct {m.name} {{")
        o(f'static constexpr std::string_view kName = "{m.name}";')
        if m.api_key is not None:
            o(f"static constexpr int16_t kApiKey = {m.api_key};")
        o(f"static constexpr int16_t kMinVersion = {m.valid.lo};")
        o(f"static constexpr int16_t kMaxVersion = {m.valid.hi};")
        flex_from = -1 if m.flexible.empty() else m.flexible.lo
        o(f"static constexpr int16_t kFlexibleFromVersion = {flex_from};  // -1: never")
        o("")
        for s in m.structs:
            o(f"struct {s.name} {{")
            self.members(o, s.fields)
            o("")
            o("Status encode(Writer& w, int16_t version) const;")
            o("// Fills this struct's fields present in `version` from r.")
            o("Status decodeFrom(Reader& r, int16_t version);")
            o("void appendDebug(std::string& out) const;")
            o(f"friend bool operator==(const {s.name}&, const {s.name}&) = default;")
            o("};")
            o("")
        self.members(o, m.fields)
        o("")
        o("// Fails (ProtocolError) on a version outside [kMinVersion, kMaxVersion], a null in a")
        o("// non-nullable version, or a non-default value in a version lacking a non-ignorable field.")
        o("Status encode(Writer& w, int16_t version) const;")
        o("// Never crashes on any input; leaves bytes after the message unread.")
        o(f"static Result<{m.name}> decode(Reader& r, int16_t version);")
        o("// As decode, into this (fields absent from `version` keep their values).")
        o("Status decodeFrom(Reader& r, int16_t version);")
        o("void appendDebug(std::string& out) const;")
        o("std::string debugString() const;")
        o(f"friend bool operator==(const {m.name}&, const {m.name}&) = default;")
        o("};")
        o("")
        o("}  // namespace pier::protocol::kafka")
        return o.text()

    def members(self, o, fields):
        for f in fields:
            o(f"{cpp_type(f)} {f.cname}{member_init(f)};")
        o("std::vector<RawTaggedField> unknownTaggedFields;")

    # -- source ---------------------------------------------------------------------------
    def source(self):
        m = self.m
        o = Out()
        o(HEADER_NOTE)
        o(f'#include "protocol/kafka/generated/{snake(m.name)}.h"')
        o("")
        o("#include <utility>")
        o("")
        o("namespace pier::protocol::kafka {")
        for s in m.structs:
            o("")
            self.encode_fn(o, f"{m.name}::{s.name}", s.name, s.fields, top=False)
            o("")
            self.decode_fn(o, f"{m.name}::{s.name}", s.name, s.fields, top=False)
            o("")
            self.debug_fn(o, f"{m.name}::{s.name}", s.fields)
        o("")
        self.encode_fn(o, m.name, m.name, m.fields, top=True)
        o("")
        self.decode_fn(o, m.name, m.name, m.fields, top=True)
        o("")
        self.debug_fn(o, m.name, m.fields)
        o("")
        o(f"std::string {m.name}::debugString() const {{")
        o(f'std::string out = "{m.name}";')
        o("appendDebug(out);")
        o("return out;")
        o("}")
        o("")
        o("}  // namespace pier::protocol::kafka")
        return o.text()

    def flex_decl(self, o, fields):
        c = self.cond(self.m.flexible)
        o("(void)version;")
        o(f"const bool flex = {c};")

    def encode_fn(self, o, qual, sname, fields, top):
        m = self.m
        o(f"Status {qual}::encode(Writer& w, int16_t version) const {{")
        if top:
            o(f"if (version < kMinVersion || version > kMaxVersion) {{")
            o(f'return wire::unsupportedVersion("{m.name}", version);')
            o("}")
        self.flex_decl(o, fields)
        tagged = sorted([f for f in fields if f.tag is not None], key=lambda x: x.tag)
        if tagged:
            o("std::vector<RawTaggedField> tagged;")
        for f in fields:
            ctx = f"{sname}.{f.cname}"
            present = self.cond(f.versions)
            tag_c = self.cond(f.tagged.intersect(f.versions)) if f.tag is not None else "false"
            nd = non_default_cond(f, f.cname)
            if tag_c != "false":
                o(f"if ({nd}) {{" if tag_c == "true" else f"if (({tag_c}) && {nd}) {{")
                o("Writer tw;")
                self.write_value(o, f, f.cname, "tw", "true", ctx)
                o(f"tagged.push_back(RawTaggedField{{{f.tag}, tw.take()}});")
                o("}")
            regular = " && ".join(c for c in (present, f"!({tag_c})" if tag_c != "false" else "true")
                                  if c != "true")
            if present != "false" and tag_c != "true" and not self.always_tagged(f):
                o(f"if ({regular}) {{" if regular else "{")
                self.write_value(o, f, f.cname, "w", self.flex_expr(f), ctx)
                o("}")
            if not f.ignorable and present != "true":
                o(f"if ({nd}) {{" if present == "false" else f"if (!({present}) && {nd}) {{")
                o(f'return wire::fieldNotInVersion("{ctx}", version);')
                o("}")
        if tagged:
            o("if (flex) {")
            o("return wire::writeTaggedFields(w, tagged, unknownTaggedFields);")
            o("}")
            o("return Status();")
        else:
            o("if (flex) {")
            o("return wire::writeTaggedFields(w, {}, unknownTaggedFields);")
            o("}")
            o("return Status();")
        o("}")

    def write_value(self, o, f, x, w, fx, ctx):
        nv = self.cond(f.nullable)
        if f.is_array:
            if is_optional(f):
                o(f"if (!{x}) {{")
                if nv == "true":
                    o(f"wire::writeNullArrayLength({w}, {fx});")
                else:
                    o(f"if (!({nv})) return wire::nullNotAllowed(\"{ctx}\", version);")
                    o(f"wire::writeNullArrayLength({w}, {fx});")
                o("} else {")
                o(f"wire::writeArrayLength({w}, {x}->size(), {fx});")
                o(f"for (const auto& e : *{x}) {{")
            else:
                o(f"wire::writeArrayLength({w}, {x}.size(), {fx});")
                o(f"for (const auto& e : {x}) {{")
            self.write_scalar(o, f, "e", w, fx, ctx)
            o("}")
            if is_optional(f):
                o("}")
            return
        if f.kind == "struct" and is_optional(f):
            o(f"if (!{x}) {{")
            if nv != "true":
                o(f"if (!({nv})) return wire::nullNotAllowed(\"{ctx}\", version);")
            o(f"{w}.writeInt8(-1);")
            o("} else {")
            o(f"if ({nv}) {w}.writeInt8(1);" if nv != "true" else f"{w}.writeInt8(1);")
            self.write_scalar(o, f, f"(*{x})", w, fx, ctx)
            o("}")
            return
        if f.kind in ("string", "bytes", "records") and is_optional(f):
            kind = "String" if f.kind == "string" else "Bytes"
            o(f"PIER_RETURN_IF_ERROR(wire::writeNullable{kind}({w}, {x}, {fx}, {nv}, \"{ctx}\"));")
            return
        self.write_scalar(o, f, x, w, fx, ctx)

    def write_scalar(self, o, f, x, w, fx, ctx):
        b = f.base
        if f.struct:
            o(f"PIER_RETURN_IF_ERROR({x}.encode({w}, version));")
        elif f.strong:
            o(f"{w}.write{'Int32' if b == 'int32' else 'Int64'}({x}.value());")
        elif b in INT_TYPES:
            o(f"{w}.write{b[0].upper() + b[1:]}({x});")
        elif b == "bool":
            o(f"{w}.writeBool({x});")
        elif b == "float64":
            o(f"{w}.writeFloat64({x});")
        elif b == "uuid":
            o(f"wire::writeUuid({w}, {x});")
        elif b == "string":
            o(f"PIER_RETURN_IF_ERROR(wire::writeString({w}, {x}, {fx}, \"{ctx}\"));")
        elif b in ("bytes", "records"):
            o(f"wire::writeBytes({w}, {x}, {fx});")
        else:
            fail(f.where, f"cannot encode {b}")

    def decode_fn(self, o, qual, sname, fields, top):
        m = self.m
        if top:
            o(f"Result<{qual}> {qual}::decode(Reader& r, int16_t version) {{")
            o(f"{qual} out;")
            o("if (Status s = out.decodeFrom(r, version); !s.isOk()) return s;")
            o("return out;")
            o("}")
            o("")
        o(f"Status {qual}::decodeFrom(Reader& r, int16_t version) {{")
        if top:
            o(f"if (version < kMinVersion || version > kMaxVersion) {{")
            o(f'return wire::unsupportedVersion("{m.name}", version);')
            o("}")
        self.flex_decl(o, fields)
        for f in fields:
            present = self.cond(f.versions)
            if present == "false":
                continue
            if f.tag is not None:
                tag_c = self.cond(f.tagged.intersect(f.versions))
                if tag_c == "true" or self.always_tagged(f):
                    continue
                present = f"!({tag_c})" + ("" if present == "true" else f" && ({present})")
            if present != "true":
                o(f"if ({present}) {{")
            else:
                o("{")
            self.read_value(o, f, f.cname, self.flex_expr(f), f"{sname}.{f.cname}")
            o("}")
        tagged = sorted([f for f in fields if f.tag is not None], key=lambda x: x.tag)
        if not tagged:
            o("if (flex) {")
            o(f'PIER_KAFKA_TRY(wire::readTaggedFields(r, unknownTaggedFields), "{sname}");')
            o("}")
            o("return Status();")
            o("}")
            return
        o("if (flex) {")
        o("uint32_t count = 0;")
        o(f'PIER_KAFKA_TRY(wire::readTaggedCount(r, count), "{sname}");')
        o("for (uint32_t t = 0; t < count; ++t) {")
        o("RawTaggedField field;")
        o(f'PIER_KAFKA_TRY(wire::readTaggedField(r, field), "{sname}");')
        o("Reader tr(field.data);")
        first = True
        for f in tagged:
            tag_c = self.cond(f.tagged.intersect(f.versions))
            c = f"field.tag == {f.tag}" + ("" if tag_c == "true" else f" && ({tag_c})")
            o(f"{'if' if first else '} else if'} ({c}) {{")
            first = False
            self.read_value(o, f, f.cname, "true", f"{sname}.{f.cname}", "tr")
            o(f'PIER_KAFKA_TRY(wire::checkTaggedConsumed(tr, field.tag), "{sname}");')
        o("} else {")
        o("unknownTaggedFields.push_back(std::move(field));")
        o("}")
        o("}")
        o("}")
        o("return Status();")
        o("}")

    def read_call(self, f, x, fx, r):
        b = f.base
        if f.struct:
            return f"{x}.decodeFrom({r}, version)"
        if f.strong:
            return f"wire::read{'NodeId' if f.strong == 'pier::NodeId' else 'ProducerId'}({r}, {x})"
        if b in INT_TYPES:
            return f"wire::read{b[0].upper() + b[1:]}({r}, {x})"
        return {"bool": f"wire::readBool({r}, {x})", "float64": f"wire::readFloat64({r}, {x})",
                "uuid": f"wire::readUuid({r}, {x})", "string": f"wire::readString({r}, {fx}, {x})",
                "bytes": f"wire::readBytes({r}, {fx}, {x})",
                "records": f"wire::readBytes({r}, {fx}, {x})"}[b]

    def read_value(self, o, f, x, fx, ctx, r="r"):
        nv = self.cond(f.nullable)
        if f.is_array:
            o("int64_t n = 0;")
            o(f'PIER_KAFKA_TRY(wire::readArrayLength({r}, {fx}, {nv}, n), "{ctx}");')
            if is_optional(f):
                o("if (n < 0) {")
                o(f"{x} = std::nullopt;")
                o("} else {")
                o(f"auto& v = {x}.emplace();")
            else:
                o("{")
                o(f"auto& v = {x};")
                o("v.clear();")
            o("v.reserve(wire::arrayReserve(n));")
            o("for (int64_t i = 0; i < n; ++i) {")
            o("v.emplace_back();")
            o(f'PIER_KAFKA_TRY({self.read_call(f, "v.back()", fx, r)}, "{ctx}");')
            o("}")
            o("}")
            return
        if f.kind == "struct" and is_optional(f):
            if nv == "false":
                o(f'PIER_KAFKA_TRY({self.read_call(f, emplace_struct(x), fx, r)}, "{ctx}");')
                return
            o("int8_t present = 1;")
            if nv != "true":
                o(f"if ({nv}) {{")
            o(f'PIER_KAFKA_TRY(wire::readInt8({r}, present), "{ctx}");')
            if nv != "true":
                o("}")
            o("if (present < 0) {")
            o(f"{x} = std::nullopt;")
            o("} else {")
            o(f'PIER_KAFKA_TRY({self.read_call(f, emplace_struct(x), fx, r)}, "{ctx}");')
            o("}")
            return
        if f.kind in ("string", "bytes", "records") and is_optional(f):
            kind = "String" if f.kind == "string" else "Bytes"
            o(f'PIER_KAFKA_TRY(wire::readNullable{kind}({r}, {fx}, {nv}, {x}), "{ctx}");')
            return
        o(f'PIER_KAFKA_TRY({self.read_call(f, x, fx, r)}, "{ctx}");')

    def debug_fn(self, o, qual, fields):
        o(f"void {qual}::appendDebug(std::string& out) const {{")
        o("out += '{';")
        for i, f in enumerate(fields):
            sep = "" if i == 0 else " "
            o(f'out += "{sep}{f.cname}=";')
            x = f.cname
            if f.struct:
                if f.is_array:
                    o("{")
                    v = x
                    if is_optional(f):
                        o(f'if (!{x}) {{ out += "null"; }} else {{')
                        v = f"(*{x})"
                    o("out += '[';")
                    o(f"for (std::size_t i = 0; i < {v}.size(); ++i) {{")
                    o('if (i > 0) out += ", ";')
                    o(f"{v}[i].appendDebug(out);")
                    o("}")
                    o("out += ']';")
                    if is_optional(f):
                        o("}")
                    o("}")
                elif is_optional(f):
                    o(f'if (!{x}) {{ out += "null"; }} else {{ {x}->appendDebug(out); }}')
                else:
                    o(f"{x}.appendDebug(out);")
            else:
                o(f"wire::appendDebug(out, {x});")
        o("wire::appendDebugTags(out, unknownTaggedFields);")
        o("out += '}';")
        o("}")

    # -- test support ---------------------------------------------------------------------
    def randomizers(self, o):
        m = self.m
        for s in m.structs:
            self.random_fn(o, f"{m.name}::{s.name}", s.fields)
            o("")
        self.random_fn(o, m.name, m.fields)

    def random_fn(self, o, qual, fields):
        o(f"[[maybe_unused]] void randomize(Prng& p, int16_t version, {qual}& out) {{")
        o("(void)version;")
        o(f"const bool flex = {self.cond(self.m.flexible)};")
        for f in fields:
            present = self.cond(f.versions)
            if present == "false":
                continue
            o("{" if present == "true" else f"if ({present}) {{")
            nv = self.cond(f.nullable)
            x = f"out.{f.cname}"
            if is_optional(f):
                if nv == "false":
                    o(f"{x}.emplace();")
                else:
                    o(f"if ({'' if nv == 'true' else '(' + nv + ') && '}p.chance(1, 4)) {{")
                    o(f"{x} = std::nullopt;")
                    o("} else {")
                    o(f"{x}.emplace();")
                    self.random_value(o, f, f"(*{x})")
                    o("}")
                    o("}")
                    continue
                self.random_value(o, f, f"(*{x})")
            else:
                self.random_value(o, f, x)
            o("}")
        o("if (flex && p.chance(1, 8)) {")
        o("out.unknownTaggedFields.push_back(RawTaggedField{static_cast<uint32_t>(p.between(1000, 1100)), randomBytes(p)});")
        o("}")
        o("}")

    def random_value(self, o, f, x):
        if f.is_array:
            o(f"{x}.clear();")
            o("for (uint64_t n = p.below(4), i = 0; i < n; ++i) {")
            o(f"{x}.emplace_back();")
            self.random_scalar(o, f, f"{x}.back()")
            o("}")
        else:
            self.random_scalar(o, f, x)

    def random_scalar(self, o, f, x):
        b = f.base
        if f.struct:
            o(f"randomize(p, version, {x});")
        elif f.strong:
            o(f"{x} = {f.strong}(static_cast<{INT_TYPES[b][0]}>(p.next()));")
        elif b in INT_TYPES:
            o(f"{x} = static_cast<{INT_TYPES[b][0]}>(p.next());")
        elif b == "bool":
            o(f"{x} = p.chance(1, 2);")
        elif b == "float64":
            o(f"{x} = static_cast<double>(static_cast<int32_t>(p.next())) / 8.0;")
        elif b == "uuid":
            o(f"p.fill({x}.bytes);")
        elif b == "string":
            o(f"{x} = randomString(p);")
        elif b in ("bytes", "records"):
            o(f"{x} = randomBytes(p);")


# ---------------------------------------------------------------------------------------------
# Whole-tree outputs

def api_table(messages):
    reqs = {m.api_key: m for m in messages if m.kind == "request"}
    resps = {m.api_key: m for m in messages if m.kind == "response"}
    if set(reqs) != set(resps):
        raise SpecError(f"api keys without both request and response: "
                        f"{sorted(set(reqs) ^ set(resps))}")
    o = Out()
    o("#pragma once")
    o(HEADER_NOTE)
    o("")
    o("#include <array>")
    o("#include <cstdint>")
    o("#include <string_view>")
    o("")
    o("namespace pier::protocol::kafka {")
    o("")
    o("// One row per Kafka API: what the specs define (ApiVersions advertises from this).")
    o("struct ApiInfo {")
    o("int16_t apiKey;")
    o("std::string_view name;")
    o("int16_t minVersion;")
    o("int16_t maxVersion;")
    o("int16_t flexibleFromVersion;  // -1: never flexible")
    o("bool zkBroker;  // listeners")
    o("bool broker;")
    o("bool controller;")
    o("};")
    o("")
    o(f"inline constexpr std::array<ApiInfo, {len(reqs)}> kApis = {{{{")
    for key in sorted(reqs):
        rq, rs = reqs[key], resps[key]
        if not rq.valid.same(rs.valid):
            raise SpecError(f"{os.path.basename(rs.path)}: validVersions differ from the request")
        name = rq.name[:-len("Request")] if rq.name.endswith("Request") else rq.name
        ff = -1 if rq.flexible.empty() else rq.flexible.lo
        ls = rq.listeners
        b = lambda n: "true" if n in ls else "false"  # noqa: E731
        o(f'ApiInfo{{{key}, "{name}", {rq.valid.lo}, {rq.valid.hi}, {ff}, '
          f'{b("zkBroker")}, {b("broker")}, {b("controller")}}},')
    o("}};")
    o("")
    o("// The row for apiKey, or nullptr.")
    o("constexpr const ApiInfo* findApi(int16_t apiKey) {")
    o("for (const ApiInfo& a : kApis) {")
    o("if (a.apiKey == apiKey) return &a;")
    o("}")
    o("return nullptr;")
    o("}")
    o("")
    o("}  // namespace pier::protocol::kafka")
    return o.text()


def testing_files(messages):
    files = {}
    h = Out()
    h("#pragma once")
    h(HEADER_NOTE)
    h("// Test support: seeded random round trips of every message. Compiled only by tests.")
    h("")
    h("#include <cstdint>")
    h("#include <span>")
    h("#include <string>")
    h("#include <string_view>")
    h("#include <vector>")
    h("")
    h('#include "base/prng.h"')
    h('#include "base/status.h"')
    h("")
    h("namespace pier::protocol::kafka::testing {")
    h("")
    h("struct MessageCase {")
    h("std::string_view name;")
    h("int16_t minVersion;")
    h("int16_t maxVersion;")
    h("// Random message for `version` -> encode -> decode -> == -> encode -> same bytes.")
    h("// Returns \"\" on success, else what went wrong; `encoded` receives the bytes.")
    h("std::string (*roundTrip)(Prng& prng, int16_t version, std::vector<uint8_t>& encoded);")
    h("// Decodes `bytes` as this message; an error Status for malformed input.")
    h("Status (*decode)(std::span<const uint8_t> bytes, int16_t version);")
    h("};")
    h("")
    h("std::span<const MessageCase> allMessageCases();")
    h("")
    h("}  // namespace pier::protocol::kafka::testing")
    files["testing/message_cases.h"] = h.text()

    # Balanced by the size of each message's codec (a proxy for its randomizer's size).
    bins = [[0, []] for _ in range(TEST_SHARDS)]
    for weight, m in sorted(((Gen(m).source().count("\n"), m) for m in messages),
                            key=lambda x: (-x[0], x[1].name)):
        b = min(bins, key=lambda x: x[0])
        b[0] += weight
        b[1].append(m)
    shards = [sorted(b[1], key=lambda x: x.name) for b in bins]
    for si, shard in enumerate(shards):
        o = Out()
        o(HEADER_NOTE)
        o('#include "protocol/kafka/generated/testing/message_cases.h"')
        o("")
        o('#include "protocol/kafka/generated/testing/random_support.h"')
        for m in shard:
            o(f'#include "protocol/kafka/generated/{snake(m.name)}.h"')
        o("")
        o("namespace pier::protocol::kafka::testing {")
        o("")
        for m in shard:
            Gen(m).randomizers(o)
            o("")
            o(f"std::string roundTrip{m.name}(Prng& p, int16_t version, std::vector<uint8_t>& encoded) {{")
            o(f"{m.name} m;")
            o("randomize(p, version, m);")
            o("return checkRoundTrip(m, version, encoded);")
            o("}")
            o("")
            o(f"Status decode{m.name}(std::span<const uint8_t> bytes, int16_t version) {{")
            o("Reader r(bytes);")
            o(f"return {m.name}::decode(r, version).status();")
            o("}")
            o("")
        o("}  // namespace pier::protocol::kafka::testing")
        files[f"testing/cases_{si}.cpp"] = o.text()

    o = Out()
    o(HEADER_NOTE)
    o('#include "protocol/kafka/generated/testing/message_cases.h"')
    o("")
    o("#include <array>")
    o("")
    o("namespace pier::protocol::kafka::testing {")
    o("")
    for m in messages:
        o(f"std::string roundTrip{m.name}(Prng&, int16_t, std::vector<uint8_t>&);")
        o(f"Status decode{m.name}(std::span<const uint8_t>, int16_t);")
    o("")
    o("std::span<const MessageCase> allMessageCases() {")
    o(f"static const std::array<MessageCase, {len(messages)}> kCases = {{{{")
    for m in messages:
        o(f'{{"{m.name}", {m.valid.lo}, {m.valid.hi}, &roundTrip{m.name}, &decode{m.name}}},')
    o("}};")
    o("return kCases;")
    o("}")
    o("")
    o("}  // namespace pier::protocol::kafka::testing")
    files["testing/message_cases.cpp"] = o.text()
    files["testing/random_support.h"] = RANDOM_SUPPORT
    return files


RANDOM_SUPPORT = HEADER_NOTE + """
#pragma once
// Random field values and the round-trip check shared by the generated test cases.

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/prng.h"

namespace pier::protocol::kafka::testing {

inline std::string randomString(Prng& p) {
  std::string s(static_cast<std::size_t>(p.below(9)), ' ');
  for (char& c : s) c = static_cast<char>('a' + p.below(26));
  return s;
}

inline std::vector<uint8_t> randomBytes(Prng& p) { return p.bytes(static_cast<std::size_t>(p.below(9))); }

template <typename T>
std::string checkRoundTrip(const T& m, int16_t version, std::vector<uint8_t>& encoded) {
  Writer w;
  if (Status s = m.encode(w, version); !s.isOk()) return "encode: " + s.toString();
  encoded = w.take();
  Reader r(encoded);
  Result<T> back = T::decode(r, version);
  if (!back.isOk()) return "decode: " + back.status().toString() + " of " + m.debugString();
  if (!r.atEnd()) return "decode left " + std::to_string(r.remaining()) + " bytes";
  if (!(*back == m)) return "differs:\\n  sent " + m.debugString() + "\\n  got  " + back->debugString();
  Writer again;
  if (Status s = back->encode(again, version); !s.isOk()) return "re-encode: " + s.toString();
  if (std::vector<uint8_t>(again.bytes().begin(), again.bytes().end()) != encoded) {
    return "re-encoded bytes differ";
  }
  return {};
}

}  // namespace pier::protocol::kafka::testing
"""


def emplace_struct(x):
    """Engages optional struct `x` by moving a value in: clang 14 rejects a bare emplace() on a
    nested struct with default member initialisers (llvm/llvm-project#36032)."""
    return f"{x}.emplace(decltype({x})::value_type{{}})"


def generate(spec_dir):
    messages = load_specs(spec_dir)
    files = {}
    for m in messages:
        g = Gen(m)
        base = snake(m.name)
        files[f"{base}.h"] = g.header()
        files[f"{base}.cpp"] = g.source()
    files["api_table.h"] = api_table(messages)
    files.update(testing_files(messages))
    return files


def write_tree(out_dir, files):
    os.makedirs(os.path.join(out_dir, "testing"), exist_ok=True)
    wanted = set(files)
    for rel in sorted(files):
        path = os.path.join(out_dir, rel)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                old = fh.read()
        if old != files[rel]:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(files[rel])
    # Remove stale outputs so a renamed message does not leave a file behind.
    for sub in ("", "testing"):
        d = os.path.join(out_dir, sub)
        for name in sorted(os.listdir(d)):
            rel = os.path.join(sub, name) if sub else name
            if os.path.isfile(os.path.join(d, name)) and rel.replace(os.sep, "/") not in wanted:
                os.remove(os.path.join(d, name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec-dir", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        files = generate(args.spec_dir)
    except SpecError as e:
        print(f"generate_kafka: error: {e}", file=sys.stderr)
        return 1
    write_tree(args.out, files)
    print(f"generate_kafka: {len(files)} files in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
