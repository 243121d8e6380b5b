// gulp's job here: keep the README's parameter tables generated from the node descriptions in
// dist/ (run `npm run build` first). `npm run docs` rewrites them; `npm run docs:check` fails
// when they are stale (CI runs it). Icons need no gulp: `n8n-node build` copies them.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const { parameterTables, replaceSection } = require('./scripts/docs/parameterTables');

const README = join(__dirname, 'README.md');
const SECTIONS = [
	['reasoning-chat-parameters', './dist/nodes/ReasoningChat/ReasoningChat.node.js', 'ReasoningChat'],
	['chat-model-parameters', './dist/nodes/ReasoningChatModel/ReasoningChatModel.node.js', 'ReasoningChatModel'],
];

function renderReadme() {
	let markdown = readFileSync(README, 'utf8');
	for (const [section, file, className] of SECTIONS) {
		let description;
		try {
			description = new (require(file)[className])().description;
		} catch (error) {
			throw new Error(`Cannot load ${file} (run \`npm run build\` first): ${error.message}`);
		}
		markdown = replaceSection(markdown, section, parameterTables(description));
	}
	return markdown;
}

function readmeTables(done) {
	writeFileSync(README, renderReadme());
	done();
}

function readmeCheck(done) {
	if (renderReadme() !== readFileSync(README, 'utf8')) {
		done(new Error('README parameter tables are out of date: run `npm run build && npm run docs`'));
		return;
	}
	done();
}

exports.readmeTables = readmeTables;
exports.readmeCheck = readmeCheck;
