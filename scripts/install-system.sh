#!/usr/bin/env bash
# Install the Debian/Ubuntu packages CLP Desk needs, only those that are missing.
#   scripts/install-system.sh            what the product needs (Python 3.11, WeasyPrint's Pango)
#   scripts/install-system.sh --test     and what the tests need (Chromium, PostgreSQL, Redis)
#   scripts/install-system.sh --bench    and what the benchmark needs (PostgreSQL, Redis, wrk)
set -euo pipefail

missing=()
need() {  # need PACKAGE [COMMAND]: the package, unless it (or the command it provides) is there
  local pkg=$1 cmd=${2:-}
  if [[ -n "$cmd" ]] && command -v "$cmd" >/dev/null 2>&1; then return; fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
}

if ! python3 -c 'import sys, venv, ensurepip; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  need python3; need python3-venv; need python3-dev
fi
need libpango-1.0-0; need libpangoft2-1.0-0; need libharfbuzz0b; need fonts-dejavu-core
if [[ "${1:-}" == "--test" ]]; then
  need chromium chromium
fi
if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" ]]; then
  need postgresql pg_ctlcluster
  need postgresql-client psql
  need redis-server redis-server
  need redis-tools redis-cli
fi
if [[ "${1:-}" == "--bench" ]]; then
  need wrk wrk  # the load generator (bench/pages.py)
fi

if (( ${#missing[@]} )); then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
