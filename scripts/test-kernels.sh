#!/usr/bin/env bash
# Development check of Sources/CSynapseKernels with clang alone (seconds, no SwiftPM):
#  1. max ulp of exp/log/tanh/sigmoid against double <math.h> (STRIDE: every STRIDE-th float
#     bit pattern; default 64, 1 = exhaustive, about 3 minutes),
#  2. that the AVX-512F, AVX2 and baseline versions and a -O0 build give bit-identical outputs
#     (each built without multi-versioning for one target and checksummed).
# Usage: scripts/test-kernels.sh [STRIDE]
set -euo pipefail
cd "$(dirname "$0")/.."
stride="${1:-64}"
src=Sources/CSynapseKernels/SynapseKernels.c
inc=Sources/CSynapseKernels/include
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
CC="${CC:-clang}"

"$CC" -O2 -Wall -Wextra -I"$inc" "$src" scripts/kernels/test_kernels.c -lm -o "$out/tk"
echo "== accuracy (every ${stride}th bit pattern, every 4th float in [-1, 1])"
"$out/tk" ulp "$stride" 4

echo "== versions agree bit for bit"
"$out/tk" hash > "$out/dispatch.txt"
variants=("baseline:-O2" "O0:-O0")
grep -q avx2 /proc/cpuinfo && variants+=("avx2:-O2 -mavx2")
grep -q avx512f /proc/cpuinfo && variants+=("avx512f:-O2 -mavx512f")
status=0
for v in "${variants[@]}"; do
    name="${v%%:*}"; flags="${v#*:}"
    # shellcheck disable=SC2086
    "$CC" $flags -DSYN_KERNELS_NO_CLONES -I"$inc" "$src" scripts/kernels/test_kernels.c -lm -o "$out/tk-$name"
    "$out/tk-$name" hash > "$out/$name.txt"
    if diff -q "$out/dispatch.txt" "$out/$name.txt" > /dev/null; then
        echo "$name: identical to the dispatched version"
    else
        echo "$name: DIFFERS"; diff "$out/dispatch.txt" "$out/$name.txt" || true; status=1
    fi
done
exit $status
