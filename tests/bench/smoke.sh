#!/bin/sh
# smoke.sh BUILD_DIR OUT_DIR - CTest bench_smoke: the harness with --smoke
# against an existing build; passes when it exits 0 (every row-count check
# held) and results.json has every section. No timing is asserted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
status=0
sh "$here/run.sh" --smoke --build-dir "$1" --out "$2" || status=$?
[ $status -eq 0 ] || exit $status
json=$2/results.json
for s in meta checks reports memory client anon row_checks targets; do
	grep -q "^  \"$s\": " "$json" || { echo "smoke: no section $s in $json"; exit 1; }
done
grep -q '"result": "MISMATCH"' "$json" && { echo "smoke: row-count mismatch"; exit 1; }
grep -q '"result": "ok"' "$json" || { echo "smoke: no row-count check ran"; exit 1; }
echo "smoke: results.json complete, row-count checks ok"
