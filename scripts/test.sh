#!/usr/bin/env bash
# The whole test suite: installs what the tests need when missing (Debian's chromium
# for browser tests), builds, type-checks, then runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install
bash scripts/ensure-chromium.sh
npm run --silent build
npm run --silent build:static
npm run --silent typecheck
npx jest --ci "$@"
