/**
 * Polls the GoProxies Trigger the way n8n does: n8n-core's `PollContext` over a real `Workflow` holding the
 * trigger, the same credential store as the Stats harness, mode 'trigger' (active workflow) or 'manual'
 * (Fetch Test Event), one poll context per activation handed to every poll as n8n 2.40 does (a new one
 * for each Fetch Test Event). Static data lives in the Workflow between polls, as in a running n8n, and is
 * saved only after a poll that returned items and after the poll n8n runs when it activates the
 * workflow, as n8n saves it; `restart()` loads what was saved and activates again, as n8n does when it starts.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { GoProxiesTrigger } from '../../nodes/GoProxiesTrigger/GoProxiesTrigger.node';
import type { Sandbox } from '../sandbox/server';
import type { CredentialStore } from './n8n';
import { additionalDataFor, CREDENTIAL, leakedSecrets } from './n8n';

export const TRIGGER_NAME = 'GoProxies Trigger';
const nodeType = new GoProxiesTrigger();
const nodeTypes = {
	getByName: () => nodeType as INodeType,
	getByNameAndVersion: () => nodeType as INodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export interface PollOutcome {
	/** The JSON of the items the poll returned; null when it returned null (nothing to emit). */
	items: IDataObject[] | null;
	error?: Error;
}

export class PolledTrigger {
	/** The static data as n8n last saved it (JSON), loaded again by `restart()`. */
	persisted = '{}';

	workflow: Workflow;

	constructor(
		private readonly options: { parameters: IDataObject; store: CredentialStore; timezone?: string; secrets?: string[] },
	) {
		this.workflow = this.build({});
	}

	private build(staticData: IDataObject): Workflow {
		const node: INode = {
			id: 'trigger',
			name: TRIGGER_NAME,
			type: 'n8n-nodes-goproxies.goProxiesTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: this.options.parameters as INode['parameters'],
			credentials: { goProxiesApi: CREDENTIAL },
		};
		return new Workflow({
			id: 'wf-trigger',
			name: 'GoProxies trigger test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			settings: { timezone: this.options.timezone ?? 'UTC', executionOrder: 'v1' },
			staticData,
		});
	}

	/** This node's static data as it is now in memory (a plain copy). */
	get state(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData[`node:${TRIGGER_NAME}`] ?? {}));
	}

	/** The poll context of the active workflow: n8n 2.40 makes one per activation and hands it to every poll. */
	private activeContext?: PollContext;

	/** A context for a poll: the activation's one, or a new one for each Fetch Test Event, as n8n does. */
	private contextFor(mode: 'trigger' | 'manual'): PollContext {
		const make = () => new PollContext(this.workflow, this.workflow.getNode(TRIGGER_NAME)!, additionalDataFor(this.workflow, this.options.store), mode, mode === 'manual' ? 'manual' : 'activate');
		if (mode === 'manual') return make();
		this.activeContext ??= make();
		return this.activeContext;
	}

	/** One poll; in 'trigger' mode the static data is saved when it returned items, as n8n does. */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
		const context = this.contextFor(mode);
		let result: INodeExecutionData[][] | null;
		try {
			result = await nodeType.poll.call(context);
		} catch (error) {
			this.checkSecrets([String((error as Error).message), String((error as { description?: unknown }).description ?? ''), JSON.stringify(error)]);
			return { items: null, error: error as Error };
		}
		const items = result === null ? null : result[0].map((item) => item.json);
		this.checkSecrets([JSON.stringify(items)]);
		if (mode === 'trigger' && items !== null) this.persisted = this.serialized();
		return { items };
	}

	/** n8n activating the workflow: one poll, then the static data saved whatever the poll returned. */
	async activate(): Promise<PollOutcome> {
		const outcome = await this.poll('trigger');
		if (!outcome.error) this.persisted = this.serialized();
		return outcome;
	}

	/** n8n stopped and started again: the static data is what it last saved, and the workflow is activated. */
	async restart(): Promise<PollOutcome> {
		this.workflow = this.build(JSON.parse(this.persisted));
		this.activeContext = undefined;
		return await this.activate();
	}

	private serialized(): string {
		const { __dataChanged, ...data } = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		return JSON.stringify(data);
	}

	private checkSecrets(texts: string[]) {
		const { store } = this.options;
		const leaks = leakedSecrets(texts, [String(store.data.password ?? ''), ...store.tokens, ...(this.options.secrets ?? [])]);
		if (leaks.length > 0) throw new Error(`A secret was shown by a poll: ${leaks.length} secret(s) leaked`);
	}
}

/** A maker of triggers of one event, on the sandbox and credential of `useSandbox()`. */
export function triggerMaker(ctx: { sandbox: Sandbox; store: CredentialStore }, event: string) {
	return (parameters: IDataObject = {}, timezone = 'UTC') =>
		new PolledTrigger({ parameters: { event, ...parameters }, store: ctx.store, timezone, secrets: ctx.sandbox.secrets });
}

/** Sets the (fake) clock, then polls, or restarts n8n; returns the items ([] for none) and throws a poll's error. */
export async function pollAt(polled: PolledTrigger, iso: string, how: 'poll' | 'restart' = 'poll'): Promise<IDataObject[]> {
	jest.setSystemTime(new Date(iso));
	const { items, error } = how === 'poll' ? await polled.poll() : await polled.restart();
	if (error) throw error;
	return items ?? [];
}
