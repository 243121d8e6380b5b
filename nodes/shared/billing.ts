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

export const NO_FAILED_ATTEMPTS: FailedAttemptsCost = { billed: 0, known: 0, cost: 0 };

/** The failed attempts of two requests for one item (a fallback after the primary gave up). */
export function bothFailed(a: FailedAttemptsCost, b: FailedAttemptsCost): FailedAttemptsCost {
	return { billed: a.billed + b.billed, known: a.known + b.known, cost: dollars(a.cost + b.cost) };
}

function unknownCostNote(unknown: number, earlier: boolean): string {
	const attempts = `${unknown} ${earlier ? 'earlier ' : ''}attempt${unknown === 1 ? '' : 's'}`;
	const them = unknown === 1 ? 'it' : 'them';
	return `${attempts} reached the provider and failed before any cost was reported: the provider may have billed ${them}, and usage.cost does not include ${them}.`;
}

function unknownFields(unknown: number, earlier: boolean): Partial<Usage> {
	if (!unknown) return {};
	return {
		costComplete: false,
		unknownCostAttempts: unknown,
		costNote: unknownCostNote(unknown, earlier),
	};
}

/**
 * The used answer's usage with the failed attempts before it: `cost` adds their known costs,
 * `answerCost` keeps the answer's own, and `costComplete: false` with `unknownCostAttempts` and
 * `costNote` say when some may have been billed at a cost never reported. Unchanged when no
 * failed attempt was billed. Applying it again (the failed attempts of a provider tried before)
 * adds to what is there.
 */
export function withFailedAttempts(usage: Usage, failed: FailedAttemptsCost): Usage {
	if (!failed.billed) return usage;
	const unknown = (usage.unknownCostAttempts ?? 0) + failed.billed - failed.known;
	return {
		...usage,
		cost: failed.known ? dollars((usage.cost ?? 0) + failed.cost) : usage.cost,
		answerCost: usage.answerCost !== undefined ? usage.answerCost : usage.cost,
		...unknownFields(unknown, true),
	};
}

function sumOrNull(a: number | null, b: number | null): number | null {
	return a === null && b === null ? null : dollars((a ?? 0) + (b ?? 0));
}

/**
 * The billing fields of two answers added up (a JSON Schema repair turn after the first answer):
 * `answerCost` sums the answers' own costs, unknown attempts add up. `cost` is summed by the caller.
 */
export function addedBilling(total: Usage, next: Usage): Partial<Usage> {
	const withEarlier = total.answerCost !== undefined || next.answerCost !== undefined;
	const own = (usage: Usage) => (usage.answerCost !== undefined ? usage.answerCost : usage.cost);
	const unknown = (total.unknownCostAttempts ?? 0) + (next.unknownCostAttempts ?? 0);
	return {
		...(withEarlier ? { answerCost: sumOrNull(own(total), own(next)) } : {}),
		...unknownFields(unknown, true),
	};
}

/**
 * The cost fields of a failed item (`{error}` under On Error: Continue), so that a batch's cost
 * can be summed over every item: `usage.cost` (null when unknown), and `costComplete: false`
 * with `unknownCostAttempts` and `costNote` when an attempt may have been billed at a cost never
 * reported. Empty when no attempt may have been billed. `answered` is the usage (failed attempts
 * already added, as completeChat returns it) of answers that arrived but were not usable.
 */
export function failedItemUsage(failed: FailedAttemptsCost, answered?: Usage): IDataObject {
	if (answered) {
		const usage = withFailedAttempts(answered, failed);
		const { cost, answerCost, costComplete, unknownCostAttempts, costNote } = usage;
		return {
			usage: {
				cost,
				...(answerCost !== undefined ? { answerCost } : {}),
				...(costComplete === false ? { costComplete, unknownCostAttempts, costNote } : {}),
			},
		};
	}
	if (!failed.billed) return {};
	return {
		usage: {
			cost: failed.known ? failed.cost : null,
			...unknownFields(failed.billed - failed.known, false),
		},
	};
}
