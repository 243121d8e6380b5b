// Projects: `unit` (offline, in-process: pure modules, node execute() and whole workflows run by
// n8n-core's engine against a local mock provider), `e2e` (real n8n, see test/e2e) and `ui` (the
// editor in a real browser). `npm test` runs unit and e2e.
const tsTransform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
	// A guard against hangs, not a speed target (benchmarks measure speed): CI machines are small
	// and busy. testTimeout is a global option; jest ignores it inside a project.
	testTimeout: 120000,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/workflow/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/setup-env.js'],
			transform: tsTransform,
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// Installs n8n into node_modules/.cache/reasoning-chat/ before any e2e file runs (fresh clone / CI).
			globalSetup: '<rootDir>/test/e2e/support/global-setup.js',
			setupFiles: ['<rootDir>/test/setup-env.js'],
			transform: tsTransform,
		},
		{
			// The editor in a real browser (npm run test:ui): not part of `npm test`.
			displayName: 'ui',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/ui/**/*.test.ts'],
			globalSetup: '<rootDir>/test/e2e/support/global-setup.js',
			setupFiles: ['<rootDir>/test/setup-env.js'],
			transform: tsTransform,
		},
	],
};
