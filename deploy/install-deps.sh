#!/bin/sh
# Install, on Debian 12, every package Beacon needs to build, run and test.
# Idempotent: packages already present are left alone and apt is not touched.
#   deploy/install-deps.sh          build + runtime + test dependencies
#   deploy/install-deps.sh --bench  the same (kept for old instructions)
# nginx, groff, man and systemd-analyze are test dependencies (tests/deploy);
# wrk too: the CI smoke of the benchmark harness (tests/bench) drives it.
set -eu

PKGS="build-essential cmake ninja-build pkg-config git ca-certificates
libmicrohttpd-dev libcurl4-openssl-dev libsqlite3-dev sqlite3 libyaml-dev
libjansson-dev check libssl-dev libtomlplusplus-dev
clang clang-format libclang-rt-14-dev valgrind curl
golang-go golang-github-google-go-github-dev
nginx-light openssl groff-base man-db systemd wrk"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
