#!/bin/sh
# Gate: no SQL assembled by string formatting. Statements are literals and
# values are bound; a printf-family call whose format contains an SQL verb is
# refused.
set -eu
cd "$(dirname "$0")/../.."
files=$(tests/gates/sources.sh)
# shellcheck disable=SC2086
hits=$(grep -nEi '(printf|sqlite3_mprintf|strcat)[^;]*"[^"]*(select |insert |update |delete |drop |create |alter |replace into)' $files || true)
if [ -n "$hits" ]; then
    echo "$hits" >&2
    echo "sql: FAILED (bind parameters instead of formatting SQL)" >&2
    exit 1
fi
echo "sql: ok"
