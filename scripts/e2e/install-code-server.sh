#!/usr/bin/env bash
# Installs what the browser and editor tests need, idempotently and without prompts:
# Debian's chromium (driven by playwright-core) and code-server (a real VS Code server + web workbench) from
# npm into a cache folder outside the clone. Only the npm registry and apt are needed: the one GitHub download
# in code-server's tree (@vscode/ripgrep's postinstall) is satisfied from a cache seeded with Debian's rg.
set -euo pipefail
source "$(dirname "$0")/paths.sh"

apt_packages() {
  # chromium for the tests; the rest is the toolchain and headers code-server's native modules compile with.
  local wanted=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
  local missing=() package
  for package in "${wanted[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  [[ ${#missing[@]} -eq 0 ]] && return
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo -n)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# @vscode/ripgrep's postinstall looks for its release asset in $TMPDIR/vscode-ripgrep-cache-<version>/ before
# downloading it from GitHub: put a tarball of Debian's rg there under the name it expects.
seed_ripgrep_cache() {
  local work=$1 shrinkwrap rg_version rg_tag
  (cd "$work" && npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null &&
    tar xzf "code-server-$CODE_SERVER_VERSION.tgz" package/lib/vscode/npm-shrinkwrap.json)
  shrinkwrap="$work/package/lib/vscode/npm-shrinkwrap.json"
  rg_version=$(node -p "(require('$shrinkwrap').packages['node_modules/@vscode/ripgrep'] || {}).version || ''")
  [[ -z "$rg_version" ]] && return
  (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_version" >/dev/null &&
    tar xzf "vscode-ripgrep-$rg_version.tgz" package/lib/postinstall.js)
  rg_tag=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$work/package/lib/postinstall.js")
  mkdir -p "$work/rg" "$TMPDIR/vscode-ripgrep-cache-$rg_version"
  cp "$(command -v rg)" "$work/rg/rg"
  tar czf "$TMPDIR/vscode-ripgrep-cache-$rg_version/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" -C "$work/rg" rg
  echo "seeded the ripgrep cache for @vscode/ripgrep $rg_version ($rg_tag) with $(command -v rg)"
}

code_server() {
  if [[ -f "$CODE_SERVER_MARKER" ]]; then
    echo "code-server $CODE_SERVER_VERSION already in $CODE_SERVER_DIR"
    return
  fi
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  local work started
  work=$(mktemp -d)
  export TMPDIR=$work
  seed_ripgrep_cache "$work"
  echo '{"name":"keras-lower-code-server","private":true}' >"$CODE_SERVER_DIR/package.json"
  started=$(date +%s)
  # JOBS=1: one compiler at a time on small machines. npm_config_yes: node-pty's postinstall runs `npx node-gyp`,
  # which a `yes=false` npmrc would cancel. --unsafe-perm: code-server's postinstall insists on it as root.
  if ! (cd "$CODE_SERVER_DIR" && JOBS=1 npm_config_yes=true npm install --unsafe-perm --foreground-scripts \
    --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >"$work/install.log" 2>&1); then
    tail -60 "$work/install.log"
    echo "code-server $CODE_SERVER_VERSION failed to install (full log: $work/install.log)"
    exit 1
  fi
  "$CODE_SERVER_BIN" --version | head -1
  touch "$CODE_SERVER_MARKER"
  rm -rf "$work"
  echo "code-server $CODE_SERVER_VERSION installed in $(($(date +%s) - started)) s: $(du -sh "$CODE_SERVER_DIR" | cut -f1)"
}

apt_packages
"$CHROMIUM_BIN" --version
code_server
