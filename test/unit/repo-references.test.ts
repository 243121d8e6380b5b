/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the repository's own files */
// Someone who clones the repository must find everything it refers to in the repository itself:
// no file may point at notes that live outside it, or at a path of a build machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function trackedTextFiles(): string[] {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- git ls-files, read-only
	const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
	return files.filter((file) => file && !/\.(png|jpg|ico)$|package-lock\.json$/.test(file) && existsSync(join(root, file)));
}

const FORBIDDEN: Array<[string, RegExp]> = [
	['the contract notes', /CONTRACT\.md/],
	['the shared reference notes', /shared\/reference|n8n-e2e\.md|in-process-workflow-tests\.md|ai-sub-node\.md|\bstyle\.md/],
	// /home/node is the home folder inside n8n's official Docker image (the Docker install route),
	// not a path of a build machine.
	['an absolute path of a build machine', /(?<![\w}.:/-])\/(work|home(?!\/node\b)|root|Users|mnt)\/[\w.-]+/],
];

describe('the repository explains itself', () => {
	it('no tracked file refers to notes outside the repository or to a build machine path', () => {
		const problems: string[] = [];
		for (const file of trackedTextFiles()) {
			const lines = readFileSync(join(root, file), 'utf8').split('\n');
			lines.forEach((line, index) => {
				for (const [what, pattern] of FORBIDDEN) {
					if (pattern.test(line)) problems.push(`${file}:${index + 1} refers to ${what}: ${line.trim()}`);
				}
			});
		}
		expect(problems).toEqual([]);
	});

	it('the docs the README and the code point at exist', () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		for (const doc of ['docs/ARCHITECTURE.md', 'docs/providers.md']) {
			expect(readme).toContain(`](${doc})`);
			expect(existsSync(join(root, doc))).toBe(true);
		}
	});
});
