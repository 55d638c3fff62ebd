#!/bin/sh
# Check that tests/gates/sql.sh catches SQL built by formatting: each
# planted example (one per file in a temporary directory) must make the
# gate fail, and the bound-parameter version must pass it.
set -eu
gate="$(cd "$(dirname "$0")/../gates" && pwd)/sql.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

plant() { # name, C text
    printf '%s\n' "$2" >"$tmp/$1.c"
    if sh "$gate" "$tmp/$1.c" >/dev/null 2>&1; then
        echo "sql_gate_check: NOT caught: $1"
        fails=$((fails + 1))
    else
        echo "sql_gate_check: caught: $1"
    fi
}

plant one_line 'snprintf(q, sizeof(q), "SELECT * FROM reports WHERE hash = '"'"'%s'"'"'", h);'
plant split_format 'snprintf(q, sizeof(q),
	 "DELETE FROM reports WHERE ip = '"'"'%s'"'"'", ip);'
plant continued_literal 'n = snprintf(q, sizeof(q), "UPDATE releases SET body = "
	"'"'"'%s'"'"' WHERE id = %lld", body, id);'
plant mprintf 'char *q = sqlite3_mprintf("INSERT INTO checks (ip) VALUES (%Q)", ip);'
plant lower_case 'snprintf(q, sizeof(q), "select ip from checks where product = %s", p);'
plant order_by 'snprintf(q, sizeof(q),
	"SELECT id FROM reports ORDER BY %s", column);'

printf '%s\n' 'sqlite3_prepare_v2(db, "SELECT ip FROM checks WHERE product = ?1", -1, &st, NULL);' \
    'snprintf(msg, sizeof(msg), "cannot open %s: %s", path, why);' >"$tmp/bound.c"
if ! sh "$gate" "$tmp/bound.c" >/dev/null 2>&1; then
    echo "sql_gate_check: bound parameters refused (false positive)"
    fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] && echo "sql_gate_check: ok" && exit 0
exit 1
