#!/bin/sh
# Print the project's own C/C++ source files, one per line (tracked and
# untracked-but-not-ignored), relative to the repository root.
cd "$(dirname "$0")/../.." || exit 1
if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard -- \
        '*.c' '*.h' '*.cpp' '*.hpp' | while read -r f; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done
else
    find common client server tests -name '*.[ch]' -o -name '*.cpp'
fi
