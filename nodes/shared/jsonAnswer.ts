import { splitThinkTags } from './normalize/thinkTags';

export type JsonAnswerResult = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses a JSON answer the way models actually write it: possibly inside ```json fences,
 * possibly after think tags or a line of prose. Reasoning is never part of the result.
 */
export function parseJsonAnswer(answer: string): JsonAnswerResult {
	let text = splitThinkTags(answer).answer.trim();
	const fenced = text.match(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/);
	if (fenced) text = fenced[1].trim();
	const start = text.search(/[[{]/);
	if (start === -1) return { ok: false, problem: 'it contains no JSON object' };
	const closing = text[start] === '{' ? '}' : ']';
	const end = text.lastIndexOf(closing);
	if (end < start)
		return { ok: false, problem: 'the JSON is not closed (was the answer cut off?)' };
	try {
		return { ok: true, value: JSON.parse(text.slice(start, end + 1)) as unknown };
	} catch (error) {
		return { ok: false, problem: `it is not valid JSON (${(error as Error).message})` };
	}
}
