'use strict';
// bench/RESULTS.md is written in parts: the full run writes the whole file, and a run of one
// phase (limits, memory) rewrites only that phase's section, between its start and end markers.

const fs = require('node:fs');

/** The section between `start` and `end` in `text`, markers included, or undefined. */
function sectionOf(text, start, end) {
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	return from >= 0 && to > from ? text.slice(from, to + end.length) : undefined;
}

/**
 * Puts `section` (which begins with `start` and ends with `end`) into `file` in place of an
 * earlier one, or before `before` (another section's start marker) when there is none yet, or at
 * the end.
 */
function writeSection(file, start, end, section, before) {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
	const old = sectionOf(text, start, end);
	let next;
	if (old !== undefined) next = text.replace(old, () => section);
	else if (before && text.includes(before)) {
		const at = text.indexOf(before);
		next = `${text.slice(0, at)}${section}\n\n${text.slice(at)}`;
	} else next = `${text.replace(/\n*$/, '\n\n')}${section}\n`;
	fs.writeFileSync(file, next);
}

module.exports = { sectionOf, writeSection };
