import type { IDataObject } from 'n8n-workflow';

/**
 * Plain text of OpenRouter's `reasoning_details`: the `reasoning.text` items, or else the
 * `reasoning.summary` items. Encrypted items carry no readable text, and unknown types are
 * skipped rather than treated as errors.
 */
export function reasoningDetailsText(details: unknown): string {
	if (!Array.isArray(details)) return '';
	const items = details.filter((item): item is IDataObject => !!item && typeof item === 'object');
	const texts = items
		.filter((item) => item.type === 'reasoning.text' && typeof item.text === 'string')
		.map((item) => item.text as string);
	if (texts.length) return texts.join('');
	return items
		.filter((item) => item.type === 'reasoning.summary' && typeof item.summary === 'string')
		.map((item) => item.summary as string)
		.join('');
}

/** The reasoning field of a message, whichever name the provider used. */
export function messageReasoning(message: IDataObject): string {
	if (typeof message.reasoning_content === 'string' && message.reasoning_content) {
		return message.reasoning_content;
	}
	if (typeof message.reasoning === 'string' && message.reasoning) return message.reasoning;
	return reasoningDetailsText(message.reasoning_details);
}
