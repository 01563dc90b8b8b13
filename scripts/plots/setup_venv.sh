#!/usr/bin/env bash
# Creates .venv-plots/ at the repository root with matplotlib and numpy for scripts/plots/plot_results.py.
# Idempotent: does nothing when the venv already imports matplotlib. Reports what it did on stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv-plots"
python="${PYTHON:-python3}"

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import matplotlib, numpy" 2>/dev/null; then
  echo "setup_venv: $venv already has matplotlib and numpy, nothing to do" >&2
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup_venv: creating $venv with $("$python" --version 2>&1)" >&2
  "$python" -m venv "$venv"
fi
echo "setup_venv: installing matplotlib and numpy into $venv" >&2
"$venv/bin/python" -m pip install --quiet matplotlib numpy
"$venv/bin/python" -c "import matplotlib, numpy" \
  || { echo "setup_venv: $venv still cannot import matplotlib/numpy" >&2; exit 1; }
echo "setup_venv: done ($("$venv/bin/python" -c 'import matplotlib, numpy; print("matplotlib", matplotlib.__version__, "numpy", numpy.__version__)'))" >&2
