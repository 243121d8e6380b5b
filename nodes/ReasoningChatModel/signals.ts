/**
 * One signal that aborts when any of the given ones does (the execution's cancel signal, the
 * caller's signal, the model's own guard). `dispose()` removes the listeners again, so that an
 * agent making many calls does not pile up listeners on the execution's signal.
 */
export function linkSignals(...signals: Array<AbortSignal | undefined>): {
	signal?: AbortSignal;
	dispose: () => void;
} {
	const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
	if (present.length <= 1) return { signal: present[0], dispose: () => undefined };
	const controller = new AbortController();
	const abort = () => controller.abort();
	for (const signal of present) {
		if (signal.aborted) {
			controller.abort();
			break;
		}
		signal.addEventListener('abort', abort, { once: true });
	}
	return {
		signal: controller.signal,
		dispose: () => {
			for (const signal of present) signal.removeEventListener('abort', abort);
		},
	};
}

/** The abort signal of a call: the SDK's `abortSignal`, or LangChain's `signal` call option. */
export function signalOf(config: unknown): AbortSignal | undefined {
	if (!config || typeof config !== 'object') return undefined;
	const { abortSignal, signal } = config as { abortSignal?: unknown; signal?: unknown };
	const found = abortSignal ?? signal;
	return found instanceof AbortSignal ? found : undefined;
}
