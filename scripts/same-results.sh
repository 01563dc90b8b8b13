#!/usr/bin/env bash
# Checks that a change does not move results: builds BASE (a commit) and the work tree in release mode, runs
# every shipped scenario at two seeds with both binaries, and compares the files byte for byte.
#
#   scripts/same-results.sh BASE_COMMIT            # e.g. scripts/same-results.sh main~3
#   KEEP=1 scripts/same-results.sh BASE_COMMIT     # keep the output folders for a look
#
# What is compared (`cascade run`, one replication each, seeds $SEEDS):
#   - every Scenarios/*.toml and Scenarios/bench/*.toml (scale-1m at 100k positions x 30 days);
#   - variants of the baseline that reach the code the shipped files do not: each of the five mechanisms,
#     defending borrowers with new arrivals, inventory capital, polling bots, an AMM-reading oracle;
#   files: runs.csv, timeseries.csv, liquidations.csv, liquidators.csv;
#   - the sweeps of Scenarios/bench/sweep-small.toml and of Scenarios/black-thursday-liq2.toml (cases):
#     runs.csv, liquidators.csv and summary.csv.
# A file the base build does not write at all is a new output: it is listed, not compared.
# A CSV whose header only gains columns (a stated change of output) is compared column by column: every column
# both builds write must be byte-identical, and the added columns are listed.
# Exit status: 0 when everything is identical, 1 when a file differs (each difference is listed), 2 on a
# usage or build problem. The base build is cached in .build-same/<commit> (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ $# -lt 1 ]; then
  echo "usage: scripts/same-results.sh BASE_COMMIT" >&2
  exit 2
fi
base=$(git rev-parse --verify "$1^{commit}" 2>/dev/null) || { echo "same-results: '$1' is not a commit" >&2; exit 2; }
SEEDS=${SEEDS:-"7 1234"}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

bash scripts/setup.sh

# Base binary: a worktree at the commit, built once.
base_tree="$root/.build-same/$base"
if [ ! -x "$base_tree/.build/release/cascade" ]; then
  rm -rf "$base_tree"
  mkdir -p "$root/.build-same"
  git worktree prune
  git worktree add --detach "$base_tree" "$base" >/dev/null
  echo "same-results: building base $base ..." >&2
  (cd "$base_tree" && swift build -c release --product cascade >/dev/null) || { echo "same-results: base build failed" >&2; exit 2; }
fi
echo "same-results: building the work tree ..." >&2
swift build -c release --product cascade >/dev/null || { echo "same-results: build failed" >&2; exit 2; }

out=$(mktemp -d "${TMPDIR:-/tmp}/same-results.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
binaries=("base:$base_tree/.build/release/cascade" "new:$root/.build/release/cascade")

# name|scenario|--set arguments (space-separated, no spaces inside a value)|sed script applied to a copy of the
# scenario first (for changes --set cannot make, such as removing a key)
cases=()
for f in Scenarios/*.toml Scenarios/bench/*.toml; do
  name=$(basename "$f" .toml)
  case "$name" in
    scale-1m) cases+=("$name|$f|positions.count=100000 simulation.horizon=30d") ;;
    crash-1m) cases+=("$name|$f|positions.count=20000") ;;
    *) cases+=("$name|$f|") ;;
  esac
done
b=Scenarios/baseline.toml
inventory='s/^capital = "flash-loan"/capital = "inventory"\ncapital_usd = 2000000.0/; /^flash_loan_fee/d'
cases+=(
  "baseline-dutch|$b|protocol.liquidation={mechanism=\"dutch-auction\",tip=50,chip=0.001,dust=100}"
  "baseline-english|$b|protocol.liquidation={mechanism=\"english-auction\"}|$inventory"
  "baseline-backstop|$b|protocol.liquidation={mechanism=\"backstop-pool\",initial_balance=2000000,refill_half_life_seconds=\"6h\",fallback={type=\"fixed-spread\"}}"
  "baseline-backstop-open|$b|protocol.liquidation={mechanism=\"backstop-pool\",initial_balance=500000}"
  "baseline-borrowers|$b|borrowers.enabled=true borrowers.new_positions_per_day=200"
  "baseline-poll|$b|liquidators[0].monitoring=\"poll\" liquidators[0].poll_interval=30|$inventory"
  "baseline-amm-oracle|$b||/^type = \"chainlink\"/,/^latency_seconds/c type = \"amm-spot\""
  "baseline-soft|$b|protocol.liquidation={mechanism=\"soft-liquidation\",bands_min=4,bands_max=20}"
)

run_case() {  # bin_label bin name scenario sets seed
  local label=$1 bin=$2 name=$3 scenario=$4 sets=$5 seed=$6
  local args=()
  for s in $sets; do args+=(--set "$s"); done
  local dir="$out/$label/$name-$seed"
  if ! "$bin" run "$scenario" --seed "$seed" --out "$dir" "${args[@]}" >"$dir.log" 2>&1; then
    echo "FAILED"
    return
  fi
  echo "ok"
}

status=0
compared=0
added_columns=""
new_files=""

# Byte comparison; when the headers differ only by columns the new build adds (a stated change of output,
# not of results), every column both have is compared byte for byte instead, row by row.
compare() {  # base_file new_file label
  compared=$((compared + 1))
  cmp -s "$1" "$2" && return 0
  local verdict
  verdict=$(python3 - "$1" "$2" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline=""))); b = list(csv.reader(open(sys.argv[2], newline="")))
if not a or not b or len(a) != len(b) or not set(a[0]) <= set(b[0]):
    print("differs"); sys.exit()
idx = [b[0].index(c) for c in a[0]]
for ra, rb in zip(a[1:], b[1:]):
    if ra != [rb[i] for i in idx]:
        print("differs"); sys.exit()
print("same-but-added " + " ".join(c for c in b[0] if c not in a[0]))
PY
)
  case "$verdict" in
    same-but-added*) added_columns="${verdict#same-but-added }" ;;
    *) echo "  DIFFERS: $3"; status=1 ;;
  esac
}
for entry in "${cases[@]}"; do
  IFS='|' read -r name scenario sets transform <<<"$entry"
  if [ -n "$transform" ]; then
    # A copy beside the original, so relative data paths still resolve.
    variant="$(dirname "$scenario")/.same-results-$name.toml"
    sed "$transform" "$scenario" >"$variant"
    scenario=$variant
  fi
  for seed in $SEEDS; do
    for bl in "${binaries[@]}"; do
      label=${bl%%:*}; bin=${bl#*:}
      mkdir -p "$out/$label"
      r=$(run_case "$label" "$bin" "$name" "$scenario" "$sets" "$seed")
      if [ "$r" != ok ]; then
        echo "  $name seed $seed: the $label binary failed: $(tail -n 3 "$out/$label/$name-$seed.log" | tr '\n' ' ')"
        status=1
      fi
    done
    for file in runs.csv timeseries.csv liquidations.csv liquidators.csv; do
      a="$out/base/$name-$seed/$file"; n="$out/new/$name-$seed/$file"
      [ -f "$a" ] || [ -f "$n" ] || continue
      if [ ! -f "$a" ] && [ -f "$n" ]; then new_files="$new_files $file"; continue; fi
      compare "$a" "$n" "$name seed $seed $file"
    done
  done
  [ -z "$transform" ] || rm -f "$scenario"
  echo "same-results: $name done" >&2
done

for sweep in Scenarios/bench/sweep-small.toml Scenarios/black-thursday-liq2.toml; do
  name=$(basename "$sweep" .toml)
  for bl in "${binaries[@]}"; do
    label=${bl%%:*}; bin=${bl#*:}
    if ! "$bin" sweep "$sweep" -j "$JOBS" --out "$out/$label/sweep-$name" >"$out/$label/sweep-$name.log" 2>&1; then
      echo "  sweep $name: the $label binary failed: $(tail -n 3 "$out/$label/sweep-$name.log" | tr '\n' ' ')"
      status=1
    fi
  done
  for file in runs.csv liquidators.csv summary.csv; do
    a="$out/base/sweep-$name/$file"; n="$out/new/sweep-$name/$file"
    if [ ! -f "$a" ] && [ -f "$n" ]; then new_files="$new_files sweep/$file"; continue; fi
    compare "$a" "$n" "sweep $name $file"
  done
  echo "same-results: sweep $name done" >&2
done

[ -z "$new_files" ] || echo "same-results: files only the new build writes (not compared):$(echo "$new_files" | tr ' ' '\n' | sort -u | tr '\n' ' ')"
if [ $status -eq 0 ] && [ -n "$added_columns" ]; then
  echo "same-results: all $compared files identical to $base in every column both have; the new build adds: $added_columns"
elif [ $status -eq 0 ]; then
  echo "same-results: all $compared files byte-identical to $base (${#cases[@]} scenarios x seeds $SEEDS, 2 sweeps)"
else
  echo "same-results: differences against $base (outputs kept in $out)"
  trap - EXIT
fi
exit $status
