#!/bin/sh
# Install the build into a temporary prefix, build the example host
# against it with pkg-config and with the CMake package (shared and
# static, from a C-only CMake project: no C++ linker adds libstdc++), run
# each against the beacond at URL, check that beacon.h compiles without
# Jansson's headers and that the shared library exports only beacon_*
# symbols.
#   client_install.sh BINARY_DIR SOURCE_DIR WORK_DIR URL
set -eu
bin=$1 src=$2 work=$3 url=$4
prefix="$work/prefix"
cmake --install "$bin" --prefix "$prefix" >"$work/install.log"
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name beacon.pc | head -n 1)")
export PKG_CONFIG_PATH
libdir=$(pkg-config --variable=libdir beacon)

exported=$(nm -D --defined-only "$libdir/libbeacon.so" | awk '{print $3}' |
    grep -v '^beacon_' | grep -v '^BEACON_0$' || true)
if [ -n "$exported" ]; then
    echo "libbeacon.so exports non-API symbols: $exported" >&2
    exit 1
fi

# beacon.h needs no Jansson headers: with jansson.h's guard predefined, an
# #include <jansson.h> in it would be empty and json_t undeclared.
cc -std=c11 -Wall -Wextra -Werror -DJANSSON_H -fsyntax-only \
    -I"$prefix/include" "$src/client/examples/host.c"

# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror "$src/client/examples/host.c" \
    $(pkg-config --cflags --libs beacon) -Wl,-rpath,"$libdir" -o "$work/host"
"$work/host" "$url" traefik/traefik 3.1.2 >"$work/host.out" 2>"$work/host.err"
grep -q '^newer release: 3.1.3 ' "$work/host.out"
grep -q 'beacon: version check enabled' "$work/host.err"

cmake -S "$src/client/examples" -B "$work/cmake" \
    -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake.log"
cmake --build "$work/cmake" >>"$work/cmake.log"
for h in host host_static; do
    "$work/cmake/$h" "$url" traefik/traefik 3.1.3 >"$work/$h.out" 2>/dev/null
    grep -q '^up to date' "$work/$h.out"
done
echo "client_install: ok"
