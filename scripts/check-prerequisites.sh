#!/usr/bin/env bash
# What the first `npm start` / `npm test` needs before it installs n8n (scripts/ensure-n8n.sh runs
# this only when n8n is not installed yet): Node >= 20 with npm, python3, make and a C++ compiler
# (n8n's sqlite3 is compiled for the project's Node 24) and about 3 GB of free disk. Says what to
# install and exits 1 when something is missing, before the long download starts.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NEEDED_KB=$((3 * 1024 * 1024))
missing=()
problems=()

command -v node >/dev/null 2>&1 || missing+=("Node.js >= 20 (with npm)")
if command -v node >/dev/null 2>&1; then
	major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
	[ "$major" -ge 20 ] 2>/dev/null || problems+=("Node.js $(node -v) is too old: install Node.js 20 or later")
fi
command -v npm >/dev/null 2>&1 || missing+=("npm")
command -v python3 >/dev/null 2>&1 || missing+=("python3")
command -v make >/dev/null 2>&1 || missing+=("make")
if ! command -v g++ >/dev/null 2>&1 && ! command -v c++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
	missing+=("a C++ compiler (g++)")
fi
free_kb="$(df -Pk "$ROOT" 2>/dev/null | awk 'NR == 2 { print $4 }')"
if [ -n "$free_kb" ] && [ "$free_kb" -lt "$NEEDED_KB" ]; then
	problems+=("only $((free_kb / 1024)) MB free on the disk of $ROOT; n8n needs about 3 GB")
fi

if [ ${#missing[@]} -eq 0 ] && [ ${#problems[@]} -eq 0 ]; then
	exit 0
fi
{
	echo "[prerequisites] The first run installs n8n into node_modules/.cache/reasoning-chat/ and compiles its sqlite3."
	for item in "${missing[@]}"; do echo "[prerequisites] missing: $item"; done
	for item in "${problems[@]}"; do echo "[prerequisites] $item"; done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "[prerequisites] Install them, then run the command again:"
		echo "[prerequisites]   Debian/Ubuntu:  sudo apt-get install -y python3 make g++"
		echo "[prerequisites]   Fedora/RHEL:    sudo dnf install -y python3 make gcc-c++"
		echo "[prerequisites]   macOS:          xcode-select --install"
		echo "[prerequisites]   Node.js 20+:    https://nodejs.org/en/download"
	fi
} >&2
exit 1
