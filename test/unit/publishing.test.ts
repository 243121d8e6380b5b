// Publishing and install files: the GitHub workflows and the Docker Compose example are valid
// YAML and say what the README and .ci/run say; LICENSE, CHANGELOG and package.json agree; the
// tarball checker (scripts/check-package.js) rejects what must not be published; the first-run
// prerequisite check names what to install.
import { parse } from 'yaml';

import { packageProblems } from '../../scripts/check-package';
import { readRepoFile as read, runPrerequisiteCheck } from '../support/repoFiles';

const manifest = JSON.parse(read('package.json'));

interface WorkflowStep {
	name?: string;
	uses?: string;
	run?: string;
	env?: Record<string, string>;
	with?: Record<string, unknown>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { steps: WorkflowStep[] }>;
}

function workflow(file: string): Workflow {
	return parse(read(`.github/workflows/${file}`)) as Workflow;
}

function runCommands(wf: Workflow): string[] {
	return Object.values(wf.jobs).flatMap((job) => job.steps.filter((step) => step.run).map((step) => step.run!.trim()));
}

/** The commands of .ci/run: every line that is not a comment, a blank, set-up or a `step` title. */
function ciRunCommands(): string[] {
	return read('.ci/run')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#') && !/^(set |cd |step\b|step\(\))/.test(line));
}

/** The `<owner>/<name>` a GitHub URL points at. */
function githubRepo(url: string): string {
	const match = url.match(/github\.com\/([^/]+\/[^/#.]+)/);
	if (!match) throw new Error(`not a GitHub URL: ${url}`);
	return match[1];
}

describe('GitHub workflows', () => {
	test('ci.yml runs exactly the commands of .ci/run, in the same order', () => {
		const ci = workflow('ci.yml');
		expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
		expect(runCommands(ci)).toEqual(ciRunCommands());
		expect(ciRunCommands()[0]).toMatch(/^npm ci\b/);
	});

	test('publish.yml publishes with provenance on a version tag, after the build and the tests', () => {
		const publish = workflow('publish.yml');
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(publish.permissions?.['id-token']).toBe('write');
		const commands = runCommands(publish);
		const at = (re: RegExp) => commands.findIndex((command) => re.test(command));
		const published = at(/^npm publish --provenance --access public$/);
		expect(published).toBe(commands.length - 1);
		for (const before of [/^npm ci\b/, /^npm run lint$/, /^npm run build$/, /^npm test$/, /^npm run check:package$/]) {
			expect(at(before)).toBeGreaterThanOrEqual(0);
			expect(at(before)).toBeLessThan(published);
		}
		const setupNode = Object.values(publish.jobs)[0].steps.find((step) => step.uses?.startsWith('actions/setup-node'));
		expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});
});

describe('package metadata', () => {
	test('repository, homepage and bugs point at the same GitHub repository', () => {
		const repo = githubRepo(manifest.repository.url);
		expect(githubRepo(manifest.homepage)).toBe(repo);
		expect(githubRepo(manifest.bugs.url)).toBe(repo);
	});

	test('LICENSE is MIT, for 2026, held by the package author', () => {
		const license = read('LICENSE');
		expect(manifest.license).toBe('MIT');
		expect(license).toMatch(/^MIT License\n/);
		expect(license).toContain(`Copyright (c) 2026 ${manifest.author.name}`);
	});

	test('CHANGELOG has an Unreleased section and one for the package version, newest first', () => {
		const headings = read('CHANGELOG.md')
			.split('\n')
			.filter((line) => line.startsWith('## '));
		expect(headings[0]).toBe('## [Unreleased]');
		expect(headings[1]).toMatch(new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`));
	});
});

describe('the tarball checker', () => {
	const n8n = { nodes: ['dist/nodes/A/A.node.js'], credentials: ['dist/credentials/B.credentials.js'] };
	const good = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', ...n8n.nodes, ...n8n.credentials, 'dist/icons/a.svg'];

	test('accepts dist, README, LICENSE, CHANGELOG and package.json', () => {
		expect(packageProblems(good, { n8n })).toEqual([]);
	});

	test('rejects source maps, screenshots, sources and tests, and a missing LICENSE or node', () => {
		const problems = packageProblems(
			[
				...good.filter((file) => file !== 'LICENSE' && file !== n8n.nodes[0]),
				'dist/nodes/A/A.node.js.map',
				'dist/docs/output.png',
				'nodes/A/A.node.ts',
				'dist/test/x.test.js',
			],
			{ n8n },
		);
		expect(problems).toEqual([
			'dist/nodes/A/A.node.js.map should not be published',
			'dist/docs/output.png should not be published',
			'nodes/A/A.node.ts should not be published',
			'dist/test/x.test.js should not be published',
			'LICENSE is missing from the tarball',
			'dist/nodes/A/A.node.js is missing from the tarball',
		]);
	});
});

describe('Docker Compose example', () => {
	const compose = parse(read('examples/docker/docker-compose.yml')) as {
		services: Record<string, { image: string; volumes: string[] }>;
	};

	test('runs the official n8n image at the pinned version', () => {
		const pinned = read('scripts/lib/runtime/paths.js').match(/N8N_VERSION \|\| '([\d.]+)'/)![1];
		expect(compose.services.n8n.image).toBe(`docker.n8n.io/n8nio/n8n:${pinned}`);
	});

	test('mounts the unpacked package read-only where n8n looks for community packages', () => {
		expect(compose.services.n8n.volumes).toEqual(
			expect.arrayContaining([
				'n8n_data:/home/node/.n8n',
				`./${manifest.name}:/home/node/.n8n/nodes/node_modules/${manifest.name}:ro`,
			]),
		);
	});
});

describe('first-run prerequisites', () => {
	test('names each missing build tool and the command that installs them', () => {
		const result = runPrerequisiteCheck({ withoutBuildTools: true });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('missing: python3');
		expect(result.stderr).toContain('missing: make');
		expect(result.stderr).toContain('missing: a C++ compiler (g++)');
		expect(result.stderr).toContain('sudo apt-get install -y python3 make g++');
	});

	test('passes on this machine, which has them', () => {
		const result = runPrerequisiteCheck();
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});
});
