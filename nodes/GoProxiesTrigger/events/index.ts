import type { TriggerEvent } from './event';
import * as newHistoryBucket from './newHistoryBucket';
import * as subuserLimitReached from './subuserLimitReached';
import * as subuserProjectedToReachLimit from './subuserProjectedToReachLimit';
import * as trafficThresholdReached from './trafficThresholdReached';

export const EVENTS: Record<string, TriggerEvent> = {
	subuserLimitReached,
	subuserProjectedToReachLimit,
	trafficThresholdReached,
	newHistoryBucket,
};
