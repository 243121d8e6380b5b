#!/usr/bin/env bash
# `npm run test:matrix [-- <version>...]`: the real-n8n e2e suite (npm run test:e2e, which includes
# the install routes) on several n8n versions, then a table. Each version is installed once into
# node_modules/.cache/reasoning-chat/n8n-<version> (5 to 15 minutes and ~3 GB each); CI keeps to
# the pinned version. Logs: node_modules/.cache/reasoning-chat/logs/matrix-<version>.log.
# Default versions: the oldest and the newest that install from the npm registry, and one between
# (see README "Compatibility").
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(2.33.2 2.38.7 2.41.1)
LOGS="$ROOT/node_modules/.cache/reasoning-chat/logs"
mkdir -p "$LOGS"
rows=()
failed=0

for version in "${VERSIONS[@]}"; do
	log="$LOGS/matrix-$version.log"
	: > "$log"
	printf '[matrix] n8n %s: installing (if needed) ...\n' "$version" >&2
	started=$SECONDS
	if ! N8N_VERSION="$version" bash scripts/ensure-n8n.sh >> "$log" 2>&1; then
		reason="$(grep -m1 -oE 'No matching version found for [^ ]+|notarget [^.]+|FAILED: .*' "$log" || echo 'see the log')"
		rows+=("| $version | does not install: $reason | - | - |")
		failed=1
		continue
	fi
	install_s=$((SECONDS - started))
	printf '[matrix] n8n %s: npm run test:e2e ...\n' "$version" >&2
	started=$SECONDS
	N8N_VERSION="$version" npx jest --selectProjects e2e >> "$log" 2>&1
	code=$?
	summary="$(grep -m1 -oE 'tests: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log" || echo 'no summary (see the log)')"
	[ $code -eq 0 ] || failed=1
	rows+=("| $version | $([ $code -eq 0 ] && echo pass || echo FAIL): $summary | ${install_s} s | $((SECONDS - started)) s |")
done

printf '\n| n8n | e2e suite | install (0 = already there) | suite |\n| --- | --- | --- | --- |\n'
printf '%s\n' "${rows[@]}"
exit $failed
