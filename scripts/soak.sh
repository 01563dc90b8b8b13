#!/usr/bin/env bash
# Soak test: one long sweep of a tiny scenario, watching the process for leaks of memory or file descriptors.
#
#   bash scripts/soak.sh .build/release/cascade [RUNS=100000] [JOBS=nproc]
#
# Samples VmRSS (/proc/PID/status) and the number of open descriptors (/proc/PID/fd) every second and prints
# the first sample, the largest and the last, then checks the sweep wrote every run. Memory that grows with
# the number of runs (rather than settling) or descriptors that climb are bugs.
set -euo pipefail
bin="${1:?usage: soak.sh path/to/cascade [runs] [jobs]}"
runs="${2:-100000}"
jobs="${3:-$(nproc 2>/dev/null || echo 2)}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cascade-soak.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 2 design points × runs/2 replications of 20 positions over 6 hours of 10-minute ticks.
cat > "$work/soak.toml" <<TOML
[simulation]
name = "soak"
seed = 11
horizon = "6h"
tick = "10m"
[price]
[[price.assets]]
name = "ETH"
model = "gbm"
initial_price = 2000.0
annual_volatility = 1.5
[market]
[[market.pools]]
name = "pool"
depth_usd = 5_000_000.0
[protocol]
[[protocol.collateral]]
name = "ETH"
ltv = 0.80
liquidation_threshold = 0.825
liquidation_bonus = 0.05
[protocol.liquidation]
mechanism = "fixed-spread"
[positions]
count = 20
size = { type = "lognormal", zeta = 8.5, sigma = 1.0 }
initial_health_factor = { type = "pareto", shape = 3.0, scale = 1.02 }
[network]
block_time_seconds = 60
[metrics]
sample_interval = "1h"
[sweep]
replications = $(( (runs + 1) / 2 ))
[[sweep.parameters]]
key = "protocol.collateral[0].liquidation_bonus"
values = [0.05, 0.10]
TOML

start=$(date +%s)
"$bin" sweep "$work/soak.toml" --out "$work/out" -j "$jobs" > "$work/stdout" 2> "$work/stderr" &
pid=$!
first="" max_rss=0 max_fd=0 last=""
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l || true)
    if [ -n "$rss" ]; then
        rows_now=$( (cat "$work/out/runs.csv" 2>/dev/null || true) | wc -l); done_rows=$(( rows_now - 1 ))
        elapsed=$(( $(date +%s) - start ))
        sample="rss ${rss} kB, ${fds} open fds, ${done_rows} runs done, ${elapsed} s"
        # "Start" is the first sample with work under way (the scenario read, the workers running).
        if [ -z "$first" ] && [ "$done_rows" -gt 0 ]; then first="$sample"; fi
        last="$sample"
        if [ $(( elapsed % 10 )) -eq 0 ]; then echo "  $sample"; fi
        if [ "$rss" -gt "$max_rss" ]; then max_rss=$rss; fi
        if [ "$fds" -gt "$max_fd" ]; then max_fd=$fds; fi
    fi
    sleep 1
done
status=0; wait "$pid" || status=$?
rows=$(( $(wc -l < "$work/out/runs.csv") - 1 ))
echo "soak: $runs runs requested, $rows written, exit status $status, $(( $(date +%s) - start )) s, -j $jobs"
echo "  first sample: $first"
echo "  last sample:  $last"
echo "  peak:         rss ${max_rss} kB, ${max_fd} open fds"
tail -n 2 "$work/stderr"
[ "$status" -eq 0 ] && [ "$rows" -ge "$runs" ]
