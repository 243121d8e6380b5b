'use strict';
// Getting n8n and this package ready: installing the pinned n8n once (scripts/ensure-n8n.sh),
// building and packing this package, and installing the packed .tgz into an n8n user folder.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, N8N_VERSION, NODE24, N8N_DIR, PACKAGE } = require('./paths');

function isInstalled() {
	return (
		fs.existsSync(path.join(N8N_DIR, '.installed')) &&
		fs.existsSync(NODE24) &&
		fs.existsSync(path.join(N8N_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
	);
}

/** Runs scripts/ensure-n8n.sh (a no-op once installed); its progress goes to this process's stderr. */
function ensureN8n() {
	if (isInstalled()) return;
	const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'ensure-n8n.sh')], {
		cwd: ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (result.status !== 0) {
		throw new Error(
			`scripts/ensure-n8n.sh failed (exit ${result.status}): n8n ${N8N_VERSION} could not be installed into node_modules/.cache/reasoning-chat/. See its messages above.`,
		);
	}
}

/** `npm run build`. Output is shown only on failure unless `verbose`. */
function buildPackage({ verbose = false } = {}) {
	const result = spawnSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: verbose ? 'inherit' : 'pipe',
	});
	if (result.status !== 0) {
		const output = verbose ? '' : `\n${buildErrors(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)}`;
		throw new Error(`npm run build failed (exit ${result.status})${output}`);
	}
}

/** The error lines of n8n-node build's output, without its spinner and colour codes. */
function buildErrors(output) {
	const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
	const errors = plain
		.split('\n')
		.map((line) => line.replace(/^[\s│■◇◒◐◓◑└┌]+/, '').trim())
		.filter((line) => /error|failed/i.test(line) && !/Building TypeScript files/.test(line));
	return (errors.length ? errors : plain.split('\n').slice(-20)).join('\n');
}

/** `npm pack` into `destDir`; returns the path of the .tgz. */
function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	for (const old of fs.readdirSync(destDir)) {
		if (old.endsWith('.tgz')) fs.rmSync(path.join(destDir, old));
	}
	const result = spawnSync('npm', ['pack', '--silent', '--pack-destination', destDir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status})\n${result.stdout}${result.stderr}`);
	const file = result.stdout.trim().split('\n').pop();
	const tgz = path.join(destDir, file);
	if (!file || !fs.existsSync(tgz)) throw new Error(`npm pack did not produce a .tgz (output: ${result.stdout})`);
	return tgz;
}

/** Where n8n 2.x looks for community packages in a user folder. */
function packageDir(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE.name);
}

/** The peer dependencies n8n supplies at run time (package.json `peerDependencies`). */
const PEERS = Object.keys(PACKAGE.peerDependencies ?? {});

/**
 * Unpacks the .tgz as `<userFolder>/.n8n/nodes/node_modules/<package name>`, replacing an earlier
 * copy, so that n8n loads it as `<package name>.<node>`. The package has no runtime dependencies;
 * n8n supplies its peers (n8n-workflow, @n8n/ai-node-sdk) through NODE_PATH. But this user folder
 * lies inside the project, and Node looks in every parent's node_modules before NODE_PATH, so the
 * package would load the project's own dev copies of the peers (a second n8n-workflow and
 * LangChain beside n8n's). Links to n8n's copies next to the package make it load exactly what it
 * loads in a real installation.
 */
function installPackage(tgz, userFolder) {
	const dest = packageDir(userFolder);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -xzf ${tgz} failed: ${result.stderr}`);
	const modules = path.dirname(dest);
	for (const peer of PEERS) {
		const target = path.join(N8N_DIR, 'node_modules', peer);
		if (!fs.existsSync(target)) throw new Error(`n8n ${N8N_VERSION} has no ${peer} to lend the package (${target})`);
		const link = path.join(modules, peer);
		fs.rmSync(link, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(target, link, 'dir');
	}
	return dest;
}

module.exports = { isInstalled, ensureN8n, buildPackage, packPackage, packageDir, installPackage };
