import type { IDataObject } from 'n8n-workflow';

import type { Failure } from './errors/failure';
import type { Usage } from './types';

/**
 * What the failed attempts of one request may have cost. The rule for each failed attempt (the
 * README's retry and billing table says the same):
 * - never reached the provider (connection refused or reset before any answer), or an HTTP
 *   error status (429, 5xx, 4xx) before any generation: not billed;
 * - the provider answered 200 and the attempt then failed (a body or stream cut off, a stream
 *   that stalled, an error reported inside the answer, an answer that could not be read), or the
 *   request ran past Timeout while the provider was working on it: may have been billed. Its cost
 *   counts when the provider reported it before the failure (a stream's usage chunk, a body's
 *   usage, AIML API's cost header); otherwise it is unknown and the item says so.
 * Transport code marks such failures with `billed` (transport/chatAttempt.ts).
 */
export interface FailedAttemptsCost {
	/** Failed attempts that may have been billed. */
	billed: number;
	/** Of those, the ones whose cost the provider reported. */
	known: number;
	/** The sum of the known costs, in US dollars. */
	cost: number;
}

/** Sums of floating-point dollars: rounded so that 0.1 + 0.2 reads 0.3. */
function dollars(value: number): number {
	return Math.round(value * 1e12) / 1e12;
}

export function failedAttemptsCost(failures: readonly Failure[]): FailedAttemptsCost {
	const total: FailedAttemptsCost = { billed: 0, known: 0, cost: 0 };
	for (const failure of failures) {
		if (!failure.billed) continue;
		total.billed++;
		if (failure.billed.cost !== null) {
			total.known++;
			total.cost = dollars(total.cost + failure.billed.cost);
		}
	}
	return total;
}

function unknownCostNote(unknown: number, earlier: boolean): string {
	const attempts = `${unknown} ${earlier ? 'earlier ' : ''}attempt${unknown === 1 ? '' : 's'}`;
	const them = unknown === 1 ? 'it' : 'them';
	return `${attempts} reached the provider and failed before any cost was reported: the provider may have billed ${them}, and usage.cost does not include ${them}.`;
}

/**
 * The used answer's usage with the failed attempts before it: `cost` adds their known costs,
 * `answerCost` keeps the answer's own, and `costComplete: false` with `costNote` says when some
 * may have been billed at a cost never reported. Unchanged when no failed attempt was billed.
 */
export function withFailedAttempts(usage: Usage, failed: FailedAttemptsCost): Usage {
	if (!failed.billed) return usage;
	const unknown = failed.billed - failed.known;
	return {
		...usage,
		cost: failed.known ? dollars((usage.cost ?? 0) + failed.cost) : usage.cost,
		answerCost: usage.cost,
		...(unknown ? { costComplete: false, costNote: unknownCostNote(unknown, true) } : {}),
	};
}

/**
 * The cost fields of a failed item (`{error}` under On Error: Continue), so that a batch's cost
 * can be summed over every item: `usage.cost` (null when unknown), and `costComplete: false` with
 * `costNote` when an attempt may have been billed at a cost never reported. Empty when no attempt
 * may have been billed. `answered` is the usage (failed attempts already added, as completeChat
 * returns it) of an answer that arrived but was not usable.
 */
export function failedItemUsage(failed: FailedAttemptsCost, answered?: Usage): IDataObject {
	if (answered) {
		const { cost, answerCost, costComplete, costNote } = answered;
		return {
			usage: {
				cost,
				...(answerCost !== undefined ? { answerCost } : {}),
				...(costComplete === false ? { costComplete, costNote } : {}),
			},
		};
	}
	if (!failed.billed) return {};
	const unknown = failed.billed - failed.known;
	return {
		usage: {
			cost: failed.known ? failed.cost : null,
			...(unknown ? { costComplete: false, costNote: unknownCostNote(unknown, false) } : {}),
		},
	};
}
