#!/usr/bin/env bash
# Makes a fresh Debian machine with Node 20+ ready to build and test SAE Scope.
# Safe to run again: each step is skipped when its work is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and tests need beyond Node and npm (none yet).
apt_packages=()

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

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
