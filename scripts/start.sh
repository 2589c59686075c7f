#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs the extension in code-server (VS Code in the browser) on a
# demo workspace of toy data and SAEs; prints the URL to open and runs until Ctrl-C.
# Options: --port N (default: a free port), --fresh (remake the demo workspace). The CLI demo is `npm run demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/e2e-setup.sh
exec node --import tsx scripts/serve.ts "$@"
