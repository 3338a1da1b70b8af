#!/usr/bin/env bash
# The accessibility browser tests inject axe-core (package.json, pinned in package-lock.json) into
# each page. Install it with `npm ci` when node_modules lacks it or the lock changed since the last
# install (a stamp named by the lock's checksum); otherwise do nothing. Without npm, say so: the
# accessibility tests then fail (they never skip), naming this script.
set -eu
cd "$(dirname "$0")/.."
stamp="node_modules/.installed-$(cksum package-lock.json | cut -d' ' -f1)"
if [ -f node_modules/axe-core/axe.min.js ] && [ -f "$stamp" ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: cannot install axe-core; the accessibility browser tests will fail." >&2
  exit 0
fi
echo "Installing axe-core for the accessibility browser tests (npm ci)..."
npm ci --no-audit --no-fund --loglevel=error
rm -f node_modules/.installed-*
touch "$stamp"
