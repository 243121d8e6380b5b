'use strict';
// The REST API of a running `n8n start`, used the way the editor uses it (cookie + browser-id
// header): owner set-up, login, running a saved workflow and reading its execution.

const path = require('node:path');
const { createRequire } = require('node:module');
const { N8N_DIR } = require('./paths');
const { sleep } = require('./util');

let flatted;
/** n8n stores execution data with `flatted`; use n8n's own copy to read it. */
function parseFlatted(text) {
	if (!flatted) flatted = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('flatted');
	return flatted.parse(text);
}

/** The REST API of a running `n8n start`, as the editor uses it (cookie + browser-id header). */
class N8nRestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.browserId = 'reasoning-chat-e2e';
	}

	headers() {
		return {
			'content-type': 'application/json',
			'browser-id': this.browserId,
			...(this.cookie ? { cookie: this.cookie } : {}),
		};
	}

	/** Returns { status, body } with body parsed as JSON when it is JSON. */
	async request(method, urlPath, body) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: this.headers(),
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const auth = setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: res.status, body: parsed };
	}

	/** GET without parsing: { status, contentType, text } (e.g. for icons). */
	async getRaw(urlPath) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, { headers: this.headers() });
		return { status: res.status, contentType: res.headers.get('content-type') || '', text: await res.text() };
	}

	async expectOk(method, urlPath, body) {
		const res = await this.request(method, urlPath, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
		}
		return res.body;
	}

	/** Whether the instance still shows the owner set-up screen. */
	async needsOwnerSetup() {
		const settings = await this.expectOk('GET', '/rest/settings');
		return Boolean(settings.data.userManagement.showSetupOnFirstLoad);
	}

	/** POST /rest/owner/setup (only valid once per instance); logs in as that owner. */
	async setupOwner(owner) {
		return this.expectOk('POST', '/rest/owner/setup', owner);
	}

	async login(email, password) {
		return this.expectOk('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" does, starting from
	 * `triggerName`, and waits for the execution to finish. Returns the execution summary
	 * plus `data` (the parsed run data: data.resultData.runData[node][run].data.main[output]).
	 */
	async runWorkflow(workflowId, triggerName, { timeoutMs = 120000 } = {}) {
		const started = await this.expectOk('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		const executionId = started.data && started.data.executionId;
		if (!executionId) throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(started)}`);
		return this.waitForExecution(executionId, { timeoutMs });
	}

	async waitForExecution(executionId, { timeoutMs = 120000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('GET', `/rest/executions/${executionId}`);
			const execution = res.status === 200 && res.body && res.body.data;
			if (execution && execution.finished !== undefined && !['new', 'running', 'waiting'].includes(execution.status)) {
				return { ...execution, data: parseFlatted(execution.data) };
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish in ${timeoutMs} ms`);
			await sleep(100);
		}
	}
}

module.exports = { N8nRestClient, parseFlatted };
