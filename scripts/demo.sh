#!/usr/bin/env bash
# Sets up the machine if needed, then shows the engine working on the command line: its state, then the
# built-in demo (a small MLP trained through ONNX Runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/cli.js info
node dist/cli.js demo
