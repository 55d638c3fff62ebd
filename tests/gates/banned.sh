#!/bin/sh
# Gate: no call to an unbounded or unsafe libc function in the project's code.
set -eu
cd "$(dirname "$0")/../.."
banned='strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atoll|gets'
files=$(tests/gates/sources.sh)
# \b(name)\s*\( but not snprintf/vsnprintf/strtok_r (preceded by a letter).
# shellcheck disable=SC2086
hits=$(grep -nE "(^|[^A-Za-z0-9_])($banned)[[:space:]]*\(" $files || true)
if [ -n "$hits" ]; then
    echo "$hits" >&2
    echo "banned: FAILED (use snprintf, beacon_buf, strtol with checks)" >&2
    exit 1
fi
echo "banned: ok ($(echo "$files" | wc -l) files)"
