'use strict';
// The mock's provider flavours, by the name the request log and the tests use. Each module
// gives its wire shapes (bodies, stream chunks, errors) and how the server answers that
// provider (URL prefix, routes, rejections); routing.js and scenarios.js hold no per-provider
// branches.

const aiml = require('./aiml');
const deepSeek = require('./deepseek');
const openRouter = require('./openrouter');

/** @typedef {'aiml' | 'openRouter' | 'deepSeek'} ProviderName */

const FLAVOURS = { aiml, openRouter, deepSeek };

/** @param {ProviderName} name */
function flavourOf(name) {
	return FLAVOURS[name];
}

/**
 * The flavour whose URL prefix the path starts with, and the rest of the path.
 * @param {string} path @returns {{ name: ProviderName, subPath: string } | null}
 */
function flavourForPath(path) {
	for (const [name, flavour] of Object.entries(FLAVOURS)) {
		if (path === flavour.PREFIX || path.startsWith(`${flavour.PREFIX}/`)) {
			return { name: /** @type {ProviderName} */ (name), subPath: path.slice(flavour.PREFIX.length) || '/' };
		}
	}
	return null;
}

module.exports = { FLAVOURS, flavourOf, flavourForPath };
