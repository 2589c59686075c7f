#!/usr/bin/env bash
# Sets up the machine if needed, then shows the product working: the engine's state, then the built-in demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/cli.js info
node dist/cli.js demo
