#!/usr/bin/env bash
# Builds the playground page into DIR (Maven runs this in generate-resources with
# target/classes/static, so the page is in the jar and served at /): installs the npm packages of
# package-lock.json (again only when the lock file changed) and bundles src/ with esbuild.
set -euo pipefail
out="${1:?usage: build.sh OUTPUT_DIR}"
cd "${BASH_SOURCE[0]%/*}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[ingest-api] Node.js 18+ with npm is needed to build ingest-api: its playground page (CodeMirror)" \
    "is bundled with esbuild from npm packages at build time. Install them (apt-get install nodejs npm)" \
    "and build again." >&2
  exit 1
fi

stamp=node_modules/.codeexec-package-lock.json
if ! cmp -s package-lock.json "$stamp"; then
  echo "[ingest-api] npm ci (playground page) ..."
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

mkdir -p "$out"
node_modules/.bin/esbuild src/main.js --bundle --minify --format=iife --target=es2020 --log-level=warning \
  --legal-comments=none --outfile="$out/playground.js"
cp index.html playground.css "$out/"
