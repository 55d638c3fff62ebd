#!/bin/sh
# Run the reliability tests with their printed figures, one command:
#
#   tests/reliability/run.sh [crash|crash_long|storage|flood|flood_long|
#                             client|access|sql_gate|all]   (default: all)
#
# Builds (RelWithDebInfo, -Werror) into build/rely unless BUILD_DIR is set,
# then runs the CTest test(s) verbosely. BEACON_RELY_SEED=N replays the
# kill moments of a crash run; BEACON_RELY_POLL_MODE=epoll runs the flood
# suite against beacond's epoll listener. storage needs root (tmpfs mounts in a
# private mount namespace); it is skipped (77) otherwise.
set -eu
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build/rely}
which=${1:-all}
case $which in
all) pattern='^test_rely_' ;;
crash | crash_long | storage | flood | flood_long | client | access | sql_gate)
    pattern="^test_rely_${which}\$" ;;
*) echo "usage: $0 [crash|crash_long|storage|flood|flood_long|client|access|sql_gate|all]" >&2
   exit 2 ;;
esac
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBEACON_WERROR=ON >/dev/null
cmake --build "$build" -j 2 >"$build/build.log" 2>&1 || {
    tail -30 "$build/build.log"
    exit 1
}
cd "$build"
status=0
ctest -R "$pattern" -V --timeout 900 >rely.log 2>&1 || status=$?
grep -E '^[0-9]+: (crash|storage|flood|client|host|access|sql_gate_check|[0-9]+%)|tests passed|tests failed|Failed|\*\*\*' rely.log || true
echo "full log: $build/rely.log"
exit $status
