/**
 * examples/weekly-traffic-chart-to-slack.json up to the step before QuickChart: its two GoProxies Stats nodes as
 * saved (expressions, Execute Once) run by n8n-core's WorkflowExecute against the sandbox (the harness's secrets
 * check included), then the JavaScript of
 * its Build Chart Data node on their output, as n8n's Code node hands it `$`, `$input` and Luxon's DateTime.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { DateTime } from 'luxon';
import type { IConnections, IDataObject, INode, IWorkflowSettings } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { CREDENTIAL, runWorkflow, workflowOf } from '../harness/n8n';
import { useSandbox } from '../harness/setup';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());

const example = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'examples', 'weekly-traffic-chart-to-slack.json'), 'utf8')) as {
	nodes: INode[];
	settings: IWorkflowSettings;
	connections: IConnections;
};
const node = (name: string) => example.nodes.find((each) => each.name === name)!;
const THIS_WEEK = 'Last 7 Days by Day';
const WEEK_BEFORE = 'The 7 Days Before by Day';
const BUILD = 'Build Chart Data';

/**
 * Runs the example from its trigger (Input Items stands in: one empty item, as a schedule gives) to the node before
 * Build Chart Data; the output of each node by name.
 */
async function runStatsSteps(): Promise<Record<string, IDataObject[]>> {
	const steps = [THIS_WEEK, WEEK_BEFORE].map((name) => ({ ...node(name), credentials: { goProxiesApi: CREDENTIAL } }));
	const trigger = { ...node('Schedule Trigger'), type: 'test.inputItems', typeVersion: 1, parameters: { items: '[{}]' } };
	const connections = { 'Schedule Trigger': example.connections['Schedule Trigger'], [THIS_WEEK]: example.connections[THIS_WEEK] };
	const workflow = workflowOf([trigger, ...steps], connections, example.settings);
	const { run, error } = await runWorkflow(workflow, { store: ctx.store, startNode: 'Schedule Trigger', outputNode: WEEK_BEFORE });
	expect(error).toBeUndefined();
	const outputOf = (name: string) => (run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	return { [THIS_WEEK]: outputOf(THIS_WEEK), [WEEK_BEFORE]: outputOf(WEEK_BEFORE) };
}

/** Build Chart Data's JavaScript, given what n8n's Code node gives it. */
function buildChartData(outputs: Record<string, IDataObject[]>): IDataObject[] {
	const asItems = (name: string) => outputs[name].map((json) => ({ json }));
	const code = node(BUILD).parameters.jsCode as string;
	const run = new Function('$', '$input', 'DateTime', code) as (...args: unknown[]) => Array<{ json: IDataObject }>;
	return run((name: string) => ({ all: () => asItems(name) }), { all: () => asItems(WEEK_BEFORE) }, DateTime).map((item) => item.json);
}

test('the nodes run in a chain, the Slack post after QuickChart after Build Chart Data', () => {
	const next = (name: string) => example.connections[name].main[0]!.map((target) => target.node);
	expect([next('Schedule Trigger'), next(THIS_WEEK), next(WEEK_BEFORE), next(BUILD), next('Traffic Chart')]).toEqual([
		[THIS_WEEK],
		[WEEK_BEFORE],
		[BUILD],
		['Traffic Chart'],
		['Post Chart to Slack'],
	]);
	expect(node(WEEK_BEFORE).executeOnce).toBe(true);
	expect(node('Traffic Chart').type).toBe('n8n-nodes-base.quickChart');
});

describe.each([
	{
		what: 'a Monday after a week with a clock change (29 March)',
		now: '2026-03-30T06:00:00Z', // Monday 30 March, 09:00 in Vilnius
		thisWeek: ['2026-03-24T00:00:00+02:00', '2026-03-30T23:59:59+03:00'],
		weekBefore: ['2026-03-17T00:00:00+02:00', '2026-03-23T23:59:59+02:00'],
		labels: ['Tue 24 Mar', 'Wed 25 Mar', 'Thu 26 Mar', 'Fri 27 Mar', 'Sat 28 Mar', 'Sun 29 Mar', 'Mon 30 Mar'],
	},
	{
		what: 'a Monday across a change of year',
		now: '2027-01-04T07:00:00Z', // Monday 4 January, 09:00 in Vilnius
		thisWeek: ['2026-12-29T00:00:00+02:00', '2027-01-04T23:59:59+02:00'],
		weekBefore: ['2026-12-22T00:00:00+02:00', '2026-12-28T23:59:59+02:00'],
		labels: ['Tue 29 Dec', 'Wed 30 Dec', 'Thu 31 Dec', 'Fri 1 Jan', 'Sat 2 Jan', 'Sun 3 Jan', 'Mon 4 Jan'],
	},
])('on $what', ({ now, thisWeek, weekBefore, labels }) => {
	test('asks for the last 7 days and, once, for the 7 days before, by day', async () => {
		freezeClockAt(now);
		await runStatsSteps();
		const asked = ctx.sandbox.queries.map((query) => query.query);
		expect(asked).toEqual([
			{ start_at: thisWeek[0], end_at: thisWeek[1], interval: 'day' },
			{ start_at: weekBefore[0], end_at: weekBefore[1], interval: 'day' },
		]);
	});

	test('Build Chart Data gives QuickChart one dataset per week, the days as labels, figures in GB', async () => {
		freezeClockAt(now);
		const outputs = await runStatsSteps();
		const gbOf = (range: string[]) => Math.round(ctx.sandbox.data.bytes(Date.parse(range[0]), Date.parse(range[1])) / 1e6) / 1000;
		const traffic = (name: string) => outputs[name].map((day) => day.traffic);
		expect(outputs[THIS_WEEK]).toHaveLength(7);
		expect(buildChartData(outputs)).toEqual([
			{ label: 'Last 7 days (GB)', labels, data: traffic(THIS_WEEK), total: gbOf(thisWeek), color: '#2563eb' },
			{ label: 'The 7 days before (GB)', labels, data: traffic(WEEK_BEFORE), total: gbOf(weekBefore), color: '#9ca3af' },
		]);
		expect(traffic(WEEK_BEFORE).every((gb) => typeof gb === 'number' && gb > 0)).toBe(true);
	});
});
