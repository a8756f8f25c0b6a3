#!/usr/bin/env bash
# scripts/fuzz.sh TARGET SECONDS — builds the libFuzzer targets of Fuzz/ (with AddressSanitizer)
# and runs TARGET for SECONDS, starting from its committed seeds (Fuzz/Corpus/TARGET); `all`
# runs every target in turn, `list` names them. Inputs the fuzzer finds go to
# Fuzz/.build/corpus/TARGET, crashing inputs to Fuzz/.build/artifacts/TARGET/. Exits non-zero
# when a target crashes, leaks, times out (10 s an input) or goes beyond 2 GB of memory.
# More options go to libFuzzer: FUZZ_ARGS="-runs=1000000" scripts/fuzz.sh csv 600.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(csv dates gzip idx cifar10 npy npz safetensors model modelconfig kerasconfig scaler preprocessing png jpeg)
if [[ $# -lt 1 || ( $1 != all && $1 != list && ! " ${targets[*]} " =~ " $1 " ) ]]; then
    echo "usage: scripts/fuzz.sh TARGET|all|list [SECONDS]   targets: ${targets[*]}" >&2
    exit 2
fi
if [[ $1 == list ]]; then printf '%s\n' "${targets[@]}"; exit 0; fi
seconds=${2:-60}
scripts/ensure-deps.sh >/dev/null
(cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address)
bin=$(cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address --show-bin-path)

# Swift's own backtracer would race ASan's report of a trap; libFuzzer prints the stack instead.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

run() {
    local target=$1
    local found=Fuzz/.build/corpus/$target artifacts=Fuzz/.build/artifacts/$target
    mkdir -p "$found" "$artifacts"
    echo "== fuzz-$target for ${seconds}s"
    # shellcheck disable=SC2086
    "$bin/fuzz-$target" "$found" "Fuzz/Corpus/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -timeout=10 -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-}
}

if [[ $1 == all ]]; then
    failed=()
    for target in "${targets[@]}"; do run "$target" || failed+=("$target"); done
    if (( ${#failed[@]} )); then echo "fuzz targets that failed: ${failed[*]}" >&2; exit 1; fi
else
    run "$1"
fi
