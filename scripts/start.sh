#!/usr/bin/env bash
# `npm start`: a real n8n with this package loaded (see scripts/start.js for what it sets up).
# First run: installs Node 24 and n8n into node_modules/.cache/reasoning-chat/ (5 to 15 minutes, once; see README
# "Quick start" for measured times). Later runs start n8n only (about 40 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! bash scripts/ensure-n8n.sh; then
	printf '\n[start] FAILED: n8n could not be installed into node_modules/.cache/reasoning-chat/ (see the messages above).\n' >&2
	printf '[start] Fix what those messages name (a missing build tool, the npm registry out of reach, disk space), then run npm start again; it resumes where it stopped.\n' >&2
	exit 1
fi

# The system Node that runs npm runs the orchestration; n8n itself runs on the Node 24 in node_modules/.cache/reasoning-chat/.
exec node scripts/start.js "$@"
