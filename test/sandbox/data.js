'use strict';
// The sandbox's deterministic usage data. Usage is recorded once an hour, at the top of each UTC hour:
// bytes(H, country, user) = base(H) x countryWeight x userWeight, so any range's total has a closed form
// that tests can compute without asking the API.

const HOUR = 3_600_000;

const USERS = ['alice', 'bob', 'john doe', 'a&b?c#d/e', 'žygimantas', '用户'];
const userWeight = (index) => (index % 5) + 1;
/** The subusers of an account with `count` of them: the six above, then subuser-00007, … */
const usersOf = (count) =>
	Array.from({ length: count }, (_, index) => USERS[index] ?? `subuser-${String(index + 1).padStart(5, '0')}`);

// Subuser settings. Limits in GB (0: no limit). Usage is what the statistics endpoints give for the same
// subuser since the start of its limit period, so it starts near 0 in every period: žygimantas's limit of
// 1 MB puts it over 1000% of its limit from the first hour of every period (at any moment some subuser is
// over any threshold), a&b?c#d/e (50 GB) and alice (100 GB) cross 80% some days into a calendar month,
// john doe and 用户 never do, and bob has no limit.
const LIMIT_GB = { alice: 100, bob: 0, 'john doe': 2000, 'a&b?c#d/e': 50, žygimantas: 0.001, 用户: 300 };
const limitOf = (username, index) => LIMIT_GB[username] ?? (((index * 37) % 20) + 1) * 25;
const PERIOD_SECONDS = 30 * 24 * 3600;
const PERIOD_MS = PERIOD_SECONDS * 1000;

/** The start of the UTC hour holding `ms`. */
const hourStart = (ms) => Math.floor(ms / HOUR) * HOUR;

const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Every assigned ISO 3166-1 alpha-2 code that has an English name, US first. */
const ALL_COUNTRIES = (() => {
	const codes = [];
	for (let a = 65; a <= 90; a++) {
		for (let b = 65; b <= 90; b++) {
			const code = String.fromCharCode(a, b);
			const name = displayNames.of(code);
			if (name && name !== code && !/^(EU|EZ|UN|QO|XA|XB|ZZ|AA|QM|XK)$/.test(code)) codes.push(code);
		}
	}
	const preferred = ['US', 'DE', 'LT', 'GB', 'FR', 'JP', 'BR', 'IN'];
	return [...preferred, ...codes.filter((code) => !preferred.includes(code))];
})();
const countryWeight = (index) => (index % 9) + 1;

const base = (hour) => ((hour * 7919) % 9973) + 1000; // 1,000 .. 10,972
const requestBase = (hour) => ((hour * 104729) % 97) + 3; // 3 .. 99
const STATUS_SHARE = { 200: 8, 407: 1, 502: 1 }; // requests per unit, by HTTP status

/** The weight of `only`, or of all the names; `indexOf` finds a name's place in the full list. */
function weightSum(names, indexOf, weight, only) {
	if (only === undefined) return names.reduce((sum, _name, index) => sum + weight(index), 0);
	const index = indexOf(only);
	return index === undefined || index < 0 || index >= names.length ? 0 : weight(index);
}

/** Hours (since the epoch) of the usage samples inside [startMs, endMs], both inclusive. */
function sampleHours(startMs, endMs) {
	const first = Math.ceil(startMs / HOUR);
	const last = Math.floor(endMs / HOUR);
	return { first, last };
}

/**
 * `periodsFrom` (ms): every subuser's limit periods start then and follow each other every PERIOD_SECONDS,
 * as for subusers all created at that moment; without it, each period is the current UTC month.
 */
function makeData({ usedCountries = 8, subusers = USERS.length, periodsFrom } = {}) {
	const countries = ALL_COUNTRIES.slice(0, usedCountries);
	const users = usersOf(subusers);
	const userIndex = new Map(users.map((username, index) => [username, index]));
	const weights = (filter) =>
		weightSum(countries, (code) => ALL_COUNTRIES.indexOf(code), countryWeight, filter.country) *
		weightSum(users, (username) => userIndex.get(username), userWeight, filter.username);

	function bytes(startMs, endMs, filter = {}) {
		const { first, last } = sampleHours(startMs, endMs);
		const w = weights(filter);
		let sum = 0;
		for (let hour = first; hour <= last; hour++) sum += base(hour);
		return sum * 1000 * w;
	}

	/** { amount: requests, count: usage samples } in the range, for the status filters. */
	function requests(startMs, endMs, filter = {}) {
		const { first, last } = sampleHours(startMs, endMs);
		const w = weights(filter);
		const total = Object.values(STATUS_SHARE).reduce((a, b) => a + b, 0);
		let share = total;
		if (filter.status !== undefined) share = STATUS_SHARE[filter.status] ?? 0;
		if (filter.status_not !== undefined) share -= STATUS_SHARE[filter.status_not] ?? 0;
		if (filter.status !== undefined && filter.status_not !== undefined && filter.status === filter.status_not) share = 0;
		let amount = 0;
		for (let hour = first; hour <= last; hour++) amount += requestBase(hour) * share * w;
		return { amount, count: Math.max(0, last - first + 1) };
	}

	/** Start of the limit period of every subuser at that moment. */
	function periodStart(nowMs) {
		if (periodsFrom !== undefined) return periodsFrom + Math.floor((nowMs - periodsFrom) / PERIOD_MS) * PERIOD_MS;
		const now = new Date(nowMs);
		return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
	}

	/** The subuser list at that moment, as the API gives it; `changes` overrides fields per username. */
	function subuserList(nowMs, changes = {}) {
		const startMs = periodStart(nowMs);
		const all = bytes(startMs, nowMs); // each subuser's usage is its share of the weights of this
		const allWeights = weights({});
		return users.map((username, index) => {
			const subuser = {
				username,
				enabled: index % 7 !== 3,
				traffic_limit_amount: limitOf(username, index),
				traffic_limit_unit: 'GB',
				period_seconds: PERIOD_SECONDS,
				period_started_at: new Date(startMs).toISOString().slice(0, 19) + 'Z',
				recurring: index % 4 !== 2,
				traffic_used: (all / allWeights) * weights({ username }) / 1e9,
			};
			return { ...subuser, ...changes[username] };
		});
	}

	return { countries, users, hasUser: (username) => userIndex.has(username), bytes, requests, periodStart, subuserList };
}

/** The usernames of the subusers with a limit whose usage is at least `percent` % of it. */
const atOrAbove = (subusers, percent) =>
	subusers
		.filter((subuser) => subuser.traffic_limit_amount > 0 && (subuser.traffic_used / subuser.traffic_limit_amount) * 100 >= percent)
		.map((subuser) => subuser.username);

module.exports = { makeData, atOrAbove, hourStart, ALL_COUNTRIES, USERS, HOUR };
