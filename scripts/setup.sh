#!/usr/bin/env bash
# The one set-up command: node dependencies, the bundles, and the oracle's pinned Python venv.
# Idempotent and non-interactive (CI=true, no stdin): each step skips itself when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/venv.sh

log() { printf '\n== setup: %s\n' "$*"; }

# Debian's chromium (the panel's browser tests) and code-server in ~/.cache/keras-lower (the editor tests).
browser_and_editor() {
  log "chromium and code-server for the browser and editor tests"
  bash scripts/e2e/install-code-server.sh
}

node_dependencies() {
  local stamp=node_modules/.keras-lower-lock-sha256
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "node_modules matches package-lock.json, skipping npm ci"
    return
  fi
  log "npm ci"
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
}

bundles() {
  log "npm run build"
  npm run build
}

# The venv is built in a temporary directory and renamed into place, so an interrupted install is never
# reused; the completion marker guards against a venv copied or left half-written by other means.
oracle_venv() {
  local venv tmp
  venv="$(oracle_venv_dir)"
  if [[ -f "$(oracle_venv_marker)" ]]; then
    log "oracle venv up to date: $venv"
    return
  fi
  log "creating oracle venv: $venv"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  tmp="$(mktemp -d "$venv.partial.XXXXXX")"
  chmod 755 "$tmp"
  python3 -m venv "$tmp"
  "$tmp/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$ORACLE_REQUIREMENTS"
  # Console scripts keep the temporary path in their shebang: always run tools as `python -m`.
  mv "$tmp" "$venv"
  "$venv/bin/python" -c 'import tensorflow, keras; print("TensorFlow", tensorflow.__version__, "Keras", keras.__version__)'
  touch "$(oracle_venv_marker)"
}

node_dependencies
bundles
browser_and_editor
oracle_venv
log "done (oracle python: $(oracle_venv_dir)/bin/python)"
