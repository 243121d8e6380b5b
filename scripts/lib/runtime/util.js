'use strict';
// Two small helpers the other runtime files share.

/** The last `lines` lines of `text` (for error messages that quote a log). */
function tail(text, lines) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { tail, sleep };
