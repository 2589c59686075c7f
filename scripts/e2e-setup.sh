#!/usr/bin/env bash
# Installs what `npm start` and the end-to-end tests need beyond setup.sh: Debian's Chromium and code-server
# (VS Code in the browser, from npm) in .cache/code-server/. Safe to run again: done work is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/apt.sh

# 4.100.x is VS Code 1.100 (our engines.vscode) and the last code-server line whose postinstall accepts Node 20.
code_server_version=4.100.3
# That release's shrinkwrap pins @vscode/ripgrep 1.15.11, whose postinstall fetches this ripgrep release.
ripgrep_package_version=1.15.11
ripgrep_release=v13.0.0-10

# chromium: the browser the tests drive. libkrb5-dev, build tools: code-server's native modules build from source.
# ripgrep: stands in for the rg binary @vscode/ripgrep would download.
apt_install chromium ripgrep libkrb5-dev build-essential python3 pkg-config

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major != 20 ]]; then
  echo "e2e-setup: code-server $code_server_version needs Node 20 (found $(node --version)); see E2E notes in README" >&2
  exit 1
fi
case $(uname -m) in
  x86_64) ripgrep_target=x86_64-unknown-linux-musl ;;
  aarch64) ripgrep_target=aarch64-unknown-linux-musl ;;
  *)
    echo "e2e-setup: no ripgrep stand-in for $(uname -m)" >&2
    exit 1
    ;;
esac

dir=.cache/code-server
stamp=$dir/.installed-$code_server_version
if [[ -f $stamp ]]; then exit 0; fi

echo "e2e-setup: installing code-server $code_server_version into $dir (several minutes, once)"
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# @vscode/ripgrep's postinstall uses a tarball it finds in its cache folder under TMPDIR before asking GitHub.
export TMPDIR=$dir/.tmp
ripgrep_cache=$TMPDIR/vscode-ripgrep-cache-$ripgrep_package_version
mkdir -p "$ripgrep_cache"
tar -czf "$ripgrep_cache/ripgrep-$ripgrep_release-$ripgrep_target.tar.gz" -C "$(dirname "$(command -v rg)")" rg

# node-gyp would download Node's headers; point it at the installed ones unless npm is already told where they are.
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [[ -z $(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true) && -f $node_prefix/include/node/node_version.h ]]; then
  export npm_config_nodedir=$node_prefix
fi

# unsafe_perm: code-server's postinstall refuses to run as root without it. yes: node-pty's install runs `npx`.
export npm_config_unsafe_perm=true npm_config_yes=true
echo '{ "private": true }' >"$dir/package.json"
(cd "$dir" && npm install --no-audit --no-fund --no-package-lock "code-server@$code_server_version")

XDG_CONFIG_HOME=$TMPDIR "$dir/node_modules/.bin/code-server" --version # it writes a config file on every start
rm -rf "$TMPDIR"
touch "$stamp"
