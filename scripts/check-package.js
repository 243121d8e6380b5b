#!/usr/bin/env node
'use strict';
// `npm run check:package` (CI, after the build): what `npm publish` would upload, from
// `npm pack --dry-run --json`. The tarball must hold package.json, README.md, LICENSE,
// CHANGELOG.md and the built dist/ (JavaScript, type declarations, node JSON, icons), and nothing
// else: no sources, tests, source maps or screenshots (the README's images are links that npm's
// site resolves through the repository field). Every node and credential that package.json's `n8n`
// section names must be in it.

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
const ALLOWED = [/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/, /^dist\/.+\.(js|d\.ts|json|svg|png)$/];
const FORBIDDEN = [/\.map$/, /^dist\/docs\//, /tsbuildinfo$/, /(^|\/)test\//, /\.test\./, /^dist\/package\.json$/];

/** Problems with a list of packed file paths (empty when the tarball is as intended). */
function packageProblems(files, manifest) {
	const problems = [];
	for (const file of files) {
		if (!ALLOWED.some((re) => re.test(file)) || FORBIDDEN.some((re) => re.test(file))) {
			problems.push(`${file} should not be published`);
		}
	}
	const n8n = manifest.n8n ?? {};
	for (const file of [...REQUIRED, ...(n8n.nodes ?? []), ...(n8n.credentials ?? [])]) {
		if (!files.includes(file)) problems.push(`${file} is missing from the tarball`);
	}
	return problems;
}

function packedFiles() {
	const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack --dry-run failed (exit ${result.status}):\n${result.stderr}`);
	const [pack] = JSON.parse(result.stdout);
	return { files: pack.files.map((file) => file.path).sort(), size: pack.size, unpackedSize: pack.unpackedSize, name: pack.filename };
}

function main() {
	const manifest = require(path.join(ROOT, 'package.json'));
	const pack = packedFiles();
	const problems = packageProblems(pack.files, manifest);
	const top = [...new Set(pack.files.map((file) => file.split('/')[0]))].join(', ');
	console.log(`${pack.name}: ${pack.files.length} files (${top}), ${Math.round(pack.size / 1024)} KB packed, ${Math.round(pack.unpackedSize / 1024)} KB unpacked`);
	if (problems.length) {
		console.error(`The package is not as intended (see package.json "files"):\n  ${problems.join('\n  ')}`);
		process.exit(1);
	}
}

module.exports = { packageProblems, packedFiles };

if (require.main === module) main();
