#!/usr/bin/env node
'use strict';
// Checks the README's ways of installing this package into an n8n. Each route starts from the
// packed .tgz (npm pack) in a throwaway home folder outside the project (so that nothing from the
// project's own node_modules can be picked up), then runs a plain `n8n start` on free ports and
// reads the node types it loaded (GET /types/nodes.json, as the editor does):
//   manual  the commands in the README block between <!-- install-manual:start/end -->, run by
//           bash with HOME set to the throwaway folder
//   editor  what n8n's Settings > Community Nodes > Install runs (n8n 2.41,
//           modules/community-packages/community-packages.service.js, downloadPackage): `npm pack`
//           of the spec in ~/.n8n/nodes, unpack into nodes/node_modules/<name>, drop the dev, peer
//           and optional dependencies from its package.json, `npm install` in it with n8n's flags,
//           record it in nodes/package.json. The spec is the local .tgz instead of name@version.
//   docker  examples/docker/docker-compose.yml: its read-only bind mount of the unpacked package,
//           laid out in the throwaway home the way the container sees it (/home/node = HOME)
// Usage: node scripts/check-install.js [manual|editor|docker]... (default: all). Exit 1 on failure.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const rt = require('./lib/n8n-runtime');

const ROUTES = ['manual', 'editor', 'docker'];
const NODE_TYPES = ['reasoningChat', 'reasoningChatModel'].map((name) => `${rt.PACKAGE.name}.${name}`);
const OWNER = { email: 'owner@example.com', firstName: 'Install', lastName: 'Check', password: 'Install-Check-1' };
/** The user folder of the official n8n image (its HOME; n8n keeps its data in ~/.n8n). */
const IMAGE_HOME = '/home/node';

function run(command, args, options) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${rt.tail(`${result.stdout}${result.stderr}`, 30)}`);
	}
	return result.stdout;
}

/** The shell commands of the README block between `<!-- <marker>:start -->` and `:end -->`. */
function readmeBlock(marker) {
	const readme = fs.readFileSync(path.join(rt.ROOT, 'README.md'), 'utf8');
	const match = readme.match(new RegExp(`<!-- ${marker}:start -->([\\s\\S]*?)<!-- ${marker}:end -->`));
	const code = match && match[1].match(/```sh\n([\s\S]*?)```/);
	if (!code) throw new Error(`README.md has no sh block between <!-- ${marker}:start --> and <!-- ${marker}:end -->`);
	return code[1];
}

/**
 * The environment npm gets with HOME moved to the throwaway folder: the user's own npm settings
 * (registry, proxy, CA) and cache stay in use, the project's do not leak in.
 */
function npmEnv(home) {
	const env = { ...process.env, HOME: home };
	for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
	const userConfig = path.join(os.homedir(), '.npmrc');
	if (fs.existsSync(userConfig)) env.npm_config_userconfig = userConfig;
	env.npm_config_cache = path.join(os.homedir(), '.npm');
	env.npm_config_update_notifier = 'false';
	return env;
}

function installManual(home, tgz) {
	run('bash', ['-euo', 'pipefail', '-c', readmeBlock('install-manual')], { cwd: path.dirname(tgz), env: npmEnv(home) });
}

function installLikeEditor(home, tgz) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', rt.PACKAGE.name);
	fs.mkdirSync(packageDir, { recursive: true });
	const env = npmEnv(home);
	const tarball = run('npm', ['pack', tgz, '--quiet'], { cwd: nodesDir, env }).trim().split('\n').pop();
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir });
	fs.rmSync(path.join(nodesDir, tarball));
	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	run(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, env },
	);
	const nodesManifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(nodesManifest)
		? JSON.parse(fs.readFileSync(nodesManifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	installed.dependencies = { ...installed.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(nodesManifest, JSON.stringify(installed, null, 2));
}

/** The compose file's bind mounts: [{ source (absolute on the host), target (in the container) }]. */
function composeBindMounts() {
	const composeDir = path.join(rt.ROOT, 'examples', 'docker');
	const { parse } = require('yaml');
	const compose = parse(fs.readFileSync(path.join(composeDir, 'docker-compose.yml'), 'utf8'));
	return Object.values(compose.services)
		.flatMap((service) => service.volumes ?? [])
		.map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target]))
		.filter(([source]) => source.startsWith('.') || source.startsWith('/'))
		.map(([source, target]) => ({ source: path.resolve(composeDir, source), target }));
}

function installLikeDocker(home, tgz) {
	const mounts = composeBindMounts();
	if (mounts.length === 0) throw new Error('examples/docker/docker-compose.yml mounts no folder of the host');
	const unpackDir = path.join(home, 'host');
	// The README's commands next to the compose file, with the compose folder replaced by `host`.
	fs.mkdirSync(unpackDir, { recursive: true });
	fs.copyFileSync(tgz, path.join(unpackDir, path.basename(tgz)));
	run('bash', ['-euo', 'pipefail', '-c', readmeBlock('install-docker').replace(/^docker compose .*$/gm, '')], {
		cwd: unpackDir,
		env: npmEnv(home),
	});
	for (const { source, target } of mounts) {
		if (!target.startsWith(`${IMAGE_HOME}/`)) continue;
		const hostSource = path.join(unpackDir, path.relative(path.join(rt.ROOT, 'examples', 'docker'), source));
		if (!fs.existsSync(hostSource)) throw new Error(`the README's Docker commands did not create ${path.relative(unpackDir, hostSource)}`);
		const inHome = path.join(home, path.relative(IMAGE_HOME, target));
		fs.mkdirSync(path.dirname(inHome), { recursive: true });
		fs.cpSync(hostSource, inHome, { recursive: true });
	}
}

const INSTALLERS = { manual: installManual, editor: installLikeEditor, docker: installLikeDocker };

/** The package's node types that a plain `n8n start` with user folder `home` loaded. */
async function loadedNodeTypes(home, logFile) {
	const [port, brokerPort] = await Promise.all([rt.freePort(), rt.freePort()]);
	const env = rt.n8nEnv({ userFolder: home, port, brokerPort, encryptionKey: 'reasoning-chat-install-check' });
	const child = rt.startN8nServer(env, logFile);
	try {
		const baseUrl = `http://127.0.0.1:${port}`;
		await rt.waitForN8n(baseUrl, child, { logFile });
		const client = new rt.N8nRestClient(baseUrl);
		await client.setupOwner(OWNER);
		const types = await client.expectOk('GET', '/types/nodes.json');
		return [...new Set(types.map((type) => type.name).filter((name) => name.startsWith(`${rt.PACKAGE.name}.`)))].sort();
	} finally {
		await rt.stopProcessGroup(child);
	}
}

/**
 * Installs the packed package by `route` into a throwaway home and starts n8n on it.
 * Resolves to { route, nodeTypes, installedKb, ms }; the folder is removed afterwards.
 */
async function checkInstallRoute(route, tgz) {
	if (!INSTALLERS[route]) throw new Error(`unknown install route "${route}" (one of ${ROUTES.join(', ')})`);
	const home = fs.mkdtempSync(path.join(os.tmpdir(), `reasoning-chat-install-${route}-`));
	const logFile = path.join(rt.RUNTIME, 'logs', `install-${route}.log`);
	fs.rmSync(logFile, { force: true });
	const started = Date.now();
	try {
		INSTALLERS[route](home, tgz);
		const nodesDir = path.join(home, '.n8n', 'nodes');
		const installedKb = Number(run('du', ['-sk', nodesDir]).split('\t')[0]);
		const nodeTypes = await loadedNodeTypes(home, logFile);
		return { route, nodeTypes, installedKb, ms: Date.now() - started };
	} finally {
		fs.rmSync(home, { recursive: true, force: true });
	}
}

/** Builds and packs the package into node_modules/.cache/reasoning-chat/pack; returns the .tgz. */
function packForCheck() {
	rt.buildPackage();
	return rt.packPackage(path.join(rt.RUNTIME, 'pack'));
}

async function main() {
	const routes = process.argv.slice(2).length ? process.argv.slice(2) : ROUTES;
	rt.ensureN8n();
	const tgz = packForCheck();
	let failed = false;
	for (const route of routes) {
		try {
			const result = await checkInstallRoute(route, tgz);
			const ok = NODE_TYPES.every((type) => result.nodeTypes.includes(type));
			failed ||= !ok;
			console.log(
				`${ok ? 'ok  ' : 'FAIL'} ${route}: n8n ${rt.N8N_VERSION} loaded ${result.nodeTypes.join(', ') || 'none of the nodes'}; ` +
					`${result.installedKb} KB in ~/.n8n/nodes; ${(result.ms / 1000).toFixed(0)} s`,
			);
		} catch (error) {
			failed = true;
			console.log(`FAIL ${route}: ${error.message}`);
		}
	}
	process.exit(failed ? 1 : 0);
}

module.exports = { ROUTES, NODE_TYPES, checkInstallRoute, packForCheck, readmeBlock, composeBindMounts };

if (require.main === module) main();
