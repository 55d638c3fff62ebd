#!/bin/sh
# test_man_pages.sh SRC_DIR BEACOND BEACON - every long flag printed by
# `beacond --help` (and `release --help`, `stats --help`) appears in
# beacond(8), every one of `beacon --help` and `beacon COMMAND --help` in
# beacon(1); both pages render with groff without a warning. The pages are
# compared as rendered (what `man` shows), not as roff source.
set -eu
SRC=$1
BEACOND=$2
BEACON=$3
command -v groff >/dev/null 2>&1 || { echo "no groff"; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

render() { # page -> plain text, no hyphenation, long lines
	groff -man -Tascii -rHY=0 -rLL=250n -P-cbou "$1" 2>"$TMP/groff.err"
	if [ -s "$TMP/groff.err" ]; then
		cat "$TMP/groff.err"
		echo "FAIL: groff warns on $1"
		fail=1
	fi
}

check_flags() { # help text file, rendered page, page name
	flags=$(grep -o -- '--[A-Za-z][A-Za-z0-9._-]*' "$1" | sort -u)
	[ -n "$flags" ] || { echo "FAIL: no flags in the help of $3"; fail=1; }
	n=0
	for f in $flags; do
		n=$((n + 1))
		if ! grep -q -- "$f\([^A-Za-z0-9._-]\|\$\)" "$2"; then
			echo "FAIL: $f (from --help) missing in $3"
			fail=1
		fi
	done
	echo "$3: $n flags from --help checked"
}

# groff's own warnings, all categories
groff -man -Tutf8 -ww -z "$SRC/deploy/man/beacond.8" 2>"$TMP/w8" || fail=1
groff -man -Tutf8 -ww -z "$SRC/deploy/man/beacon.1" 2>"$TMP/w1" || fail=1
if [ -s "$TMP/w8" ] || [ -s "$TMP/w1" ]; then
	cat "$TMP/w8" "$TMP/w1"
	echo "FAIL: groff -ww warnings"
	fail=1
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=100 man -l "$SRC/deploy/man/beacon.1" >/dev/null 2>"$TMP/man.err" || fail=1
	[ ! -s "$TMP/man.err" ] || { cat "$TMP/man.err"; fail=1; }
fi

render "$SRC/deploy/man/beacond.8" >"$TMP/beacond.txt"
render "$SRC/deploy/man/beacon.1" >"$TMP/beacon.txt"

{
	"$BEACOND" --help
	"$BEACOND" release --help
	"$BEACOND" stats --help
} >"$TMP/beacond.help"
check_flags "$TMP/beacond.help" "$TMP/beacond.txt" "beacond(8)"

"$BEACON" --help >"$TMP/beacon.help"
for c in check report run anonymize hash; do
	"$BEACON" "$c" --help >>"$TMP/beacon.help"
done
check_flags "$TMP/beacon.help" "$TMP/beacon.txt" "beacon(1)"

# Commands, environment, signals and the exit status are documented.
for w in serve release stats SIGTERM SIGHUP 'EXIT STATUS' FILES; do
	grep -q "$w" "$TMP/beacond.txt" || { echo "FAIL: beacond(8) lacks $w"; fail=1; }
done
for w in check report run anonymize hash DO_NOT_TRACK BEACON_DISABLE \
	'EXIT STATUS' ENVIRONMENT; do
	grep -q "$w" "$TMP/beacon.txt" || { echo "FAIL: beacon(1) lacks $w"; fail=1; }
done
[ "$fail" -eq 0 ] && echo ok
exit "$fail"
