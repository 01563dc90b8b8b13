#!/usr/bin/env bash
# Runs the SimPy hold-model peer in a private virtual environment (benchmarks/.venv, git-ignored), so SimPy is
# never installed globally. Arguments go to hold_simpy.py, e.g. `run_simpy.sh --events 200000`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/../.venv"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet simpy
fi
exec "$venv/bin/python" "$here/hold_simpy.py" "$@"
