#!/bin/sh
# Long local fuzzing run of one target:
#
#   tests/fuzz/run.sh TARGET SECONDS [extra libFuzzer options]
#
# e.g. tests/fuzz/run.sh yaml 600. Builds build/ci-fuzz (as smoke.sh does),
# grows tests/fuzz/findings/TARGET/corpus (seeded from the committed corpus),
# writes crashes, leaks and timeouts to tests/fuzz/findings/TARGET/ and the
# log to tests/fuzz/findings/TARGET/run-<date>.log (all git-ignored).
# Reproduce a finding: build/ci-fuzz/tests/fuzz/fuzz_TARGET FILE
# BEACON_FUZZ_NO_BUILD=1 skips the build (for runs side by side: two
# builds in one directory at once would race).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 TARGET SECONDS [libFuzzer options]" >&2; exit 2; }
cd "$(dirname "$0")/../.."
target=$1
seconds=$2
shift 2
build=build/ci-fuzz
out=tests/fuzz/findings/$target

if [ "${BEACON_FUZZ_NO_BUILD:-0}" != 1 ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DBEACON_WERROR=ON -DBEACON_SANITIZER=address,undefined \
        -DBEACON_BUILD_FUZZ=ON -DBEACON_BUILD_TESTS=ON \
        -DBEACON_BUILD_SERVER=ON -DBEACON_BUILD_CLIENT=ON >/dev/null
    cmake --build "$build" -j 2 --target "fuzz_$target"
fi

mkdir -p "$out/corpus"
log="$out/run-$(date -u +%Y%m%dT%H%M%SZ).log"
dict=""
[ -f "tests/fuzz/$target.dict" ] && dict="-dict=tests/fuzz/$target.dict"
status=0
"$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" \
    $dict "$@" "$out/corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1 ||
    status=$?
grep -E '^#[0-9]+' "$log" | tail -1
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" || true
echo "log: $log (exit $status)"
exit $status
