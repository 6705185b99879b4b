#!/usr/bin/env bash
# Installs the test-only assets of package.json (axe-core, which the browser tests inject into pages
# to check accessibility) into node_modules/, exactly as package-lock.json pins them. Cached: it does
# nothing while node_modules/.installed is newer than the lock file. npm itself comes from
# scripts/install-system-deps.sh (Debian's nodejs and npm).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "Thiếu npm (missing npm): chạy 'make system-deps' hoặc cài gói nodejs và npm." >&2
  exit 1
fi
# ci: the lock file's exact versions and checksums; no install scripts run (axe-core has none).
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
touch "$stamp"
