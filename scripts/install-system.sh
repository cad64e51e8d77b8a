#!/usr/bin/env bash
# Install the Debian/Ubuntu packages CLP Desk needs, only those that are missing.
#   scripts/install-system.sh            what the product needs (Python, WeasyPrint's Pango)
#   scripts/install-system.sh --test     and what the tests need (Chromium, PostgreSQL, Redis)
set -euo pipefail

packages=(python3 python3-venv python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libffi-dev fonts-dejavu-core)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium postgresql redis-server)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# A Python from elsewhere (pyenv, a distribution build) will do instead of Debian's.
if command -v python3 >/dev/null && python3 -c 'import sys, venv; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  missing=("${missing[@]/python3}"); missing=("${missing[@]/python3-venv}"); missing=("${missing[@]/python3-dev}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if (( ${#missing[@]} )); then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
