#!/usr/bin/env node
'use strict';
// `npm run example -- [file]`: runs an example workflow (default basic-reasoning-chat.json) in the
// n8n that `npm start` is running, over the REST API the editor uses (log in as the owner that
// `npm start` set up, run from the workflow's trigger, wait), and prints the last node's items as
// JSON. Same settings as npm start: N8N_PORT (5678).

const fs = require('node:fs');
const path = require('node:path');
const rt = require('./lib/n8n-runtime');

const OWNER = { email: 'owner@example.com', password: 'Reasoning-Chat-1' };

async function main() {
	const file = process.argv[2] || 'basic-reasoning-chat.json';
	const workflow = JSON.parse(fs.readFileSync(path.resolve(rt.ROOT, 'examples', path.basename(file)), 'utf8'));
	const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type));
	const port = Number(process.env.N8N_PORT || 5678);
	const client = new rt.N8nRestClient(`http://127.0.0.1:${port}`);
	if (!(await rt.portInUse(port))) throw new Error(`nothing listens on port ${port}: start n8n with npm start first (same N8N_PORT)`);
	await client.login(OWNER.email, OWNER.password);
	const execution = await client.runWorkflow(workflow.id, trigger.name);
	const runData = execution.data.resultData.runData;
	const last = execution.data.resultData.lastNodeExecuted;
	const items = (runData[last]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	process.stderr.write(`${workflow.name}: execution ${execution.id} ${execution.status}; items of "${last}":\n`);
	process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
	if (execution.status !== 'success') process.exit(1);
}

main().catch((error) => {
	process.stderr.write(`[example] FAILED: ${error.message}\n`);
	process.exit(1);
});
