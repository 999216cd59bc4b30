import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	filtersCollection,
	optionsCollection,
	returnAllFields,
	simplifyOption,
	timeoutOption,
	usernameFilter,
} from '../../../shared/descriptions';
import { filtersOf } from '../../../shared/filters';
import { limitOf } from '../../../shared/limits';
import { outputOptionsOf } from '../../../shared/options';
import { itemParameters } from '../../../shared/parameters';
import { listSubusers, simplifySubuser } from '../../../shared/subusers';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([usernameFilter]),
	optionsCollection([simplifyOption, timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['subuser'], operation: ['getAll'] } },
	properties,
);

/** One item per subuser: simplified, or the API's object as it came (never its `secret`). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const params = itemParameters.call(this, i);
	const limit = limitOf(params);
	const { username } = filtersOf(params);
	const options = outputOptionsOf(params);
	const subusers = await listSubusers.call(this, username === undefined ? {} : { username }, {
		timeout: options.timeout,
		itemIndex: i,
	}, limit);
	if (!options.simplify) return subusers;
	return subusers.map((subuser) => simplifySubuser(subuser, params.timeZone));
}
