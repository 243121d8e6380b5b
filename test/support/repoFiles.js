'use strict';
// Files of this repository and its shell scripts, for tests that check them (test/unit/publishing).
// Plain CommonJS: it reads files and spawns processes, which TypeScript files under the node lint
// rules may not do.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** The text of a file of the repository, by its path from the repository root. */
function readRepoFile(relative) {
	return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

/**
 * Runs scripts/check-prerequisites.sh. With `withoutBuildTools`, PATH holds only Node, npm and the
 * shell tools the script itself uses (no python3, make or C++ compiler).
 */
function runPrerequisiteCheck({ withoutBuildTools = false } = {}) {
	const script = path.join(ROOT, 'scripts', 'check-prerequisites.sh');
	if (!withoutBuildTools) {
		const result = spawnSync('bash', [script], { encoding: 'utf8' });
		return { status: result.status, stderr: result.stderr };
	}
	const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'reasoning-chat-prereq-'));
	try {
		for (const tool of ['node', 'npm', 'bash', 'df', 'awk', 'dirname']) {
			const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
			fs.symlinkSync(found, path.join(bin, tool));
		}
		const result = spawnSync(path.join(bin, 'bash'), [script], { encoding: 'utf8', env: { PATH: bin } });
		return { status: result.status, stderr: result.stderr };
	} finally {
		fs.rmSync(bin, { recursive: true, force: true });
	}
}

module.exports = { ROOT, readRepoFile, runPrerequisiteCheck };
