#!/bin/sh
# Fuzz smoke test (CI): build the libFuzzer targets into build/ci-fuzz
# (clang, Debug, ASan+UBSan) and run each one briefly over its seed corpus.
# Fails on any crash, leak, sanitizer report or broken property.
#
#   tests/fuzz/smoke.sh [SECONDS]     default 5 seconds per target
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-5}
build=build/ci-fuzz
targets="base64 version payload yaml toml json json_check flags env anonymize hash oom clientip rfc3339 version_key releases http"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DBEACON_WERROR=ON -DBEACON_SANITIZER=address,undefined \
    -DBEACON_BUILD_FUZZ=ON -DBEACON_BUILD_TESTS=ON \
    -DBEACON_BUILD_SERVER=ON -DBEACON_BUILD_CLIENT=ON >/dev/null
cmake --build "$build" -j 2 --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=""
for t in $targets; do
    # New inputs go to a scratch directory: the committed corpus stays as is.
    mkdir -p "$work/$t"
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
    if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$work/" $dict \
        "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
        printf '  fuzz_%-10s ok   %s\n' "$t" \
            "$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$work/$t.log" | tail -1 | cut -c1-60)"
    else
        printf '  fuzz_%-10s FAILED\n' "$t"
        tail -40 "$work/$t.log"
        failed="$failed $t"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz smoke: failures in:$failed"
    exit 1
fi
echo "fuzz smoke: all targets ran clean"
