import type { IDataObject } from 'n8n-workflow';

import type { PollResult } from './event';

/** A subuser as an event that fires once per subuser weighs it. */
export interface Candidate {
	name: string;
	/** What it fires once for: its limit period (and its limit, for some events). */
	key: string;
	item: IDataObject;
	/** Whether it fires now, unless it was already reported under `key`. */
	fires: boolean;
	/** How close it is to firing, higher is closer, for Fetch Test Event; none when it cannot fire. */
	rank?: number;
}

/**
 * The poll of an event that fires once per subuser and key: the candidates that fire and were not reported under
 * their key. State `reported` (name → key) keeps the subusers that fire now, and with `whileKeyHolds` also
 * those reported under the key they still have; the others are re-armed. In manual mode (Fetch Test Event), when
 * none fires, the closest candidate.
 */
export function oncePerSubuser(candidates: Candidate[], state: IDataObject, manual: boolean, { whileKeyHolds = false } = {}): PollResult {
	const reported = (state.reported ?? {}) as Record<string, string>;
	const stillReported: Record<string, string> = {};
	const firing: IDataObject[] = [];
	let closest: Candidate | undefined;
	for (const candidate of candidates) {
		const { name, key, item, fires, rank } = candidate;
		const wasReported = reported[name] === key;
		if (fires && !wasReported) firing.push(item);
		if (fires || (whileKeyHolds && wasReported)) stillReported[name] = key;
		if (rank !== undefined && (!closest || rank > closest.rank!)) closest = candidate;
	}
	const items = manual && firing.length === 0 && closest ? [closest.item] : firing;
	return { items, state: { reported: stillReported } };
}
