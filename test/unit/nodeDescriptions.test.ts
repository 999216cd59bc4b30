/**
 * What n8n's editor shows of the two nodes, and what saved workflows refer to: the node types, their
 * panels and labels, which parameters each event or operation shows, and the choices and bounds of the
 * fields, which must be exactly what the node accepts when it runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INodeParameters, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { GoProxiesStats } from '../../nodes/GoProxiesStats/GoProxiesStats.node';
import { GoProxiesTrigger } from '../../nodes/GoProxiesTrigger/GoProxiesTrigger.node';
import { MAX_CONCURRENCY } from '../../nodes/shared/limits';
import { triggerMaker } from '../harness/poll';
import { statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
const stats = new GoProxiesStats();
const trigger = new GoProxiesTrigger();
type Choice = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Every parameter of a description, the options of collections included, each with where it sits. */
function parametersOf(properties: INodeProperties[], path = ''): Array<{ path: string; property: INodeProperties }> {
	return properties.flatMap((property) => {
		const here = `${path}${property.name}`;
		const inner = (property.options ?? []).filter((option): option is INodeProperties => 'type' in option && 'displayName' in option);
		return [{ path: here, property }, ...parametersOf(inner, `${here}.`)];
	});
}

const top = (description: INodeTypeDescription, name: string) => description.properties.filter((property) => property.name === name);
/** The GoProxies Stats parameter `name` of one operation. */
const field = (resource: string, operation: string, name: string) =>
	stats.description.properties.find((p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation))!;
const valuesOf = (property: INodeProperties) => (property.options as INodePropertyOptions[]).map((option) => option.value);

describe('the node types saved workflows refer to', () => {
	test('GoProxies Stats: goProxiesStats version 1, a transform node with a tool variant, its credential required', () => {
		const { description } = stats;
		expect([description.name, description.displayName, description.version, description.defaults.name]).toEqual(['goProxiesStats', 'GoProxies Stats', 1, 'GoProxies Stats']);
		expect(description.group).toEqual(['transform']);
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'goProxiesApi', required: true }]);
		expect(Object.keys(stats.methods.loadOptions).sort()).toEqual(['getCountries', 'getSubusers']);
	});

	test('GoProxies Trigger: goProxiesTrigger version 1, a polling trigger with no input, its credential required, the same dropdowns', () => {
		const { description } = trigger;
		expect([description.name, description.displayName, description.version, description.defaults.name]).toEqual(['goProxiesTrigger', 'GoProxies Trigger', 1, 'GoProxies Trigger']);
		expect(description.group).toEqual(['trigger']);
		expect([description.polling, description.inputs, description.outputs]).toEqual([true, [], ['main']]);
		expect(description.credentials).toEqual([{ name: 'goProxiesApi', required: true }]);
		expect(trigger.methods.loadOptions).toBe(stats.methods.loadOptions);
	});

	test.each([
		['GoProxies Stats', stats.description],
		['GoProxies Trigger', trigger.description],
	])('%s: the subtitle shows the choice, light and dark icons exist', (_name, description) => {
		expect(description.subtitle).toMatch(/^=\{\{\$parameter\["(operation|event)"\]/);
		const icon = description.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(existsSync(resolve(__dirname, '..', '..', 'nodes', description.name === 'goProxiesStats' ? 'GoProxiesStats' : 'GoProxiesTrigger', file.replace(/^file:/, '')))).toBe(true);
		}
	});

	test.each([
		['GoProxies Stats', stats.description],
		['GoProxies Trigger', trigger.description],
	])('%s: the nodes panel shows a description under its name', (_name, description) => {
		expect(description.description.trim()).not.toBe('');
	});
});

describe.each([
	['GoProxies Stats', stats.description],
	['GoProxies Trigger', trigger.description],
])('%s: every field the editor shows', (_name, description) => {
	const parameters = parametersOf(description.properties);

	test('has a label, and a description wherever it gives one', () => {
		const unlabelled = parameters.filter(({ property }) => property.type !== 'notice' && !property.displayName).map(({ path }) => path);
		expect(unlabelled).toEqual([]);
		const empty = parameters.filter(({ property }) => 'description' in property && !property.description).map(({ path }) => path);
		expect(empty).toEqual([]);
	});

	test('lists choices that each have a name, a value and, where given, a description', () => {
		const choices = parameters.flatMap(({ path, property }) =>
				property.type === 'options' ? ((property.options ?? []) as Choice[]).map((option) => ({ path, option: option as INodePropertyOptions })) : [], // a dropdown filled by the API has none of its own
		);
		expect(choices.length).toBeGreaterThan(0);
		expect(choices.filter(({ option }) => !option.name || option.value === '' || ('description' in option && !option.description)).map(({ path }) => path)).toEqual([]);
	});
});

describe('which parameters the editor shows, and when', () => {
	test('the choices that pick what the rest shows cannot be expressions (Event; Resource and Operation)', () => {
		for (const property of [...top(trigger.description, 'event'), ...top(stats.description, 'resource'), ...top(stats.description, 'operation')]) {
			expect([property.name, property.noDataExpression]).toEqual([property.name, true]);
		}
	});

	test('the Trigger shows each parameter for its own event only', () => {
		const events = valuesOf(top(trigger.description, 'event')[0]);
		expect(events.sort()).toEqual(['newHistoryBucket', 'subuserLimitReached', 'subuserProjectedToReachLimit', 'trafficThresholdReached']);
		for (const property of trigger.description.properties.filter((p) => p.name !== 'event')) {
			const shownFor = property.displayOptions?.show?.event as string[] | undefined;
			expect([property.name, shownFor?.length]).toEqual([property.name, 1]);
		}
		const resourceOf = (name: string) => trigger.description.properties.filter((p) => p.name === name && p.displayOptions?.show?.event?.[0] === 'newHistoryBucket').map((p) => p.displayOptions?.show?.resource ?? 'any');
		// New History Bucket: Filters and Options differ between its two resources
		expect(resourceOf('filters')).toEqual([['traffic'], ['request']]);
		expect(resourceOf('options')).toEqual([['traffic'], ['request']]);
		expect(resourceOf('resource')).toEqual(['any']);
	});

	test('GoProxies Stats shows each parameter for its own resource and operation only', () => {
		for (const property of stats.description.properties.filter((p) => p.name !== 'resource')) {
			expect([property.name, property.displayOptions?.show?.resource?.length]).toEqual([property.name, 1]);
			if (property.name !== 'operation') expect([property.name, property.displayOptions?.show?.operation?.length]).toEqual([property.name, 1]);
		}
	});
});

describe('fields that appear with a choice, as n8n decides it', () => {
	/** Whether n8n's editor shows the parameter for those values. */
	const shown = (property: INodeProperties, values: object) => NodeHelpers.displayParameter(values as INodeParameters, property, { typeVersion: 1 }, stats.description);
	const inOptions = (resource: string, operation: string, name: string) => (field(resource, operation, 'options').options as INodeProperties[]).find((o) => o.name === name)!;

	test.each(['startAt', 'endAt'])('%s: shown, and required, only for a Custom period', (name) => {
		const property = field('traffic', 'get', name);
		expect(shown(property, { resource: 'traffic', operation: 'get', period: 'custom' })).toBe(true);
		for (const period of ['thisMonth', 'lastMonth', 'today']) expect(shown(property, { resource: 'traffic', operation: 'get', period })).toBe(false);
		expect(property.required).toBe(true);
	});

	test.each([
		['traffic', 'getByCountry'],
		['traffic', 'getBySubuser'],
		['subuser', 'getAll'],
	])('%s → %s: Return All on by default; Limit (at least 1) shown only once it is off', (resource, operation) => {
		const values = { resource, operation };
		expect(field(resource, operation, 'returnAll')).toMatchObject({ type: 'boolean', default: true });
		const limit = field(resource, operation, 'limit');
		expect(shown(limit, { ...values, returnAll: true })).toBe(false);
		expect(shown(limit, { ...values, returnAll: false })).toBe(true);
		expect(limit.typeOptions?.minValue).toBe(1);
	});

	test('the request filters Status and Status Not take the HTTP status codes the node accepts, 100 to 599', () => {
		const filters = field('request', 'getHistory', 'filters').options as INodeProperties[];
		for (const name of ['status', 'statusNot']) {
			expect(filters.find((f) => f.name === name)!.typeOptions).toEqual({ minValue: 100, maxValue: 599, numberPrecision: 0 });
		}
	});

	test.each([
		['traffic', 'getByCountry'],
		['traffic', 'getBySubuser'],
	])('%s → %s: Concurrency is a whole number from 1 to the most the node runs at once', (resource, operation) => {
		expect(inOptions(resource, operation, 'concurrency').typeOptions).toEqual({ minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 });
	});

	test.each([
		['traffic', 'getByCountry', 'countries'],
		['traffic', 'getBySubuser', 'subusers'],
	])('%s → %s: the description of Concurrency says what each call asks about, %s', (resource, operation, subject) => {
		expect(inOptions(resource, operation, 'concurrency').description).toMatch(new RegExp(`^How many ${subject} `));
	});
});

describe('the choices and bounds the editor offers are exactly what the node accepts', () => {
	const optionsOf = (event: string, name: string, resource?: string) =>
		trigger.description.properties.find(
			(p) => p.name === name && p.displayOptions?.show?.event?.[0] === event && (resource === undefined || p.displayOptions?.show?.resource?.[0] === resource),
		)!;
	const inCollection = (event: string, collection: string, resource: string, name: string) =>
		(optionsOf(event, collection, resource).options as INodeProperties[]).find((option) => option.name === name)!;
	const newTrigger = triggerMaker(ctx, '');

	test.each([
		['newHistoryBucket', 'interval', { resource: 'traffic' }, ['hour', 'day'], 'week'],
		['trafficThresholdReached', 'period', {}, ['thisMonth', 'today'], 'yesterday'],
	])('%s offers %s %j: %j, and refuses what it does not offer', async (event, name, more, offered, other) => {
		expect(valuesOf(optionsOf(event, name)).sort()).toEqual([...offered].sort());
		for (const value of offered) {
			const { error } = await newTrigger({ event, ...more, [name]: value, threshold: 1 }).poll('manual');
			expect(error?.message ?? '').not.toMatch(/^Unknown/);
		}
		const { error } = await newTrigger({ event, ...more, [name]: other, threshold: 1 }).poll('manual');
		expect(error?.message).toMatch(/^Unknown (Interval|Period)/);
		expect(statsCalls(ctx.sandbox)).toBeGreaterThan(0); // the offered values did reach the API
	});

	test('newHistoryBucket offers the resources traffic and request, each with its own filters', () => {
		expect(valuesOf(optionsOf('newHistoryBucket', 'resource')).sort()).toEqual(['request', 'traffic']);
		const names = (resource: string) => (optionsOf('newHistoryBucket', 'filters', resource).options as INodeProperties[]).map((option) => option.name).sort();
		expect(names('traffic')).toEqual(['country', 'username']);
		expect(names('request')).toEqual(['country', 'status', 'statusNot', 'username']);
	});

	test('number fields: the bounds the editor enforces are the ones the node checks', () => {
		expect(optionsOf('subuserLimitReached', 'threshold').typeOptions).toEqual({ minValue: 1, maxValue: 1000 });
		expect(optionsOf('trafficThresholdReached', 'threshold').typeOptions).toEqual({ minValue: 0 });
		expect(inCollection('newHistoryBucket', 'options', 'traffic', 'delayMinutes').typeOptions).toEqual({ minValue: 0, numberPrecision: 0 });
		expect(inCollection('newHistoryBucket', 'options', 'request', 'delayMinutes').typeOptions).toEqual({ minValue: 0, numberPrecision: 0 });
		const filters = field('subuser', 'getAll', 'filters');
		expect((filters.options as INodeProperties[]).find((option) => option.name === 'minUsedShare')!.typeOptions).toEqual({ minValue: 0, maxValue: 1000 });
	});

	test('Projected to Reach Its Limit Within (Days): 0 to 366 with decimals, as the node checks it; 3 once added', () => {
		const filters = field('subuser', 'getAll', 'filters').options as INodeProperties[];
		const days = filters.find((option) => option.name === 'projectedWithinDays')!;
		expect([days.displayName, days.type, days.typeOptions, days.default]).toEqual(['Projected to Reach Its Limit Within (Days)', 'number', { minValue: 0, maxValue: 366 }, 3]);
	});

	test.each(['get', 'getByCountry', 'getBySubuser'])('traffic → %s offers Compare With: none, the default, or previousPeriod', (operation) => {
		const option = (field('traffic', operation, 'options').options as INodeProperties[]).find((o) => o.name === 'compareWith')!;
		expect([option.displayName, option.type, valuesOf(option), option.default]).toEqual(['Compare With', 'options', ['none', 'previousPeriod'], 'none']);
		const history = (field('traffic', 'getHistory', 'options').options as INodeProperties[]).map((o) => o.name);
		expect(history).not.toContain('compareWith');
	});

	test('subuserProjectedToReachLimit: Within (Days) 0 to 366 with decimals, 3 by default, and the Subuser filter', () => {
		const days = optionsOf('subuserProjectedToReachLimit', 'withinDays');
		expect([days.displayName, days.type, days.typeOptions, days.default]).toEqual(['Within (Days)', 'number', { minValue: 0, maxValue: 366 }, 3]);
		const filters = optionsOf('subuserProjectedToReachLimit', 'filters').options as INodeProperties[];
		expect(filters.map((option) => option.name)).toEqual(['username']);
	});

	test('Start At opens empty, for the moment a user picks', () => {
		expect(inCollection('newHistoryBucket', 'options', 'traffic', 'startAt')).toMatchObject({ type: 'dateTime', default: '' });
		expect(inCollection('newHistoryBucket', 'options', 'request', 'startAt')).toMatchObject({ type: 'dateTime', default: '' });
	});
});
