#!/bin/sh
# Gate: no SQL assembled by string formatting. Statements are literals and
# values are bound. Refused:
#  1. a printf-family call whose format contains an SQL verb (one line);
#  2. a string literal holding an SQL keyword and a printf conversion,
#     wherever the call starts (formats split over several lines);
# except `PRAGMA user_version = %d` (an integer: PRAGMAs cannot bind).
# Usage: sql.sh [FILE...] (default: the project's sources).
# tests/reliability/sql_gate_check.sh checks that planted examples fail.
set -eu
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then
    files="$*"
else
    files=$(tests/gates/sources.sh)
fi
conv='%[-+ #0-9.*]*(hh|h|ll|l|z|j|t)?[sdiuxXqQwc]'
kw='(SELECT|INSERT|UPDATE|DELETE|REPLACE|DROP|CREATE|ALTER|WHERE|VALUES|FROM|SET|PRAGMA|ORDER BY|LIMIT)'
# shellcheck disable=SC2086
hits=$( (grep -nEi '(printf|sqlite3_mprintf|strcat)[^;]*"[^"]*(select |insert |update |delete |drop |create |alter |replace into)' $files || true
    grep -nE "\"[^\"]*\\b$kw\\b[^\"]*$conv" $files |
        grep -vE '"PRAGMA user_version = %d"' || true) | sort -u)
if [ -n "$hits" ]; then
    echo "$hits" >&2
    echo "sql: FAILED (bind parameters instead of formatting SQL)" >&2
    exit 1
fi
echo "sql: ok"
