#!/usr/bin/env bash
# Installs the real-editor test tools (code-server, playwright-core, Debian chromium) into the
# git-ignored .vscode-test/tools, once: a second run with the pinned versions present does nothing.
# Recipe and the reasons for every workaround: shared docs, vscode-e2e.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3      # VS Code 1.100.3 on Node 20; newer code-server needs Node 22/24
PLAYWRIGHT_VERSION=1.65.1
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11, whose postinstall downloads this file from GitHub.
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
T="$ROOT/.vscode-test/tools"
log() { echo "[e2e-setup] $*"; }
t0=$SECONDS

installed_version() { # <package>: version in $T/node_modules, or empty
  node -p "try { require('$T/node_modules/$1/package.json').version } catch { '' }" 2>/dev/null
}
have_tools() {
  [ "$(installed_version code-server)" = "$CODE_SERVER_VERSION" ] &&
  [ "$(installed_version playwright-core)" = "$PLAYWRIGHT_VERSION" ] &&
  [ -f "$T/node_modules/code-server/out/node/entry.js" ]
}

# --- Debian packages: chromium always; ripgrep + libkrb5-dev only to build code-server.
pkgs=()
command -v chromium >/dev/null || pkgs+=(chromium)
if ! have_tools; then
  command -v rg >/dev/null || pkgs+=(ripgrep)
  [ -f /usr/include/gssapi/gssapi.h ] || pkgs+=(libkrb5-dev)   # kerberos' native build
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "need root to apt-get install ${pkgs[*]}"; exit 1; fi
  log "apt-get install ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$T"
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } > "$T/apt.log" 2>&1 || {
    log "apt-get failed; tail of $T/apt.log:"; tail -n 30 "$T/apt.log"; exit 1; }
  log "apt done ($((SECONDS - t0)) s)"
fi

if have_tools; then
  log "code-server $CODE_SERVER_VERSION + playwright-core $PLAYWRIGHT_VERSION present ($((SECONDS - t0)) s)"
  exit 0
fi

# --- npm tools, with the offline workarounds.
mkdir -p "$T"
[ -f "$T/package.json" ] || echo '{ "name": "tgnas-e2e-tools", "private": true }' > "$T/package.json"
RG_CACHE="$(node -p 'require("os").tmpdir()')/$RG_CACHE_NAME"
mkdir -p "$RG_CACHE"
[ -f "$RG_CACHE/$RG_TARBALL" ] || tar czf "$RG_CACHE/$RG_TARBALL" -C "$(dirname "$(command -v rg)")" rg
log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (about a minute on 2 cores)"
t1=$SECONDS
# nodedir: node-gyp would otherwise download headers; unsafe_perm: code-server refuses root without it;
# yes: node-pty's postinstall runs npx node-gyp, which npm cancels without a TTY.
( cd "$T" &&
  npm_config_nodedir="$(node -p 'require("path").dirname(require("path").dirname(process.execPath))')" \
  npm_config_unsafe_perm=true npm_config_yes=true \
  npm install "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" \
    --no-audit --no-fund --loglevel=error > "$T/npm-install.log" 2>&1 ) || {
  log "npm install failed; tail of $T/npm-install.log:"; tail -n 30 "$T/npm-install.log"; exit 1; }
have_tools || { log "install finished but the pinned versions are missing"; exit 1; }
log "npm tools installed ($((SECONDS - t1)) s); total $((SECONDS - t0)) s"
