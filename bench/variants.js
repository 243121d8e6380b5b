'use strict';
// Variants of the installed package copy, to measure a proposed change before it is made in
// nodes/ or credentials/ (bench/profile.js --variant, BENCH_VARIANT for bench/run.js). They patch
// only the copy unpacked into a run folder, never the checkout, and fail loudly when the built
// code no longer looks as expected.

const fs = require('node:fs');
const path = require('node:path');

/** Single changes; a variant is one of them or a comma-separated list (`both`, `all`: aliases). */
const CHANGES = ['cached-credentials', 'function-authenticate', 'no-signal-any', 'probe-backoff'];
const ALIASES = {
	both: ['cached-credentials', 'function-authenticate'],
	all: ['cached-credentials', 'function-authenticate', 'no-signal-any'],
};
const VARIANTS = ['as-built', ...CHANGES, ...Object.keys(ALIASES)];

/** Replaces `from` by `to` in an installed file; fails loudly when the built code has changed. */
function patchFile(file, from, to) {
	const text = fs.readFileSync(file, 'utf8');
	if (!text.includes(from))
		throw new Error(
			`cannot apply the variant: ${path.basename(file)} no longer contains ${JSON.stringify(from.slice(0, 60))}`,
		);
	fs.writeFileSync(file, text.replace(from, to));
}

/** Patches the installed copy at `installed` (the package folder) for `variant`. */
function applyVariant(installed, variant) {
	if (variant === 'as-built') return;
	const changes = variant.split(',').flatMap((name) => ALIASES[name] || [name]);
	const unknown = changes.filter((name) => !CHANGES.includes(name));
	if (unknown.length) {
		throw new Error(
			`unknown variant ${unknown.join(', ')} (known: ${VARIANTS.join(', ')}; or a comma-separated list)`,
		);
	}
	const attempt = path.join(installed, 'dist/nodes/shared/transport/chatAttempt.js');
	const alreadyCached = fs.readFileSync(attempt, 'utf8').includes('credentialsDecrypted');
	const has = (name) => changes.includes(name);
	if (has('probe-backoff')) {
		// After a probe above the last cut draws a 429, wait twice as long before the next probe
		// (5 s, 10 s, 20 s ... 60 s); back to 5 s once a probe holds. Each failed probe costs the
		// whole pool a Retry-After pause, every 5 s when the provider's limit is steady.
		const gate = path.join(installed, 'dist/nodes/shared/transport/requestGate.js');
		patchFile(
			gate,
			`        if (outcome === 'rateLimited') {
            this.lastRateLimitAt = now;`,
			`        if (outcome === 'rateLimited') {
            if (this.probing) this.quietMs = Math.min((this.quietMs || RECOVERY_QUIET_MS) * 2, 60000);
            this.probing = false;
            this.lastRateLimitAt = now;`,
		);
		patchFile(
			gate,
			`            const quiet = now - this.lastRateLimitAt >= RECOVERY_QUIET_MS;
            if (quiet && this.successesSinceChange >= this.limit) {
                this.limit++;`,
			`            const quiet = now - this.lastRateLimitAt >= (this.quietMs || RECOVERY_QUIET_MS);
            if (quiet && this.successesSinceChange >= this.limit) {
                if (this.probing) this.quietMs = RECOVERY_QUIET_MS;
                this.probing = true;
                this.limit++;`,
		);
	}
	if (has('no-signal-any')) {
		// One AbortController per attempt, linked to the execution's cancel signal by a listener
		// that is removed when the attempt ends, instead of AbortSignal.any([execution, attempt]):
		// every AbortSignal.any keeps a WeakRef (and a FinalizationRegistry entry) on the
		// long-lived execution signal until the execution ends.
		patchFile(
			attempt,
			`async function attemptChat(ctx, body, settings) {
    var _a`,
			`async function attemptChat(ctx, body, settings) {
    const link = new AbortController();
    if (!settings.signal) return attemptChatLinked(ctx, body, settings, link);
    const onCancel = () => link.abort();
    if (settings.signal.aborted) link.abort();
    else settings.signal.addEventListener('abort', onCancel, { once: true });
    try {
        return await attemptChatLinked(ctx, body, settings, link);
    } finally {
        settings.signal.removeEventListener('abort', onCancel);
    }
}
async function attemptChatLinked(ctx, body, settings, requestAbort) {
    var _a`,
		);
		patchFile(
			attempt,
			`    const requestAbort = new AbortController();
    const signal = settings.signal
        ? AbortSignal.any([settings.signal, requestAbort.signal])
        : requestAbort.signal;`,
			'    const signal = requestAbort.signal;',
		);
	}
	if (has('cached-credentials') && alreadyCached) {
		process.stderr.write(
			'[variant] the build already hands n8n the credential decrypted once per run: cached-credentials changes nothing\n',
		);
	} else if (has('cached-credentials')) {
		patchFile(
			path.join(installed, 'dist/nodes/shared/transport/chatAttempt.js'),
			'return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } });',
			`let cache = credentialCache.get(ctx);
    if (!cache) { cache = new Map(); credentialCache.set(ctx, cache); }
    const getCredentials = (type, itemIndex) => {
        if (!cache.has(type)) cache.set(type, ctx.getCredentials(type, itemIndex));
        return cache.get(type).then((data) => ({ ...data }));
    };
    return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal }, getCredentials: { value: getCredentials } });`,
		);
		patchFile(
			path.join(installed, 'dist/nodes/shared/transport/chatAttempt.js'),
			'function contextWithSignal(ctx, signal) {',
			'const credentialCache = new WeakMap();\nfunction contextWithSignal(ctx, signal) {',
		);
	}
	if (has('function-authenticate')) {
		patchFile(
			path.join(installed, 'dist/credentials/ReasoningAimlApi.credentials.js'),
			`this.authenticate = {
            type: 'generic',
            properties: {
                headers: {
                    Authorization: '=Bearer {{$credentials.apiKey}}',
                },
            },
        };`,
			`this.authenticate = async (credentials, requestOptions) => {
            requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: \`Bearer \${credentials.apiKey}\` };
            return requestOptions;
        };`,
		);
	}
}

module.exports = { VARIANTS, CHANGES, applyVariant };
