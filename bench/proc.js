'use strict';
// Linux /proc readings for the benchmark: resident memory of a process and its descendants,
// and resetting a process's peak (VmHWM) so that one instance can report the peak of one run.

const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const CLOCK_TICKS = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** { rssKb, hwmKb } from /proc/<pid>/status, or null when the process is gone. */
function memoryOf(pid) {
	let text;
	try {
		text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return null;
	}
	const kb = (name) => {
		const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
		return match ? Number(match[1]) : 0;
	};
	return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (clock ticks,
 * 10 ms resolution). Less sensitive than wall time to other work on a shared machine.
 */
function cpuTimeMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return undefined;
	}
}

/** Command line of a process, '' when it is gone. */
function commandOf(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
}

/** Every live descendant of `pid` (children, grandchildren, ...). */
function descendantsOf(pid) {
	const parentOf = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			// The command name is in parentheses and may contain spaces: read after the last ')'.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parentOf.set(Number(name), Number(fields[1]));
		} catch {
			// gone meanwhile
		}
	}
	const found = [];
	let frontier = [pid];
	while (frontier.length) {
		const next = [];
		for (const [child, parent] of parentOf) {
			if (frontier.includes(parent)) next.push(child);
		}
		found.push(...next);
		frontier = next;
	}
	return found;
}

/**
 * Resets the peak resident set (VmHWM) of `pid` to its current RSS (Linux >= 4.0:
 * `echo 5 > /proc/<pid>/clear_refs`). False when not permitted.
 */
function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples VmRSS of `pids` every `intervalMs` and keeps the highest of each. */
function startRssSampler(pids, intervalMs = 20) {
	const peaks = new Map(pids.map((pid) => [pid, 0]));
	const sample = () => {
		for (const pid of pids) {
			const memory = memoryOf(pid);
			if (memory && memory.rssKb > peaks.get(pid)) peaks.set(pid, memory.rssKb);
		}
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return peaks;
		},
	};
}

module.exports = { cpuTimeMs, memoryOf, commandOf, descendantsOf, resetPeak, startRssSampler };
