'use strict';
// The environment of an n8n process: everything in one user folder, sqlite, no telemetry, the
// ports it is given, and the settings the local mock provider and the tests need.

const fs = require('node:fs');
const path = require('node:path');
const { NODE24, FILES_DIR_NAME } = require('./paths');

/**
 * Environment for an n8n process using `userFolder` (n8n keeps everything in `<userFolder>/.n8n`).
 * `logFormat: 'json'` makes `n8n execute` output parseable (see ./cli.js).
 * `inherit: false` drops every n8n setting of the caller's environment (tests: nothing from the
 * shell or from test/setup-env.js may change the instance); `inherit: true` keeps the caller's
 * other N8N_* settings (e.g. N8N_LOG_LEVEL=debug for `npm start`) but never ones that would move
 * the data out of the user folder, load other nodes or switch to queue mode.
 */
function n8nEnv({
	userFolder,
	port,
	brokerPort,
	encryptionKey,
	logFormat = 'text',
	logLevel = 'info',
	inherit = false,
	extra = {},
}) {
	const env = { ...process.env };
	// NODE_ENV too: jest sets NODE_ENV=test, with which `n8n start` exits at once (code 1, no log).
	const dropped = inherit
		? /^(N8N_CUSTOM_EXTENSIONS|N8N_CONFIG_FILES|N8N_USER_FOLDER|DB_.*|QUEUE_.*|EXECUTIONS_MODE|NODE_OPTIONS|NODE_ENV)$/
		: /^(N8N_.*|DB_.*|EXECUTIONS_.*|QUEUE_.*|NODES_.*|GENERIC_TIMEZONE|NODE_OPTIONS|NODE_ENV|JEST_.*)$/;
	for (const name of Object.keys(env)) {
		if (dropped.test(name)) delete env[name];
	}
	const tmpDir = path.join(userFolder, 'tmp');
	fs.mkdirSync(tmpDir, { recursive: true });
	if (inherit) {
		if (env.N8N_LOG_LEVEL) logLevel = env.N8N_LOG_LEVEL;
		if (env.N8N_LOG_FORMAT) logFormat = env.N8N_LOG_FORMAT;
	}
	return {
		...env,
		PATH: `${path.dirname(NODE24)}${path.delimiter}${env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: (inherit && process.env.GENERIC_TIMEZONE) || 'UTC',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Otherwise n8n blocks requests to 127.0.0.1, where the mock provider listens.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Plain http on 127.0.0.1: a secure-only cookie would not be sent back by every client.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// n8n 2.x only lets the Read/Write Files node use this folder (default ~/.n8n-files,
		// outside the project). Relative paths resolve against n8n's working directory, which the
		// callers set to the user folder, so `.n8n-files/...` in a workflow lands here.
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, FILES_DIR_NAME),
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// n8n keeps some scratch folders in os.tmpdir() (e.g. n8nDataTableUploads): keep them here.
		TMPDIR: tmpDir,
		N8N_LOG_FORMAT: logFormat,
		N8N_LOG_LEVEL: logLevel,
		...extra,
	};
}

module.exports = { n8nEnv };
