#!/usr/bin/env bash
# The end-to-end tests: installs code-server and Chromium if needed, packages the extension for this machine,
# then runs test/e2e/**/*.e2e.ts with mocha. Arguments go to mocha, e.g. `npm run test:e2e -- --grep reload`.
# Screenshots and logs land in test-artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/e2e-setup.sh
target=$(node -p 'process.platform + "-" + process.arch')
bash scripts/package.sh "$target"
exec node_modules/.bin/mocha --config test/e2e/.mocharc.json "$@"
