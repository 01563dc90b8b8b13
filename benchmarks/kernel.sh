#!/usr/bin/env bash
# Builds and runs the C reference of the hold-model benchmark and prints its result line
#   events=N seconds=S events_per_second=E final_time=T
# Arguments are passed on: [events=10000000] [pending=1000] [seed=42].
# `cascade bench kernel` prints the same line for the Swift kernel (Experiments.runHoldModel); the
# events_per_second ratio Swift / C is the figure to watch (target >= 0.9), and final_time must match exactly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/bin"
cc -O3 "$here/hold/hold.c" $(pkg-config --cflags --libs gsl) -o "$here/bin/hold_c"
exec "$here/bin/hold_c" "$@"
