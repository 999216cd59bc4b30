import type { IDataObject } from 'n8n-workflow';

import type { DateRange } from '../../../shared/period';
import type { Unit } from '../../../shared/units';
import { shareOf, trafficIn } from '../../../shared/units';

/** What Compare With → Previous Period adds to an item: the period before, its traffic, and the change since. */
export function comparisonOf(bytes: number, previousBytes: number, previous: DateRange, unit: Unit): IDataObject {
	return {
		previous_start_at: previous.start_at,
		previous_end_at: previous.end_at,
		previous_bytes: previousBytes,
		previous_traffic: trafficIn(previousBytes, unit),
		change: previousBytes === 0 ? null : shareOf(bytes - previousBytes, previousBytes),
	};
}
