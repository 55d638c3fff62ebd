#!/bin/sh
# The test command of the README: installs what is missing, builds, and runs
# every test and quality gate. Exit status 0 only if all of them pass.
#
#   tests/run.sh            everything (what .ci/run runs)
#   tests/run.sh --quick    one build, no sanitizer pass, no fuzz smoke
#
# Builds go to build/ci-werror and build/ci-asan; logs to build/ci-*.log.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
quick=0
[ "${1:-}" = "--quick" ] && quick=1
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
deploy/install-deps.sh

step "source gates"
tests/gates/format.sh
tests/gates/banned.sh
tests/gates/sql.sh

# run_ctest DIR LABEL_ARGS...: run CTest, keep the full log, show Check's
# per-suite summary lines and CTest's verdict.
run_ctest() {
    dir=$1; shift
    log="$dir.ctest.log"
    status=0
    (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 600 "$@") \
        >"$log" 2>&1 || status=$?
    (cd "$dir" && cat Testing/Temporary/LastTest.log 2>/dev/null) |
        grep -E '^Running suite|^[0-9]+%: Checks: ' | paste - - |
        sed 's/^Running suite(s): */  /' || true
    grep -vE '^ *[0-9]+/[0-9]+ Test +#' "$log" | sed -n '/tests passed\|tests failed\|Failed\|\*\*\*/,$p'
    return $status
}

step "build with -Werror (RelWithDebInfo)"
cmake -S . -B build/ci-werror -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBEACON_WERROR=ON -DCMAKE_INSTALL_PREFIX="$root/build/ci-werror/prefix" >/dev/null
cmake --build build/ci-werror -j "$jobs"

step "tests (werror build)"
run_ctest build/ci-werror

[ $quick -eq 1 ] && exit 0

step "build with ASan+UBSan (Debug)"
cmake -S . -B build/ci-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DBEACON_WERROR=ON -DBEACON_SANITIZER=address,undefined >/dev/null
cmake --build build/ci-asan -j "$jobs"

step "tests under ASan+UBSan"
# Sanitized code runs 2-4x slower: Check's per-test timeouts scale with it.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
CK_TIMEOUT_MULTIPLIER=3 \
    run_ctest build/ci-asan -LE slow -E '^bench_' # the bench smoke measures, it does not check memory

if [ -x tests/fuzz/smoke.sh ]; then
    step "fuzz smoke"
    tests/fuzz/smoke.sh
fi
echo
echo "tests/run.sh: all gates and tests passed"
