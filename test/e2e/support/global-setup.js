'use strict';
// Jest globalSetup of the e2e project: installs Node 24 and n8n 2.41.1 into node_modules/.cache/reasoning-chat/ once
// (scripts/ensure-n8n.sh, 10 to 15 minutes on a fresh clone) before any e2e test file starts, so that
// every file, whichever worker runs it, finds the runtime in place. A no-op once installed.
const rt = require('../../../scripts/lib/n8n-runtime');

module.exports = async function globalSetup() {
	if (rt.isInstalled()) return;
	process.stderr.write('\n[e2e] n8n is not installed yet: running scripts/ensure-n8n.sh (first run only, a few minutes)\n');
	const started = Date.now();
	rt.ensureN8n();
	process.stderr.write(`[e2e] n8n installed in ${Math.round((Date.now() - started) / 1000)} s\n`);
};
