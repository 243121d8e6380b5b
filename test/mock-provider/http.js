'use strict';
// HTTP helpers of the mock provider: JSON replies, reading a request body, the bearer key,
// and the HTML pages a proxy or gateway sends instead of the API's JSON.

const http = require('node:http');

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/** @param {import('node:http').IncomingMessage} req @returns {string | null} */
function bearerKey(req) {
	const auth = req.headers.authorization;
	if (typeof auth !== 'string') return null;
	const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
	return m ? m[1].trim() : null;
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let failed = false;
		req.on('data', (/** @type {Buffer} */ c) => {
			if (failed) return;
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				failed = true;
				reject(Object.assign(new Error('request body too large'), { code: 'TOO_LARGE' }));
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
		});
		req.on('error', (e) => {
			if (!failed) reject(e);
			failed = true;
		});
	});
}

const NOT_JSON_200 =
	'<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1><p>The service is under maintenance.</p></body></html>\n';

/** @param {number} status */
function htmlPage(status) {
	if (status === 200) return NOT_JSON_200;
	const text = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
	return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

module.exports = { sendJson, bearerKey, readBody, htmlPage };
