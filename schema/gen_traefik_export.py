#!/usr/bin/env python3
"""Generate schema/traefik-static.export.yaml from Traefik's export list.

Run by hand; the YAML it writes is committed, and so are its inputs
(schema/traefik/, copied from ../shared/testdata/traefik). Usage:

    python3 schema/gen_traefik_export.py > schema/traefik-static.export.yaml
    python3 schema/gen_traefik_export.py EXPORT_PATHS REDACTED_PATHS > ...
    python3 schema/gen_traefik_export.py --check schema/traefik-static.export.yaml

--check FILE exits 1 when FILE is not what the committed inputs generate
(a ctest runs it).

Inputs: export_paths.txt, lines "path<TAB>kind<TAB>file" (Traefik's
export:"true" fields), and redacted_paths.txt, lines "path<TAB>kind<TAB>..."
(the fields Traefik's walk reaches that are NOT exported), both described in
export_paths_notes.md. <name>/<key> placeholders (user-chosen map keys)
become "*", "[]" marks slice elements. The known but non-exported fields
become "redact": the anonymizer drops any key the schema does not name, so
the schema must name them for their values to become "xxxx" as Traefik's
do. Beacon's own decisions are applied on top (see HEADER).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUTS = [os.path.join(HERE, "traefik", "export_paths.txt"),
                  os.path.join(HERE, "traefik", "redacted_paths.txt")]

# Free-form string maps Traefik exports verbatim whose values Beacon redacts
# (header values, label values, resource attributes can carry secrets).
REDACT_VALUES = {
    "providers.http.headers",
    "metrics.prometheus.headerLabels",
    "metrics.influxDB2.additionalLabels",
    "metrics.otlp.resourceAttributes",
    "tracing.resourceAttributes",
    "tracing.globalAttributes",
}
# map<string> kinds whose values are an enumeration (keep|drop|redact): kept.
KEEP_VALUES = {
    "accessLog.fields.names",
    "accessLog.fields.headers.names",
}
# Beacon additions: exported leaves Traefik does not export.
EXTRA_KEEP = ["entryPoints.*.address"]
# Keys Traefik's file loader matches by Go field name where the json name
# differs (export_paths_notes.md): both spellings are named in the schema.
ALIASES = {
    "providers.knative.publicService.desc": "name",
    "providers.knative.privateService.desc": "name",
}
# Dynamic configuration sections: never collected, even in the same file.
ROOT_DROP = ["http", "tcp", "udp", "tls"]

HEADER = """\
# Beacon export schema: which parts of a product's static configuration may
# leave the host in an anonymous usage report. Generated from Traefik's
# export:"true" fields (traefik/traefik @ fd5a576df2e8, export_paths.txt) and
# the known non-exported fields (redacted_paths.txt, as "redact") by
# schema/gen_traefik_export.py from schema/traefik/, plus Beacon's decisions
# listed below.
#
# FORMAT (beacon-export-schema/1), usable by any product for its own config:
#   format:  "beacon-export-schema/1"
#   product: owner/repo the schema describes (informational)
#   export:  a nested mapping mirroring the configuration document. Each key
#            names a configuration key (matched case-insensitively; the output
#            keeps the user's spelling). Each value is one of:
#     <mapping>  exported object: walked; its members are looked up in this
#                mapping. The special key "*" matches any key not listed
#                (user-chosen map keys: entry point, resolver, plugin names);
#                "[]" describes the elements when the value is an array (a
#                slice of objects). An empty mapping {} exports the object
#                itself ("section enabled"); its members are unknown keys.
#     keep       exported leaf: a scalar or an array of scalars is kept.
#     redact     known key, not exported: the key is kept, its value
#                anonymized (a non-empty string becomes "xxxx", an array of
#                strings keeps its length with every element "xxxx",
#                anything else is dropped; nothing below it survives).
#                Also marks free-form maps whose values may be secret.
#     drop       key and value removed, whatever the value.
# A key the schema does not name at its position (and no "*" there) is
# unknown: the key is dropped together with its value, whatever the value
# (the product's own loader would reject or ignore it, so it is never part
# of the configuration the product reports; a secret written as a key must
# not leave the host). A value whose shape contradicts the schema (an object
# where "keep" says leaf, a string where a mapping says object) is treated
# as "redact".
# Every kept string and every kept key then goes through the masking pass
# (URLs, e-mails, IP addresses, host names -> 32 "x").
#
# BEACON DECISIONS on top of Traefik's list:
#   - entryPoints.*.address is kept (Traefik: "xxxx"); masking removes hosts.
#   - values of the exported free-form string maps are redacted:
#     %s
#     (keys kept). accessLog.fields.names / .headers.names keep their values
#     (keep|drop|redact modes).
#   - the dynamic sections %s are dropped at the root.
#   - providers.knative.{public,private}Service.name is named too (Traefik's
#     loader matches the Go field Name; its JSON name is desc).
"""


def parse(lines):
    paths = []
    for line in lines:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        path, kind = line.split("\t")[:2]
        path = path.split(" ")[0]  # "a.b.desc [Go field Name]"
        path = path.replace("<name>", "*").replace("<key>", "*")
        paths.append((path, kind))
    return paths


def node_for(tree, parts):
    node = tree
    for p in parts:
        child = node.get(p)
        if not isinstance(child, dict):
            child = {}
            node[p] = child
        node = child
    return node


def is_container(path, kind):
    if path in REDACT_VALUES or path in KEEP_VALUES:
        return True
    k = kind.split(" ")[0]
    return (k.startswith("ptr->struct") or k.startswith("struct")
            or k.startswith("map<") or k.startswith("slice<struct"))


def build(paths):
    tree = {}
    for path, kind in paths:
        parts = path.replace("[]", ".[]").split(".")
        if is_container(path, kind):
            node = node_for(tree, parts)
            if kind.startswith("slice<struct"):
                node_for(node, ["[]"])
            if path in REDACT_VALUES:
                node["*"] = "redact"
            elif path in KEEP_VALUES:
                node["*"] = "keep"
        elif parts[-1] == "*":
            continue  # map value lines, handled by the container above
        else:
            node_for(tree, parts[:-1])[parts[-1]] = "keep"
    for path in EXTRA_KEEP:
        parts = path.split(".")
        node_for(tree, parts[:-1])[parts[-1]] = "keep"
    return tree


def add_redacted(tree, paths):
    """Known, not exported: named as "redact" (an exported container or
    leaf of the same name wins)."""
    for path, _ in paths:
        parts = path.replace("[]", ".[]").split(".")
        names = [parts[-1]]
        if path in ALIASES:
            names.append(ALIASES[path])
        parent = node_for(tree, parts[:-1])
        for name in names:
            parent.setdefault(name, "redact")


def finish(tree):
    for key in ROOT_DROP:
        tree[key] = "drop"
    return tree


def quote(key):
    if key in ("*", "[]"):
        return '"%s"' % key
    return key


def emit(node, depth, out):
    for key, val in node.items():
        pad = "  " * depth
        if isinstance(val, dict):
            if val:
                out.append("%s%s:" % (pad, quote(key)))
                emit(val, depth + 1, out)
            else:
                out.append("%s%s: {}" % (pad, quote(key)))
        else:
            out.append("%s%s: %s" % (pad, quote(key), val))


def main():
    args = sys.argv[1:]
    check = None
    if args[:1] == ["--check"]:
        check, args = args[1], args[2:]
    inputs = args[:2] if len(args) >= 2 else DEFAULT_INPUTS
    with open(inputs[0], encoding="utf-8") as f:
        tree = build(parse(f))
    with open(inputs[1], encoding="utf-8") as f:
        add_redacted(tree, parse(f))
    finish(tree)
    header = HEADER % ("\n#     ".join(sorted(REDACT_VALUES)),
                       ", ".join(ROOT_DROP))
    out = [header.rstrip("\n")]
    out.append('format: "beacon-export-schema/1"')
    out.append("product: traefik/traefik")
    out.append("export:")
    emit(tree, 1, out)
    text = "\n".join(out) + "\n"
    if check is None:
        sys.stdout.write(text)
    else:
        with open(check, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("%s differs from the generator's output; "
                         "regenerate it" % check)


if __name__ == "__main__":
    main()
