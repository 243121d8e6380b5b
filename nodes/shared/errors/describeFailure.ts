import type { ProviderAdapter } from '../providers/types';
import type { Failure } from './failure';
import { failureLabel } from './failure';

export interface FailureContext {
	provider: ProviderAdapter;
	itemIndex: number;
	model: string;
	/** Name of the credential the node uses, so the user knows which one to fix. */
	credentialName?: string;
	baseUrl: string;
	timeoutMs: number;
	/** Every failed attempt, the last one included. */
	failures: Failure[];
	/**
	 * What the request was for, in the message: `item N` for the Reasoning Chat node (the
	 * default), `the model call` for the chat-model sub-node, which has no items or Concurrency.
	 */
	subject?: 'item' | 'modelCall';
}

function whatToDo(failure: Failure, context: FailureContext): string {
	const { provider } = context;
	const credential = context.credentialName
		? `the credential "${context.credentialName}"`
		: `the ${provider.name} credential`;
	if (failure.kind === 'timeout') {
		return `No complete answer within ${Math.round(context.timeoutMs / 1000)} s (the Timeout option). Reasoning can take minutes: raise Timeout, or turn on Stream so that a long answer keeps the connection busy.`;
	}
	if (failure.kind === 'network') {
		return `Check that ${context.baseUrl} is reachable and that the Base URL in ${credential} is right.`;
	}
	if (failure.kind === 'badBody') {
		return `Check the Base URL in ${credential} (the official one is ${provider.defaultBaseUrl}).`;
	}
	if (failure.kind === 'canceled') return 'The execution was stopped.';
	if (failure.kind === 'unprocessable') {
		return 'It was not retried (the answer may have been billed). Run the item again; if it keeps happening, report the answer shape (Include Raw Response shows it).';
	}
	const status = failure.status ?? 0;
	if (failure.kind === 'inBody') {
		return failure.retryable
			? 'The model failed while answering; this is usually temporary: run the item again.'
			: 'The model failed while answering: check the message above.';
	}
	const hint = failure.kind === 'http' ? provider.statusHints?.[status] : undefined;
	if (hint) return hint;
	if (status === 401) return `Check the API key in ${credential}.`;
	if (status === 402)
		return `Add credits at ${provider.consoleUrl} or raise the key's credit limit.`;
	if (status === 403) {
		return 'The provider refused the request (moderation, permissions or region): change the prompt or pick another model.';
	}
	if (status === 404) {
		return `Check the model id "${context.model}": pick one from the Model list (From List), or check the Base URL.`;
	}
	if (status === 413) return 'The request is too large: shorten the prompt or the conversation.';
	if (status === 429) {
		return context.subject === 'modelCall'
			? 'Raise Max Retries, or check the rate limits of your plan.'
			: 'Lower Concurrency, raise Max Retries, or check the rate limits of your plan.';
	}
	if (status === 408 || status === 504 || status === 524) {
		return 'The provider timed out: try again later, or pick a less loaded model.';
	}
	if (status >= 500) return 'The provider had trouble on its side: try again later.';
	if (status === 400 || status === 422) {
		return 'Fix the request as the provider says (model id, Max Tokens, messages, or an option the model does not support).';
	}
	return 'See the provider message above.';
}

function headline(failure: Failure, context: FailureContext): string {
	const name = context.provider.name;
	const item = context.subject === 'modelCall' ? 'the model call' : `item ${context.itemIndex}`;
	switch (failure.kind) {
		case 'http':
			return `${name} answered HTTP ${failure.status} for ${item}`;
		case 'inBody':
			return `${name} reported an error for ${item}${failure.status ? ` (code ${failure.status})` : ''}`;
		case 'timeout':
			return `${name} timed out for ${item}`;
		case 'network':
			return `${name} could not be reached for ${item}: ${failure.detail ?? 'connection failed'}`;
		case 'badBody':
			return `${name} sent a response for ${item} that is not the API's JSON`;
		case 'unprocessable':
			return `${name} sent an answer for ${item} that could not be processed (${failure.detail ?? 'unexpected shape'})`;
		default:
			return `The request to ${name} for ${item} was canceled`;
	}
}

/**
 * One sentence a user can act on: provider, status, what the provider said, what to do, and
 * how many attempts were made. Used as the node error and as `error` under "On Error: Continue".
 */
export function describeFailure(failure: Failure, context: FailureContext): string {
	let message = headline(failure, context);
	if (failure.providerMessage) message += `: ${failure.providerMessage.replace(/[.\s]+$/, '')}`;
	message += `. ${whatToDo(failure, context)}`;
	if (failure.interrupted && !failure.retryable) {
		message +=
			' It was not requested again: the answer had started and a new request would be billed again (turn on Retry Interrupted Answers to allow it).';
	}
	const attempts = context.failures.length;
	if (attempts > 1) {
		message += ` Gave up after ${attempts} attempts (${context.failures.map(failureLabel).join(', ')}).`;
	}
	if (failure.retryAfterMs !== undefined && failure.status === 429 && failure.retryable) {
		const seconds = Math.round(failure.retryAfterMs / 1000);
		if (attempts <= 1 || seconds > 300) message += ` The provider asked to wait ${seconds} s.`;
	}
	return message;
}
