#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the browser test (test/ui, `npm run test:ui`).
# playwright-core (a devDependency) drives it; no browser is ever downloaded by a test tool.
# A no-op when /usr/bin/chromium is already there. Needs root (or sudo) and apt-get.
# Override the browser with CHROMIUM_PATH=/path/to/chromium (then nothing is installed).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

log() { printf '[browser] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	log "The browser test needs Chromium at $CHROMIUM. Install it by hand (Debian/Ubuntu: apt-get install -y chromium)"
	log "or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm run test:ui again."
	exit 1
}

if [ -x "$CHROMIUM" ]; then
	exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
	fail "CHROMIUM_PATH=$CHROMIUM is not an executable file"
fi

command -v apt-get >/dev/null || fail "apt-get is not available (not a Debian-like system)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || fail "installing packages needs root, and sudo is not available"
	SUDO="sudo"
fi

log "installing Debian's chromium (apt-get update + apt-get install -y chromium; a minute or two, once) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || fail "apt-get update failed (is the Debian package mirror reachable?)"
$SUDO apt-get install -y -qq chromium >/dev/null \
	|| fail "apt-get install chromium failed (see the messages above)"
[ -x "$CHROMIUM" ] || fail "apt-get installed chromium, but $CHROMIUM is not there"
log "installed: $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
