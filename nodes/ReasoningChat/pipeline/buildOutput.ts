import type { IDataObject } from 'n8n-workflow';

import { parseJsonAnswer } from '../../shared/jsonAnswer';
import type { ProviderAdapter } from '../../shared/providers';
import type { Completion } from '../../shared/types';
import type { ItemPlan } from './readItem';

export type OutputResult = { ok: true; json: IDataObject } | { ok: false; message: string };

/** Plain words for answers that are empty or cut short, so the item says what happened. */
function warningFor(completion: Completion, plan: ItemPlan): string | undefined {
	const limit = plan.request.maxTokens !== undefined ? ` (${plan.request.maxTokens})` : '';
	if (completion.finishReason === 'length' && !completion.answer) {
		return `The model spent the whole token budget on reasoning and gave no answer. Raise Max Tokens${limit}, lower Reasoning Effort, or turn Reasoning off.`;
	}
	if (completion.finishReason === 'length') {
		return `The answer was cut off at the token limit. Raise Max Tokens${limit} for a complete answer.`;
	}
	if (!completion.answer && !completion.toolCalls.length) {
		return 'The provider returned an empty answer. Running the item again usually helps.';
	}
	return undefined;
}

/**
 * The contract's output item: answer, reasoning and usage as separate fields, the model,
 * provider, finish reason and id, and the conversation ready for the next Reasoning Chat.
 */
export function buildOutput(
	provider: ProviderAdapter,
	plan: ItemPlan,
	completion: Completion,
	rawBody: IDataObject,
	attempts = 1,
): OutputResult {
	const json: IDataObject = {
		answer: completion.answer,
		reasoning: completion.reasoning,
		usage: { ...completion.usage },
		model: completion.model || plan.request.model,
		provider: provider.id,
		finishReason: completion.finishReason,
		id: completion.id,
		// Requests sent for this item (retries included): each one that reached the provider may
		// have been billed.
		attempts,
		messages: [
			...plan.conversation,
			provider.historyMessage(completion),
		] as unknown as IDataObject[],
	};
	const warning = warningFor(completion, plan);
	if (warning) json.warning = warning;

	if (plan.request.jsonOutput) {
		const parsed = parseJsonAnswer(completion.answer);
		if (!parsed.ok) {
			const hint =
				completion.finishReason === 'length'
					? 'The answer was cut off at the token limit: raise Max Tokens.'
					: 'Ask for JSON more explicitly in the prompt or the system message, or use Output Format: Text.';
			return {
				ok: false,
				message: `${provider.name} answered item ${plan.itemIndex}, but the answer is not JSON: ${parsed.problem}. ${hint}`,
			};
		}
		json.answerJson = parsed.value as IDataObject;
	}
	if (plan.includeRaw) json.raw = rawBody;
	return { ok: true, json };
}
