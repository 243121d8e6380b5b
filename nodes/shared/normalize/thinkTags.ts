/**
 * Some hosts put the reasoning inside the answer as `<think>…</think>`, and DeepSeek chat
 * templates that prefill `<think>` leave only the closing tag (`reasoning…</think>answer`).
 * Everything before the first `</think>` is reasoning. An opening tag that never closes (the
 * token budget ran out mid-thought) makes the whole text reasoning.
 */
export function splitThinkTags(content: string): { answer: string; reasoning: string } {
	const close = content.indexOf('</think>');
	if (close !== -1) {
		const reasoning = content.slice(0, close).replace(/^\s*<think>/, '');
		const answer = content.slice(close + '</think>'.length).replace(/<\/?think>/g, '');
		return { answer: answer.trim(), reasoning: reasoning.trim() };
	}
	const open = content.match(/^\s*<think>/);
	if (open) return { answer: '', reasoning: content.slice(open[0].length).trim() };
	return { answer: content, reasoning: '' };
}
