'use strict';
// Build, pack and install the package for a benchmark run. Other engineers may build the same
// checkout at the same moment (n8n-node build empties dist/ first), so the tarball is checked for
// every file package.json's `n8n` block names, and built and packed again if one is missing.

const path = require('node:path');
const { spawnSync } = require('node:child_process');
const rt = require('../scripts/lib/n8n-runtime');

function missingFiles(tgz) {
	const listing = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).stdout.split('\n');
	const wanted = [...(rt.PACKAGE.n8n.nodes || []), ...(rt.PACKAGE.n8n.credentials || [])];
	return wanted.filter((file) => !listing.includes(`package/${file}`));
}

/**
 * Returns the installed package folder. `build: false` packs the existing dist/ (first try only).
 * `alsoInto`: more user folders that get the same tarball (queue-mode workers, bench/queue.js).
 */
async function buildAndInstall(
	runDir,
	userFolder,
	{ build = true, log = () => {}, alsoInto = [] } = {},
) {
	for (let attempt = 1; attempt <= 4; attempt++) {
		if (build || attempt > 1) {
			log(attempt > 1 ? `npm run build (again: attempt ${attempt})` : 'npm run build');
			rt.buildPackage();
		}
		const tgz = rt.packPackage(path.join(runDir, 'pack'));
		const missing = missingFiles(tgz);
		if (!missing.length) {
			log('npm pack + install into the run folder');
			for (const folder of alsoInto) rt.installPackage(tgz, folder);
			return rt.installPackage(tgz, userFolder);
		}
		log(`the tarball lacks ${missing.join(', ')} (dist/ was being rebuilt by someone else?)`);
		await rt.sleep(3000 * attempt);
	}
	throw new Error('could not pack a complete package (dist/ kept changing under the build)');
}

module.exports = { buildAndInstall };
