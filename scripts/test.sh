#!/usr/bin/env bash
# Sets up the machine if needed, then runs typecheck, lint and unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm test
