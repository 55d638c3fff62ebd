#!/usr/bin/env python3
"""Compute tests/data/hash/vectors.json independently of the C code.

Run by hand from the repository root:
    python3 tests/data/hash/gen_vectors.py > tests/data/hash/vectors.json

Own implementation of the canonical JSON of beacon/hash.h (keys ASCII
lower-cased and sorted by bytes, ties by original bytes; no whitespace;
shortest %.Ng real that round-trips) + Python's hmac/hashlib for
HMAC-SHA-256; the hash is the first 8 MAC bytes, big-endian, in decimal.
"config_hash" cases take the anonymized form from the hand-written
tests/data/anon/<case>/expected.json, not from the C anonymizer.
"""
import hashlib
import hmac
import json
import sys

LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def lower(s):
    return s.encode("utf-8").translate(bytes(LOWER.get(b, b) for b in range(256)))


def enc_bytes(b):
    out = bytearray(b'"')
    names = {0x08: b"\\b", 0x0C: b"\\f", 0x0A: b"\\n", 0x0D: b"\\r", 0x09: b"\\t"}
    for c in b:
        if c in (0x22, 0x5C):
            out += b"\\" + bytes([c])
        elif c < 0x20:
            out += names.get(c, b"\\u%04x" % c)
        else:
            out.append(c)
    return bytes(out + b'"')


def real(v):
    if v == 0:
        return b"0"
    for p in range(1, 18):
        t = "%.*g" % (p, v)
        if float(t) == v:
            return t.encode()
    raise ValueError(v)


def canon(v):
    if isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: (lower(kv[0]), kv[0].encode()))
        return b"{" + b",".join(enc_bytes(lower(k)) + b":" + canon(x)
                                for k, x in items) + b"}"
    if isinstance(v, list):
        return b"[" + b",".join(canon(x) for x in v) + b"]"
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    if v is None:
        return b"null"
    if isinstance(v, int):
        return str(v).encode()
    if isinstance(v, float):
        return real(v)
    return enc_bytes(v.encode("utf-8"))


def hash64(key, data):
    mac = hmac.new(key, data, hashlib.sha256).digest()
    return str(int.from_bytes(mac[:8], "big"))


DOCS = [
    ("empty object, empty key", {}, ""),
    ("flat object, keys sorted", {"b": 1, "a": "x"}, ""),
    ("keys lower-cased and sorted, nesting",
     {"Global": {"CheckNewVersion": True, "sendAnonymousUsage": False},
      "API": {}, "entryPoints": {"Web": {"address": ":80"}}}, ""),
    ("same document keyed", {"Global": {"CheckNewVersion": True,
                                        "sendAnonymousUsage": False},
                             "API": {}, "entryPoints": {"Web": {"address": ":80"}}},
     "fleet-secret"),
    ("numbers", {"int": -42, "zero": 0, "r": 0.1, "one": 1.0, "half": 1.5,
                 "big": 1e100, "small": 1e-07, "negzero": -0.0,
                 "int64": 9007199254740993, "third": 1.0 / 3}, ""),
    ("string escapes", {"s": "q\" b\\ n\n t\t c\u0001 d\u007f / \u00e9 \u20ac"}, ""),
    ("arrays, null, false", {"a": [3, 1, 2, [], {}], "n": None, "f": False}, ""),
    ("keys equal once lower-cased", {"a": 2, "A": 1, "B": {"Z": 1, "y": 2}}, ""),
    ("array at the root", [{"B": 1, "a": 2}, "x"], "k"),
    ("scalar at the root", "just a string", ""),
]

ANON_CASES = ["seed-docs-indented", "providers", "entrypoints-acme"]


def main():
    out = {"about": "Beacon config hash vectors; see tests/HASH_VECTORS.md",
           "vectors": [], "config_hash": []}
    for name, doc, key in DOCS:
        c = canon(doc)
        out["vectors"].append({"name": name, "doc": doc, "key": key,
                               "canonical": c.decode("utf-8"),
                               "hash": hash64(key.encode(), c)})
    for case in ANON_CASES:
        base = "tests/data/anon/%s/" % case
        full = json.load(open(base + "input.json"))
        anon = json.load(open(base + "expected.json"))
        out["config_hash"].append({
            "name": case + ", no hashKey: anonymized config, empty key",
            "config": base + "input.json", "hash_key": "",
            "hash": hash64(b"", canon(anon))})
        out["config_hash"].append({
            "name": case + ", hashKey: full config",
            "config": base + "input.json", "hash_key": "drift-key",
            "hash": hash64(b"drift-key", canon(full))})
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
