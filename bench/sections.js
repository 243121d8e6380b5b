'use strict';
// A marked section of bench/RESULTS.md that one phase owns (e.g. `<!-- limits:start ... -->` to
// `<!-- limits:end -->`): a phase run alone rewrites its own section and leaves the rest alone.

const fs = require('node:fs');

/** Puts `section` (which begins with `start` and ends with `end`) in place of the earlier one, or at the end. */
function writeSection(file, section, start, end) {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	const next =
		from >= 0 && to > from
			? text.slice(0, from) + section + text.slice(to + end.length)
			: `${text.replace(/\n*$/, '\n\n')}${section}\n`;
	fs.writeFileSync(file, next);
}

module.exports = { writeSection };
