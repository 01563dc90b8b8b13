#!/usr/bin/env bash
# Installs what Cascade needs beyond the Swift toolchain: GSL (libgsl-dev) and pkg-config.
# Idempotent: does nothing when they are already there.
set -euo pipefail

if pkg-config --exists gsl 2>/dev/null; then
  exit 0
fi

packages="libgsl-dev pkg-config"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "Cascade needs GSL. Run:  sudo apt-get update && sudo apt-get install -y $packages" >&2
    exit 1
  fi
  echo "Installing $packages with apt-get ..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages >/dev/null
  pkg-config --exists gsl && exit 0
fi

echo "Cascade needs the GNU Scientific Library and pkg-config." >&2
echo "On Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y $packages" >&2
echo "On macOS:          brew install gsl pkg-config" >&2
exit 1
