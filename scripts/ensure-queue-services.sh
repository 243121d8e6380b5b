#!/usr/bin/env bash
# Installs Debian's redis-server and postgresql for a queue-mode benchmark (n8n main + workers
# need Redis for the queue and Postgres for the database). Nothing in CI or `npm test` calls it.
# A no-op when both are there: redis-server on the PATH and an initdb under
# /usr/lib/postgresql/<version>/bin. Needs root (or sudo) and apt-get. Prints the directory of
# Postgres's programs (initdb, pg_ctl) on stdout, for the caller.
# The services are never started here: the caller starts its own throwaway ones.
set -euo pipefail

log() { printf '[queue-services] %s\n' "$*" >&2; }
fail() {
	log "FAILED: $*"
	log "Install them by hand (Debian/Ubuntu: apt-get install -y redis-server postgresql) and run again."
	exit 1
}

pg_bin() {
	local dir
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
	if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
		printf '%s\n' "$dir"
	fi
}

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -n "$(pg_bin)" ] || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
	command -v apt-get >/dev/null || fail "apt-get is not available (not a Debian-like system)"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || fail "installing packages needs root, and sudo is not available"
		SUDO="sudo"
	fi
	log "installing Debian's ${missing[*]} (apt-get update + apt-get install -y; a minute or two, once) ..."
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null || fail "apt-get update failed (is the Debian package mirror reachable?)"
	$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
		|| fail "apt-get install ${missing[*]} failed (see the messages above)"
	command -v redis-server >/dev/null || fail "redis-server is not on the PATH after installing it"
	[ -n "$(pg_bin)" ] || fail "no initdb/pg_ctl under /usr/lib/postgresql/*/bin after installing postgresql"
	log "installed: $(redis-server --version | head -n 1); $("$(pg_bin)/initdb" --version)"
fi
pg_bin
