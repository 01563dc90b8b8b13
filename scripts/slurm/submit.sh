#!/bin/bash
# Submits a sharded Cascade sweep to Slurm: a job array of SHARDS tasks (scripts/slurm/sweep.sbatch), then a
# merge job that runs after the whole array has ended, however it ended (afterany): `cascade merge` checks
# that every run is there and says which shards to resubmit if not.
#
#   scripts/slurm/submit.sh SCENARIO OUT SHARDS [extra sbatch options ...]
#   scripts/slurm/submit.sh Scenarios/baseline.toml Results/baseline 16 --partition=long
#
# Environment: CASCADE (the binary; default dist/cascade of this repository, built by `make dist`), CPUS
# (CPUs per task, default 1), SBATCH (the sbatch command, default sbatch). Logs go to OUT/logs/. Prints the
# two job ids. Paths are made absolute, so compute nodes find them on the shared filesystem.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 SCENARIO OUT SHARDS [sbatch options ...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scenario=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2/logs"
out=$(cd "$2" && pwd)
shards=$3
shift 3
case "$shards" in ''|*[!0-9]*) echo "$0: SHARDS must be a whole number ≥ 1, got '$shards'" >&2; exit 2 ;; esac
[ "$shards" -ge 1 ] || { echo "$0: SHARDS must be ≥ 1" >&2; exit 2; }
[ -f "$scenario" ] || { echo "$0: $scenario: no such scenario file" >&2; exit 2; }
cascade=${CASCADE:-$repo/dist/cascade}
case "$cascade" in /*) ;; *) cascade=$(cd "$(dirname "$cascade")" && pwd)/$(basename "$cascade") ;; esac
[ -x "$cascade" ] || { echo "$0: $cascade is not an executable; build it with 'make dist' or set CASCADE" >&2; exit 2; }
# Check the scenario here, on the login node, before anything queues.
"$cascade" validate --quiet "$scenario"
sbatch=${SBATCH:-sbatch}
cpus=${CPUS:-1}

array=$(SCENARIO="$scenario" OUT="$out" SHARDS="$shards" CASCADE="$cascade" \
  $sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="$cpus" \
  --output="$out/logs/shard-%a.log" --export=ALL "$@" "$here/sweep.sbatch")
array=${array%%;*}
merge=$($sbatch --parsable --dependency="afterany:$array" --job-name=cascade-merge \
  --output="$out/logs/merge.log" "$@" \
  --wrap="\"$cascade\" merge \"$out\"/shard-* --out \"$out\"")
merge=${merge%%;*}
echo "submitted shards as job $array (array 0-$((shards - 1))) and the merge as job $merge"
echo "results: $out/runs.csv and summary.csv (logs in $out/logs); a failed shard: resubmit it with"
echo "  SCENARIO=$scenario OUT=$out SHARDS=$shards CASCADE=$cascade $sbatch --array=<i> $here/sweep.sbatch"
