'use strict';
// Which handler answers a request: the admin API under /__mock/, each provider's chat
// completions (scenarios.js), its key check and model list, and 404s in the provider's shape.

const { bearerKey, readBody, sendJson } = require('./http');
const { flavourForPath, flavourOf } = require('./providers');
const { handleChat } = require('./scenarios');
const { publicConfig } = require('./state');

/**
 * GET key checks and model lists.
 * @param {ReturnType<typeof import('./state').createState>} state
 * @param {import('./providers').ProviderName} providerName @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res @param {string} subPath
 * @returns {boolean} whether the route exists
 */
function handleInfo(state, providerName, req, res, subPath) {
	const flavour = flavourOf(providerName);
	const route = flavour.infoRoute(subPath);
	if (!route) return false;
	state.record(providerName, req, req.url || '', null);
	const key = bearerKey(req);
	const valid = key !== null && state.config.validKeys[providerName].includes(key);
	if (route === 'keyCheck') {
		state.counters.keyChecks++;
		const answer = flavour.keyCheck(valid, key, subPath, req.headers);
		sendJson(res, answer.status, answer.body, answer.headers);
	} else {
		state.counters.modelListRequests++;
		const answer = flavour.models(valid, key);
		sendJson(res, answer.status, answer.body);
	}
	return true;
}

/**
 * @param {ReturnType<typeof import('./state').createState>} state
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
 */
async function handleAdmin(state, req, res, url) {
	const route = `${req.method} ${url.pathname}`;
	switch (route) {
		case 'GET /__mock/stats':
			return sendJson(res, 200, state.stats());
		case 'GET /__mock/requests': {
			const provider = url.searchParams.get('provider');
			let list = provider ? state.recorded.filter((r) => r.provider === provider) : state.recorded;
			const limit = Number(url.searchParams.get('limit'));
			if (Number.isFinite(limit) && limit > 0) list = list.slice(-limit);
			return sendJson(res, 200, list);
		}
		case 'GET /__mock/config':
			return sendJson(res, 200, publicConfig(state.config));
		case 'POST /__mock/config': {
			let partial;
			try {
				const raw = await readBody(req);
				partial = raw.trim() ? JSON.parse(raw) : {};
			} catch (e) {
				return sendJson(res, 400, { error: `invalid JSON: ${/** @type {Error} */ (e).message}` });
			}
			return sendJson(res, 200, state.configure(partial));
		}
		case 'POST /__mock/reset':
			await readBody(req).catch(() => '');
			state.reset();
			return sendJson(res, 200, { ok: true });
		case 'GET /__mock/health':
			return sendJson(res, 200, { ok: true });
		default:
			return sendJson(res, 404, { error: `unknown admin route ${route}` });
	}
}

/**
 * Answers one request.
 * @param {ReturnType<typeof import('./state').createState>} state
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
async function route(state, req, res) {
	const url = new URL(req.url || '/', 'http://mock.local');
	const path = url.pathname;
	if (path.startsWith('/__mock/')) return handleAdmin(state, req, res, url);

	const match = flavourForPath(path);
	if (match === null) {
		return sendJson(res, 404, {
			error: `no such route ${req.method} ${path}; use /aiml/…, /deepseek/…, /openrouter/api/v1/… or /__mock/…`,
		});
	}
	const { name, subPath } = match;
	const flavour = flavourOf(name);
	if (subPath === flavour.CHAT_PATH && req.method === 'POST')
		return handleChat(state, name, req, res, subPath);
	if (req.method === 'GET' && handleInfo(state, name, req, res, subPath)) return undefined;
	state.record(name, req, req.url || '', null);
	req.resume();
	return sendJson(res, 404, flavour.notFoundBody(req.method, subPath));
}

module.exports = { route };
