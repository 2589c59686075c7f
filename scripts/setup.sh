#!/usr/bin/env bash
# Makes a fresh Debian machine with Node 20+ ready to build and test SAE Scope.
# Safe to run again: each step is skipped when its work is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build and unit tests need nothing from Debian beyond Node and npm; e2e-setup.sh installs what the UI tests need.

if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "setup: SAE Scope needs Node 20 or newer (found $(node --version))" >&2
  exit 1
fi

# npm ci starts from scratch every time, so run it only when the lockfile changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.saescope-lock-sha256
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  npm ci
  echo "$lock_hash" >"$stamp"
fi

npm run build
