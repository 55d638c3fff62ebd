#!/bin/sh
# test_systemd_unit.sh SRC_DIR BEACOND - deploy/beacond.service passes
# `systemd-analyze verify` (on a copy whose ExecStart/ExecReload run the
# built beacond and whose man page resolves from deploy/man) and scores an
# exposure below MAX_EXPOSURE with `systemd-analyze security --offline=true`.
# Exit 77 (skipped) when systemd-analyze or its --offline mode is absent.
set -eu
SRC=$1
BEACOND=$2
# Measured 1.2 with systemd 252 (Debian 12); above 2.0 a hardening line
# was lost.
MAX_EXPOSURE=2.0

command -v systemd-analyze >/dev/null 2>&1 || { echo "no systemd-analyze"; exit 77; }
systemd-analyze security --help 2>/dev/null | grep -q -- '--offline' ||
	{ echo "systemd-analyze security has no --offline"; exit 77; }
[ -x "$BEACOND" ] || { echo "FAIL: $BEACOND is not executable"; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/man/man8" "$TMP/unit"
cp "$SRC/deploy/man/beacond.8" "$TMP/man/man8/beacond.8"
UNIT="$TMP/unit/beacond.service"
sed "s|/usr/bin/beacond|$BEACOND|g" "$SRC/deploy/beacond.service" >"$UNIT"
grep -q "^ExecStart=$BEACOND serve" "$UNIT" || { echo "FAIL: ExecStart not rewritten"; exit 1; }

if ! MANPATH="$TMP/man" systemd-analyze verify "$UNIT" >"$TMP/verify.log" 2>&1; then
	cat "$TMP/verify.log"
	echo "FAIL: systemd-analyze verify"
	exit 1
fi
if [ -s "$TMP/verify.log" ]; then
	cat "$TMP/verify.log"
	echo "FAIL: systemd-analyze verify printed warnings"
	exit 1
fi

systemd-analyze security --offline=true --no-pager "$UNIT" >"$TMP/sec.log" 2>&1 || true
score=$(sed -n 's/.*Overall exposure level for beacond.service: \([0-9.]*\).*/\1/p' "$TMP/sec.log")
if [ -z "$score" ]; then
	cat "$TMP/sec.log"
	echo "FAIL: no exposure score"
	exit 1
fi
echo "exposure score: $score (threshold $MAX_EXPOSURE)"
awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s < m) }' ||
	{ grep '✗' "$TMP/sec.log"; echo "FAIL: exposure $score >= $MAX_EXPOSURE"; exit 1; }

# Every directive the brief requires is present in the shipped unit.
for d in 'User=beacon' 'StateDirectory=beacon' 'ConfigurationDirectory=beacon' \
	'ProtectSystem=strict' 'ProtectHome=yes' 'NoNewPrivileges=yes' \
	'PrivateTmp=yes' 'PrivateDevices=yes' \
	'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
	'SystemCallFilter=@system-service' 'CapabilityBoundingSet=' \
	'UMask=0077' 'Restart=on-failure' 'TimeoutStopSec=' 'ExecReload='; do
	grep -q "^$d" "$SRC/deploy/beacond.service" || { echo "FAIL: missing $d"; exit 1; }
done
echo "ok"
