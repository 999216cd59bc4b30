/**
 * Maps the list with at most `limit` calls under way at once, keeping the order of the results.
 * The first failure rejects the whole map and no further call is started.
 */
export async function mapWithConcurrency<T, R>(list: T[], limit: number, call: (entry: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(list.length);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < list.length && !failed) {
			const index = next++;
			const result = call(list[index]);
			// Stops the other workers; the rejection itself still reaches Promise.all through the await.
			result.catch(() => (failed = true));
			results[index] = await result;
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
	return results;
}
