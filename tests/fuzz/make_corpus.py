#!/usr/bin/env python3
"""Regenerate the seed corpora in tests/fuzz/corpus/<target>/ from the
project's own test data (tests/data). Run from anywhere; rewrites the
generated files (names start with "seed-"), leaves other files alone
(regression inputs found by fuzzing are committed beside them)."""
import base64
import glob
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def files(pattern):
    return sorted(glob.glob(os.path.join(DATA, pattern)))


def name_of(path):
    return os.path.relpath(path, DATA).replace("/", "-")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def no_comments(path):
    return b"".join(l for l in read(path).splitlines(True)
                    if not l.startswith(b"#") and l.strip())


def http_request(method, path, headers=(), body=b"", peer=1):
    """One fuzz_http input: the peer byte, then the raw request."""
    if isinstance(body, str):
        body = body.encode()
    head = "%s %s HTTP/1.1\r\nHost: beacon.example\r\n" % (method, path)
    head += "".join("%s: %s\r\n" % h for h in headers)
    return bytes([peer]) + head.encode() + b"\r\n" + body


def chunked(body):
    out = b""
    for i in range(0, len(body), 700):
        part = body[i:i + 700]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def http_seeds(payloads):
    rel = "/repos/traefik/traefik/releases"
    ua = ("User-Agent", "go-github")
    gets = {
        "healthz": ("/healthz", ()),
        "metrics": ("/metrics", ()),
        "releases": (rel, (ua,)),
        "releases-page": (rel + "?per_page=2&page=2", (ua,)),
        "releases-per-page-bad": (rel + "?per_page=1000&page=-1", ()),
        "releases-etag": (rel, (("If-None-Match", '"abc", W/"x"'),)),
        "releases-unknown": ("/repos/nobody/nothing/releases", ()),
        "not-found": ("/repos/x", ()),
    }
    for name, (path, headers) in gets.items():
        put("http", name, http_request("GET", path, headers))
    put("http", "head-releases", http_request("HEAD", rel))
    put("http", "bad-method", http_request("DELETE", rel))
    put("http", "collect-get", http_request("GET", "/collect"))
    json_ct = ("Content-Type", "application/json")
    for i, body in enumerate(payloads):
        length = ("Content-Length", str(len(body)))
        put("http", "collect-%02d" % i,
            http_request("POST", "/collect", (json_ct, length, ua), body,
                         peer=i & 3))
    body = payloads[-1]
    put("http", "collect-chunked", http_request(
        "POST", "/yYaUej3P42cziRVzv6T5w2aYy9po2Mrn",
        (json_ct, ("Transfer-Encoding", "chunked")), chunked(body.encode())))
    xff = ("X-Forwarded-For", "203.0.113.9, 10.0.0.7")
    put("http", "collect-xff", http_request(
        "POST", "/collect", (json_ct, ("Content-Length", str(len(body))), xff),
        body, peer=0))
    put("http", "collect-xff-v6", http_request(
        "POST", "/collect", (("Content-Length", str(len(body))),
                             ("X-Forwarded-For", "2001:db8::1,::1")),
        body, peer=2))
    put("http", "collect-bad-type", http_request(
        "POST", "/collect", (("Content-Type", "text/plain"),
                             ("Content-Length", "2")), "{}"))
    put("http", "collect-too-large", http_request(
        "POST", "/collect", (json_ct, ("Content-Length", "100000000"))))
    put("http", "collect-bad-json", http_request(
        "POST", "/collect", (json_ct, ("Content-Length", "7")), '{"versi'))
    put("http", "collect-truncated", http_request(
        "POST", "/collect", (json_ct, ("Content-Length", "90")), '{"versi'))
    put("http", "collect-deep", http_request(
        "POST", "/collect", (json_ct, ("Content-Length", "80")), "[" * 80))
    pipelined = http_request("GET", "/healthz", peer=1)
    pipelined += http_request("GET", rel, ((xff),))[1:]
    pipelined += http_request("POST", "/collect",
                              (json_ct, ("Content-Length", str(len(body)))),
                              body)[1:]
    put("http", "pipelined", pipelined)
    put("http", "garbage", b"\x01GET /\x00 HTTP/9.9\r\n\r\n")
    put("http", "http10", b"\x03GET /healthz HTTP/1.0\r\n\r\n")


def main():
    for f in files("config/*.yaml") + files("config/invalid/*.yaml") + \
            files("anon/*/input.yaml") + files("client/*.yaml"):
        put("yaml", name_of(f), read(f))
    for f in files("config/*.toml") + files("config/invalid/*.toml"):
        put("toml", name_of(f), read(f))
    for f in files("config/*.json") + files("config/invalid/*.json") + \
            files("anon/*/input.json"):
        put("json", name_of(f), read(f))
    flags = no_comments(os.path.join(DATA, "config/traefik.flags"))
    env = no_comments(os.path.join(DATA, "config/traefik.env"))
    put("flags", "traefik.flags", flags)
    put("env", "traefik.env", env)
    for i, line in enumerate(flags.splitlines()[:12]):
        put("flags", "line-%02d" % i, line)
    for i, line in enumerate(env.splitlines()[:12]):
        put("env", "line-%02d" % i, line)
    docs = files("config/traefik.*") + files("anon/*/input.*")
    for f in docs:
        if f.endswith((".flags", ".env")):
            continue
        put("anonymize", name_of(f), read(f))
        put("hash", name_of(f), read(f))
        for budget in (3, 40, 400):
            put("oom", "%d-%s" % (budget, name_of(f)),
                bytes([budget & 255, budget >> 8]) + read(f))
    payloads = []
    vectors = json.load(open(os.path.join(DATA, "hash/vectors.json")))
    for i, v in enumerate(vectors.get("vectors", [])):
        doc = v.get("doc", v.get("input")) if isinstance(v, dict) else None
        if isinstance(doc, dict):
            put("hash", "vector-%02d.json" % i, json.dumps(doc))
    for f in files("anon/*/expected.json"):
        conf = json.dumps(json.load(open(f)), separators=(",", ":"))
        b64 = base64.b64encode(conf.encode()).decode()
        put("base64", name_of(f), b64)
        digest = int.from_bytes(hashlib.sha256(conf.encode()).digest()[:8],
                                "big")
        body = {"version": "3.1.2", "codename": "comte",
                "buildDate": "2024-08-06T13:20:40Z", "configuration": b64,
                "hash": str(digest), "product": "traefik/traefik",
                "os": "linux", "arch": "amd64", "schemaVersion": 1}
        put("payload", name_of(f), json.dumps(body, separators=(",", ":")))
        payloads.append(json.dumps(body, separators=(",", ":")))
    put("payload", "minimal", '{"version":"v2.11.0","codename":"",'
        '"buildDate":"","configuration":"e30=","hash":"0"}\n')
    http_seeds(payloads + ['{"version":"v2.11.0","codename":"",'
                           '"buildDate":"","configuration":"e30=","hash":"0"}'])
    put("base64", "short", "YWI=")
    put("base64", "empty-object", "e30=")
    versions = ["v2.11.0\n3.0.0-rc.1\n3.0.0", "1.2.3-rc.1+build.5\n1.2.3-rc.beta\n1.2.3.4",
                "1.02.3beta\nv3.1\n1.2.3-", "2.10.7\n2.11.0-rc1\n2.11.0-rc.2",
                "1.0.0-alpha\n1.0.0-alpha.1\n1.0.0-alpha.beta",
                "1.0.0-beta.11\n1.0.0-rc.1\n1.0.0+20130313144700"]
    for i, text in enumerate(versions):
        put("version", "%02d" % i, text)
    rel = [{"id": 3, "tag_name": "v3.1.2", "name": "v3.1.2", "draft": False,
            "prerelease": False, "published_at": "2024-08-06T13:20:40Z",
            "html_url": "https://github.com/traefik/traefik/releases/tag/v3.1.2",
            "body": "notes"},
           {"id": 2, "tag_name": "v3.1.0-rc.1", "name": "v3.1.0-rc.1",
            "draft": False, "prerelease": True,
            "published_at": "2024-06-01T10:00:00Z",
            "html_url": "https://github.com/traefik/traefik/releases/tag/v3.1.0-rc.1",
            "body": ""}]
    for running in ["3.0.0", "v3.1.0-rc.0", "3.1.2", "dev"]:
        put("releases", running, running + "\n" + json.dumps(rel))
    put("releases", "empty", "2.0.0\n[]")
    put("releases", "error", '2.0.0\n{"message":"Not Found"}')
    for i, text in enumerate(["10.0.0.5\n203.0.113.7, 10.0.0.9\n10.0.0.0/8",
                              "[fd00::1]\n2001:db8::7,fd00::2\nfd00::/8\n10.0.0.0/8",
                              "192.168.1.1\n\n192.168.0.0/16",
                              "::ffff:10.1.2.3\nunknown, 198.51.100.4\n10.0.0.0/8"]):
        put("clientip", "%02d" % i, text)
    for i, text in enumerate(["2024-08-06T13:20:40Z", "2024-02-29t23:59:59.999+05:30",
                              "1970-01-01T00:00:00Z", "9999-12-31T23:59:59-00:00"]):
        put("rfc3339", "%02d" % i, text)
    for i, text in enumerate(["v3.1.0\n3.1.0-rc.1", "1.2.3-alpha.10\n1.2.3-alpha.9",
                              "2.11.0-rc1\n2.11.0-rc.2", "1.0.0-beta\n1.0.0-beta.11",
                              "1.2.3+build\n01.2.3"]):
        put("version_key", "%02d" % i, text)


if __name__ == "__main__":
    main()
