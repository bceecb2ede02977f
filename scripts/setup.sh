#!/usr/bin/env bash
# Installs everything provision and its tests need on a fresh Debian machine: system packages for the lab
# (when run as root) and the npm dependencies (which also builds dist/). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(systemd-container openssh-server openssh-client sudo iproute2 curl ca-certificates dpkg-dev)
if [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: not root — skipping system packages (${packages[*]}); the lab and its tests need root" >&2
fi

npm ci --no-audit --no-fund
