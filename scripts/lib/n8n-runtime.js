'use strict';
// Shared by `npm start` (scripts/start.js), the end-to-end and browser tests (test/e2e/support,
// test/ui/support) and the benchmark (bench/): everything needed to run this package in a real,
// project-local n8n. One entry point; each job lives in its own file under ./runtime/:
//   paths.js        where n8n and its Node 24 live, the n8n version, this package.json
//   credentials.js  the mock-provider credentials the examples and tests use
//   install.js      installing n8n once, building, packing and installing this package
//   environment.js  the environment of an n8n process
//   cli.js          the n8n CLI and the execution `n8n execute` prints
//   ports.js        free / taken TCP ports
//   processes.js    `n8n start` in its own process group: start, wait until ready, stop
//   rest-client.js  the REST API of a running n8n
//   mock-process.js the local mock provider as a separate process
// Plain CommonJS on purpose: it runs under the system Node that runs npm and is not linted as
// node code. Everything it writes stays inside the folders it is given (by default under
// node_modules/.cache/reasoning-chat/).

const paths = require('./runtime/paths');
const credentials = require('./runtime/credentials');
const install = require('./runtime/install');
const { n8nEnv } = require('./runtime/environment');
const cli = require('./runtime/cli');
const ports = require('./runtime/ports');
const { sleep, tail } = require('./runtime/util');
const processes = require('./runtime/processes');
const { N8nRestClient, parseFlatted } = require('./runtime/rest-client');
const { startMockProcess } = require('./runtime/mock-process');

module.exports = {
	ROOT: paths.ROOT,
	RUNTIME: paths.RUNTIME,
	N8N_VERSION: paths.N8N_VERSION,
	NODE_HOME: paths.NODE_HOME,
	NODE24: paths.NODE24,
	N8N_DIR: paths.N8N_DIR,
	N8N_BIN: paths.N8N_BIN,
	PACKAGE: paths.PACKAGE,
	FILES_DIR_NAME: paths.FILES_DIR_NAME,
	CREDENTIALS: credentials.CREDENTIALS,
	BAD_CREDENTIALS: credentials.BAD_CREDENTIALS,
	credentialEntries: credentials.credentialEntries,
	isInstalled: install.isInstalled,
	ensureN8n: install.ensureN8n,
	buildPackage: install.buildPackage,
	packPackage: install.packPackage,
	packageDir: install.packageDir,
	installPackage: install.installPackage,
	n8nEnv,
	runN8nCli: cli.runN8nCli,
	runN8nCliOrThrow: cli.runN8nCliOrThrow,
	parseCliExecution: cli.parseCliExecution,
	freePort: ports.freePort,
	portInUse: ports.portInUse,
	sleep,
	tail,
	startN8nServer: processes.startN8nServer,
	waitForN8n: processes.waitForN8n,
	stopProcessGroup: processes.stopProcessGroup,
	parseFlatted,
	N8nRestClient,
	startMockProcess,
};
