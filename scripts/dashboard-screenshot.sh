#!/usr/bin/env bash
# scripts/dashboard-screenshot.sh — the screenshots of docs/DASHBOARD.md: the dashboard while a
# run trains, and again when it has ended, taken with headless Chromium.
#   1. `synapse examples run fake_reg` (a finished run, 250 epochs, on its synthetic CSV);
#   2. `synapse train` on the same CSV with another network, 30,000 epochs, in the background;
#   3. `synapse dashboard` on the folder of both runs;
#   4. a screenshot once the second run has logged 2,000 epochs, and one after it ends.
# Chromium (Debian's `chromium`) is installed with apt-get when missing: a tool for these
# pictures only, not something Synapse needs to build, test or run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing chromium (apt-get), for the screenshots only..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
swift build --product synapse
bin=$(swift build --show-bin-path)/synapse
runs=$(mktemp -d)
out=docs/figures
mkdir -p "$out"
"$bin" examples run fake_reg --out "$runs/fake_reg" --quiet
"$bin" train --data "$runs/fake_reg/fake_reg_synthetic.csv" --target price --layers dense:8:relu,dense:8:relu,dense:1 \
    --epochs 30000 --out "$runs/wider" --quiet &
train=$!
"$bin" dashboard "$runs" --port 6123 > "$runs/dashboard.log" 2>&1 &
server=$!
trap 'kill $server $train 2>/dev/null || true; rm -rf "$runs"' EXIT
# Wait until the second run (still in its staging folder) has logged 2,000 epochs.
until [ "$(cat "$runs"/.wider.partial-*/events.jsonl 2>/dev/null | grep -c '"type":"epoch"')" -ge 2000 ]; do sleep 0.5; done
shot() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1100 \
        --virtual-time-budget=4000 --screenshot="$1" 'http://127.0.0.1:6123/?log=1' 2>/dev/null
}
shot "$out/dashboard-training.png"
wait $train
sleep 1
shot "$out/dashboard-ended.png"
echo "wrote $out/dashboard-training.png and $out/dashboard-ended.png"
