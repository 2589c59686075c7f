#!/usr/bin/env bash
# Sets up the machine if needed (code-server and Chromium included), then runs typecheck, lint and unit tests, the
# webview component tests in Chromium, the VS Code integration suite where VS Code can be downloaded, then the end-to-end tests in a real VS Code (screenshots and logs in test-artifacts/e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/e2e-setup.sh
npm test
npm run test:component
npm run test:integration
npm run test:e2e
