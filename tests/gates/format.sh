#!/bin/sh
# Gate: every C/C++ source is formatted as .clang-format says.
set -eu
cd "$(dirname "$0")/../.."
files=$(tests/gates/sources.sh)
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
    echo "format: FAILED (fix with: clang-format -i \$(tests/gates/sources.sh))" >&2
    exit 1
fi
echo "format: ok ($(echo "$files" | wc -l) files)"
