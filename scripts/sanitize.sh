#!/usr/bin/env bash
# scripts/sanitize.sh address|thread [swift test options] — the test suite under
# AddressSanitizer (with LeakSanitizer) or ThreadSanitizer, in a build folder of its own
# (.build-asan, .build-tsan), so the normal build is untouched. Options go to `swift test`:
#   scripts/sanitize.sh address
#   scripts/sanitize.sh thread --filter SynapseTensorTests
# docs/RELIABILITY.md records the runs and what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
    address) folder=.build-asan ;;
    thread) folder=.build-tsan ;;
    *) echo "usage: scripts/sanitize.sh address|thread [swift test options]" >&2; exit 2 ;;
esac
sanitizer=$1
shift
scripts/ensure-deps.sh >/dev/null
# Swift's crash backtracer would race the sanitizer's own report.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
swift build --build-tests -Xswiftc -sanitize="$sanitizer" --build-path "$folder"
swift test --skip-build -Xswiftc -sanitize="$sanitizer" --build-path "$folder" "$@"
