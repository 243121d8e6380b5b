/**
 * The budget of one node run (options.maxCost, US dollars). Costs are added as answers arrive
 * (and billed failed attempts, where their cost is known); once the total reaches the cap, no
 * new request may start. Costs that are estimates (from listed per-token prices, when the
 * provider reported none) are counted too and make the total an estimate.
 */
export class RunBudget {
	private spentUsd = 0;
	private estimated = false;
	private unknownCost = false;

	constructor(readonly maxCost: number) {}

	/** Adds a cost; `null` means it is not known (then the cap can no longer be honoured). */
	add(cost: number | null, isEstimate = false): void {
		if (cost === null) {
			this.unknownCost = true;
			return;
		}
		this.spentUsd += cost;
		if (isEstimate && cost > 0) this.estimated = true;
	}

	get spent(): number {
		return this.spentUsd;
	}

	/** True once no new request may start: the cap is reached, or a cost became unknown. */
	get exhausted(): boolean {
		return this.spentUsd >= this.maxCost || this.unknownCost;
	}

	/** Why an item was not sent, naming the cap and what was spent. */
	stopMessage(itemIndex: number | undefined, providerName: string): string {
		const item = itemIndex === undefined ? 'The request' : `Item ${itemIndex}`;
		const spent = `${formatUsd(this.spentUsd)}${this.estimated ? ' (partly estimated from listed prices)' : ''}`;
		if (this.unknownCost && this.spentUsd < this.maxCost) {
			return `${item} (${providerName}) was not sent: the Max Cost of ${formatUsd(this.maxCost)} cannot be honoured because an answer came without a cost and its model has no known price (${spent} counted so far). Remove Max Cost, or use a provider or model whose cost is reported.`;
		}
		return `${item} (${providerName}) was not sent: this run reached its Max Cost of ${formatUsd(this.maxCost)} (spent ${spent}). Raise Max Cost or run the remaining items later.`;
	}
}

export function formatUsd(value: number): string {
	if (value === 0) return '$0';
	return `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}
