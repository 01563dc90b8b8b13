#!/bin/bash
# `make dist`'s check: the static-stdlib binary needs no Swift runtime and gives the results of the normal
# release build, byte for byte.
#
#   bash scripts/dist_check.sh dist/cascade .build/release/cascade
#
# 1. `ldd` lists no libswift*/libFoundation*/libdispatch: only libgsl, libgslcblas, libstdc++, libgcc_s, libm,
#    libc (what a compute node needs, besides glibc ≥ the build machine's).
# 2. With the toolchain hidden (its folder covered by an empty tmpfs in a private mount namespace, when run
#    as root; otherwise LD_LIBRARY_PATH emptied), the binary runs tiny.toml and a seed of the baseline.
# 3. Their runs.csv, liquidations.csv, liquidators.csv and assets.csv equal the release build's.
set -euo pipefail
dist=$1
release=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
if ldd "$dist" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
  echo "dist-check: $dist still links the Swift runtime (above)" >&2
  exit 1
fi
echo "dist-check: $dist needs: $(ldd "$dist" | awk '{print $1}' | grep -v -E 'vdso|ld-linux' | tr '\n' ' ')"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs() {  # binary out-folder [hidden]
  local cmd=("$1" run "$repo/Scenarios/baseline.toml" --seed 7 --set simulation.horizon=2d --out "$2/baseline")
  local cmd2=("$1" run "$repo/Tests/Fixtures/scenarios/tiny.toml" --out "$2/tiny")
  if [ "${3:-}" = hidden ]; then
    local toolchain
    toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
    if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
      unshare -m bash -c "mount -t tmpfs none '$toolchain' && $(printf '%q ' "${cmd[@]}") >/dev/null && $(printf '%q ' "${cmd2[@]}") >/dev/null"
      echo "dist-check: ran with $toolchain hidden (an empty tmpfs over it)"
    else
      env -u LD_LIBRARY_PATH "${cmd[@]}" >/dev/null && env -u LD_LIBRARY_PATH "${cmd2[@]}" >/dev/null
    fi
  else
    "${cmd[@]}" >/dev/null 2>&1 && "${cmd2[@]}" >/dev/null 2>&1
  fi
}
runs "$dist" "$tmp/dist" hidden 2>/dev/null
runs "$release" "$tmp/release"
for s in baseline tiny; do
  for f in runs.csv liquidations.csv liquidators.csv assets.csv; do
    cmp "$tmp/dist/$s/$f" "$tmp/release/$s/$f"
  done
done
echo "dist-check: results byte-identical to $release (baseline seed 7 over 2 days, tiny.toml)"
