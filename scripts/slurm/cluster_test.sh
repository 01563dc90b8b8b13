#!/bin/bash
# `make cluster-test`: runs a sharded sweep through a real single-node Slurm cluster and checks that the
# merged result is byte-identical to the same sweep on one machine.
#
#   bash scripts/slurm/cluster_test.sh [path/to/cascade]      (default: dist/cascade, built by `make dist`)
#
# 1. Installs slurm-wlm and munge from Debian when missing (apt-get; needs root, as on the CI machine).
# 2. Starts munged, slurmctld and slurmd for localhost, all state, sockets, ports and logs in a temporary
#    folder (nothing under /etc is touched; SLURM_CONF points the commands at the folder's slurm.conf).
# 3. Submits 4 shards of a 2-point × 400-replication sweep through scripts/slurm/submit.sh, kills shard 1
#    while it runs, waits for the merge (afterany), which must refuse with the missing runs named,
#    resubmits shard 1 (it resumes), merges again, and compares runs.csv, summary.csv, liquidators.csv and
#    assets.csv with an unsharded sweep.
# 4. Stops exactly the daemons it started (by their pid files) and removes the folder, also on failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cascade=${1:-$repo/dist/cascade}
case "$cascade" in /*) ;; *) cascade=$(cd "$(dirname "$cascade")" && pwd)/$(basename "$cascade") ;; esac
[ -x "$cascade" ] || { echo "cluster-test: $cascade is not an executable (run make dist)" >&2; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "cluster-test: installing slurm-wlm and munge"
  if [ "$(id -u)" -ne 0 ]; then echo "cluster-test: needs root to apt-get install slurm-wlm munge" >&2; exit 2; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

tmp=$(mktemp -d /tmp/cascade-cluster-XXXXXX)
started=()
cleanup() {
  status=$?
  for pidfile in "${started[@]}"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "${started[@]}"; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ $status -ne 0 ]; then
    echo "cluster-test: FAILED (status $status); logs:" >&2
    for f in "$tmp"/log/*.log "$tmp"/out/logs/*.log; do [ -f "$f" ] && { echo "== $f" >&2; tail -20 "$f" >&2; }; done
  fi
  rm -rf "$tmp"
  exit $status
}
trap cleanup EXIT
mkdir -p "$tmp"/{log,state,spool,munge,out}
chmod 700 "$tmp/munge"

# munge: its own key, socket and pid file.
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed"
started+=("$tmp/munge/munged.pid")

port=$((20000 + RANDOM % 20000))
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$tmp/slurm.conf" <<CONF
ClusterName=cascade-test
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -i -f "$SLURM_CONF"
started+=("$tmp/slurmctld.pid")
slurmd -f "$SLURM_CONF"
started+=("$tmp/slurmd.pid")
for _ in $(seq 1 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
  sleep 1
done
sinfo -h -o "%P %T %c" | sed 's/^/cluster-test: node /'

# The sweep: tiny.toml with 400 replications (800 runs), long enough to kill a shard while it runs.
sed "s/^replications = 12$/replications = 400/" "$repo/Tests/Fixtures/scenarios/tiny.toml" > "$tmp/sweep.toml"
"$cascade" sweep "$tmp/sweep.toml" -j 2 --out "$tmp/whole" >/dev/null 2>&1

ids=$(CASCADE="$cascade" bash "$repo/scripts/slurm/submit.sh" "$tmp/sweep.toml" "$tmp/out" 4 --time=00:30:00)
echo "cluster-test: $ids" | head -1
array=$(echo "$ids" | sed -n 's/submitted shards as job \([0-9]*\).*/\1/p')
merge=$(echo "$ids" | sed -n 's/.*the merge as job \([0-9]*\).*/\1/p')

# Kill shard 1 once it has written some runs.
for _ in $(seq 1 300); do
  lines=0
  [ -f "$tmp/out/shard-1/runs.csv" ] && lines=$(wc -l < "$tmp/out/shard-1/runs.csv")
  [ "$lines" -gt 3 ] && break
  sleep 0.2
done
scancel "${array}_1"
echo "cluster-test: killed shard 1 after $((lines - 1)) of its runs"

wait_for() {  # job id: until it leaves the queue
  for _ in $(seq 1 600); do
    squeue -h -j "$1" 2>/dev/null | grep -q . || return 0
    sleep 1
  done
  echo "cluster-test: job $1 did not finish in 10 minutes" >&2
  return 1
}
wait_for "$array"
wait_for "$merge"
if [ -f "$tmp/out/runs.csv" ]; then
  echo "cluster-test: the merge accepted a folder with a killed shard" >&2
  exit 1
fi
grep -q "runs are missing" "$tmp/out/logs/merge.log" || { echo "cluster-test: the merge did not name the missing runs" >&2; exit 1; }
echo "cluster-test: merge after the kill refused: $(grep -o '[0-9]* of [0-9]* runs are missing' "$tmp/out/logs/merge.log")"

# Resubmit shard 1 (it resumes) and merge again.
resub=$(SCENARIO="$tmp/sweep.toml" OUT="$tmp/out" SHARDS=4 CASCADE="$cascade" \
  sbatch --parsable --array=1 --output="$tmp/out/logs/shard-1-again.log" "$repo/scripts/slurm/sweep.sbatch")
wait_for "${resub%%;*}"
remerge=$(sbatch --parsable --output="$tmp/out/logs/merge-again.log" \
  --wrap="\"$cascade\" merge \"$tmp/out\"/shard-* --out \"$tmp/out\"")
wait_for "${remerge%%;*}"
for f in runs.csv summary.csv liquidators.csv assets.csv; do
  cmp "$tmp/whole/$f" "$tmp/out/$f"
done
echo "cluster-test: resumed shard 1, merged 4 shards: runs.csv, summary.csv, liquidators.csv, assets.csv byte-identical to the unsharded sweep ($(($(wc -l < "$tmp/out/runs.csv") - 1)) runs)"
echo "cluster-test: PASSED"
